"""Vietnamese text helpers: NFC storage and folding for search."""

import unicodedata

from django.db import models


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", value)


def has_control_characters(text: str) -> bool:
    """NUL and other control characters (tabs and line breaks are fine):
    PostgreSQL refuses NUL and spreadsheets cannot hold the others."""
    return any(ord(ch) < 32 and ch not in "\n\r\t" for ch in text) or "\x7f" in text


def fold(value: str) -> str:
    """Fold for search and duplicate detection: case, tone marks and their
    placement (Hoà/Hòa, Thuỷ/Thủy) and đ all compare equal."""
    decomposed = unicodedata.normalize("NFD", value.casefold())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.replace("đ", "d")


class NFCModel(models.Model):
    """Stores every text field in NFC, whatever the browser or spreadsheet sent."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        for field in self._meta.concrete_fields:
            if isinstance(field, (models.CharField, models.TextField)):
                value = getattr(self, field.attname)
                if isinstance(value, str):
                    setattr(self, field.attname, nfc(value))
        super().save(*args, **kwargs)
