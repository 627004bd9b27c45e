"""Vietnamese text helpers: NFC storage and folding for search."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


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

    def clean_fields(self, exclude=None):
        """One-line fields (names, titles, places) hold one line: a line
        break there is refused, wherever the text comes from, since it would
        print as a broken title or header."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        for field in self._meta.concrete_fields:
            if exclude and field.name in exclude:
                continue
            if (
                type(field) in (models.CharField, models.SlugField)
                or isinstance(field, models.CharField)
                and not field.choices
            ):
                value = getattr(self, field.attname)
                if isinstance(value, str) and ("\n" in value or "\r" in value):
                    errors.setdefault(field.name, []).append(
                        ValidationError(_("This field holds one line: remove the line breaks."), code="line_break")
                    )
        if errors:
            raise ValidationError(errors)


def with_unit(label, unit) -> str:
    """ "Suất quà (suất)", but "Buổi" rather than "Buổi (buổi)" when the
    label already is the unit."""
    label, unit = str(label), str(unit)
    if not unit or label.casefold() == unit.casefold():
        return label
    return f"{label} ({unit})"
