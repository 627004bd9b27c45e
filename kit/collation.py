"""Vietnamese order for names, in Python and in the database.

Vietnamese dictionaries order letters a ă â b c d đ e ê g h i k l m n o ô ơ
p q r s t u ư v x y (f, j, w, z of foreign words at their Latin places) and,
between words spelled alike, tones: ngang, huyền, hỏi, ngã, sắc, nặng. Code
point order gets both wrong ("Đảng ủy" after "Tỉnh đoàn"). PostgreSQL sorts
with ICU's `vi-x-icu` collation; SQLite gets a `vi` collation built on the
same key as Python, registered on every connection.
"""

import unicodedata
from functools import lru_cache

from django.db import connection
from django.db.models import F, Func
from django.db.models.functions import Collate

ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER = {letter: i for i, letter in enumerate(ALPHABET)}
# Tone marks as combining characters, in dictionary order after ngang (0).
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
POSTGRESQL_COLLATION = "vi-x-icu"
SQLITE_COLLATION = "vi"


@lru_cache(maxsize=4096)
def _char_weights(char: str) -> tuple[tuple[int, int], int, int]:
    """(primary, tone, case) of one character."""
    decomposed = unicodedata.normalize("NFD", char)
    tone = 0
    kept = []
    for c in decomposed:
        if c in _TONES:
            tone = _TONES[c]
        else:
            kept.append(c)
    base = unicodedata.normalize("NFC", "".join(kept))
    lower = base.lower()
    case = 0 if base == lower else 1
    if lower in _LETTER:
        return (3, _LETTER[lower]), tone, case
    if lower.isdigit():
        return (2, int(lower) if lower.isascii() else ord(lower)), tone, case
    if lower.isspace():
        return (0, 0), tone, case
    if not lower.isalnum():
        return (1, ord(lower)), tone, case
    return (4, ord(lower)), tone, case


@lru_cache(maxsize=65536)
def vi_key(text: str) -> tuple:
    """Sort key in Vietnamese order: letters first, then tones, then case."""
    # Cached: the same unit and locality names are sorted on every summary.
    weights = [_char_weights(c) for c in unicodedata.normalize("NFC", text or "")]
    return (
        tuple(w[0] for w in weights),
        tuple(w[1] for w in weights),
        tuple(w[2] for w in weights),
    )


def vi_sorted(items, key=lambda item: item):
    return sorted(items, key=lambda item: vi_key(key(item)))


def _compare(a: str, b: str) -> int:
    ka, kb = vi_key(a), vi_key(b)
    return (ka > kb) - (ka < kb)


def register_sqlite_collation(sender, connection, **kwargs) -> None:
    """connection_created receiver: SQLite learns the `vi` collation."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(SQLITE_COLLATION, _compare)


def vi(field: str) -> Func:
    """An ORDER BY expression for a text field in Vietnamese order."""
    name = POSTGRESQL_COLLATION if connection.vendor == "postgresql" else SQLITE_COLLATION
    return Collate(F(field), name)


def tree_sorted(items, *, path, name, order=None):
    """Items of a tree (materialized paths "12/40/41/") in tree order, the
    children of each node in Vietnamese order of their names (after their
    configured `order`, when given)."""
    items = list(items)
    weights = {}
    for item in items:
        node_id = path(item).strip("/").split("/")[-1]
        weights[node_id] = (order(item) if order else 0, vi_key(name(item)), node_id)

    def key(item):
        return [weights.get(part, (0, vi_key(""), part)) for part in path(item).strip("/").split("/")]

    return sorted(items, key=key)
