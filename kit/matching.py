"""Ranking names against what a user typed into a picker.

Typed text and names are folded (case, tone marks, đ); the abbreviations
offices write every day (CHQS, BCH, UBND, MTTQ, CCB …) stand for their words
on either side, so "CHQS" finds "Ban Chỉ huy Quân sự …" and "chi huy quan
su" finds "Bộ CHQS tỉnh". A name ranks higher the more of it the text
matches at the start of words: "na may" puts Nà Mây before Pắc Nậm (where
"na" is only inside "nậm"), and the whole text at the start of the name
comes first of all."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from kit.text import fold

# Folded abbreviation → folded words. Keys are single words as typed.
ABBREVIATIONS = {
    "bch": "ban chi huy",
    "bchqs": "ban chi huy quan su",
    "chqs": "chi huy quan su",
    "chpt": "chi huy phong thu",
    "chptkv": "chi huy phong thu khu vuc",
    "qs": "quan su",
    "bdbp": "bo doi bien phong",
    "bp": "bien phong",
    "ubnd": "uy ban nhan dan",
    "hdnd": "hoi dong nhan dan",
    "mttq": "mat tran to quoc",
    "ubmttq": "uy ban mat tran to quoc",
    "ccb": "cuu chien binh",
    "hccb": "hoi cuu chien binh",
    "hnd": "hoi nong dan",
    "lhpn": "lien hiep phu nu",
    "hlhpn": "hoi lien hiep phu nu",
    "ldld": "lien doan lao dong",
    "tncs": "thanh nien cong san",
    "dtn": "doan thanh nien",
    "tg": "tuyen giao",
    "dv": "dan van",
    "tgdv": "tuyen giao dan van",
    "bdv": "ban dan van",
    "ldtbxh": "lao dong thuong binh xa hoi",
    "tp": "thanh pho",
    "tx": "thi xa",
}

_WORD = re.compile(r"\w+")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def _expanded(tokens: list[str]) -> str:
    return " ".join(ABBREVIATIONS.get(t, t) for t in tokens)


@dataclass(frozen=True)
class Query:
    """What was typed, folded once for all the names it is matched against."""

    tokens: tuple[str, ...]
    phrases: tuple[str, ...]  # the whole text, as typed and with abbreviations spelled out

    @classmethod
    def of(cls, text: str) -> "Query":
        tokens = words(text)
        phrases = {" ".join(tokens), _expanded(tokens)} if tokens else set()
        return cls(tuple(tokens), tuple(sorted(p for p in phrases if p)))


def score(query: Query, *texts: str) -> int | None:
    """How well the name (given as one or more texts: name, short name) matches;
    None when some typed word is not in it. An empty query matches everything
    equally (0)."""
    if not query.tokens:
        return 0
    forms = []
    for text in texts:
        if text:
            tokens = words(text)
            forms.append(" " + " ".join(tokens))
            forms.append(" " + _expanded(tokens))
    best = None
    for form in forms:
        total = 0
        for token in query.tokens:
            alternatives = (token, ABBREVIATIONS[token]) if token in ABBREVIATIONS else (token,)
            if any(" " + alt in form for alt in alternatives):
                total += 10  # at the start of a word
            elif any(alt in form for alt in alternatives):
                total += 3  # inside a word
            else:
                total = None
                break
        if total is None:
            continue
        for phrase in query.phrases:
            if form == " " + phrase:
                total += 300
            elif form.startswith(" " + phrase):
                total += 200
            elif " " + phrase in form:
                total += 100
        best = total if best is None else max(best, total)
    return best


def ranked(items: Iterable, q: str, texts: Callable[[object], tuple[str, ...]], limit: int) -> list:
    """The items matching `q`, best first; equally good ones keep their order."""
    query = Query.of(q)
    scored = []
    for index, item in enumerate(items):
        value = score(query, *texts(item))
        if value is not None:
            scored.append((-value, index, item))
    scored.sort(key=lambda entry: entry[:2])
    return [item for _, _, item in scored[:limit]]
