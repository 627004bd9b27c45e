"""Spreadsheets uploaded for an import preview, kept until the secretary
confirms (or abandons) the import. Stored through Django's storage API, so
they live wherever MEDIA does (a shared folder, S3-compatible storage)."""

import datetime as dt
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

FOLDER = "imports"
KEEP = dt.timedelta(days=1)


def _name(token: str) -> str:
    return f"{FOLDER}/{token}.xlsx"


def pending_save(data: bytes) -> str:
    """Keeps the file and returns the token that names it."""
    token = uuid.uuid4().hex
    default_storage.save(_name(token), ContentFile(data))
    return token


def pending_read(token: str) -> bytes | None:
    if not default_storage.exists(_name(token)):
        return None
    with default_storage.open(_name(token), "rb") as handle:
        return handle.read()


def pending_delete(token: str) -> None:
    default_storage.delete(_name(token))


def pending_sweep(*, now: dt.datetime) -> int:
    """Removes files whose preview was never confirmed; returns how many."""
    try:
        _folders, files = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        if name.endswith(".xlsx") and default_storage.get_modified_time(f"{FOLDER}/{name}") < now - KEEP:
            default_storage.delete(f"{FOLDER}/{name}")
            removed += 1
    return removed
