"""Form fields for Vietnamese input: integers grouped with dots (2.000.000),
money with or without "đồng"."""

import re

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from kit.text import has_control_characters, nfc

_GROUPED = re.compile(r"\d{1,3}(?:\.\d{3})+|\d+")
_MONEY_SUFFIX = re.compile(r"\s*(?:đồng|đ|vnđ|vnd)\.?$")


class GroupedNumberInput(forms.TextInput):
    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, int):
            return number_format(value, force_grouping=True)
        return super().format_value(value)


class GroupedIntegerField(forms.IntegerField):
    """A whole number typed as 2000000 or 2.000.000 ("." groups thousands)."""

    widget = GroupedNumberInput
    default_error_messages = {
        "invalid": _("Enter a whole number, e.g. 1.500 (no decimals, no minus sign)."),
    }
    suffix_pattern: re.Pattern | None = None

    def __init__(self, *, max_value=None, min_value=0, **kwargs):
        super().__init__(max_value=None, min_value=None, **kwargs)
        if min_value is not None:
            self.validators.append(MinValueValidator(min_value))
        if max_value is not None:
            self.validators.append(MaxValueValidator(max_value))

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, int):
            return value
        text = nfc(str(value)).strip().lower().replace("\u00a0", " ")
        if self.suffix_pattern is not None:
            text = self.suffix_pattern.sub("", text)
        text = text.replace(" ", "")
        if not _GROUPED.fullmatch(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return int(text.replace(".", ""))


class MoneyField(GroupedIntegerField):
    """An amount in whole đồng: 2.000.000, 2000000 or 2.000.000 đồng."""

    suffix_pattern = _MONEY_SUFFIX
    default_error_messages = {
        "invalid": _("Enter an amount in đồng, e.g. 2.000.000 (whole đồng, no minus sign)."),
    }


# -- ids from the outside world ---------------------------------------------------
# A number beyond the database's integer range in a form, a query string or a
# URL must be an invalid choice or a 404, not an overflow inside the driver.
ID_MAX = 2**63 - 1


def reject_control_characters(text: str) -> str:
    if has_control_characters(text):
        raise forms.ValidationError(_("The text contains control characters."))
    return text


def clean_text(value, limit: int) -> str:
    """A text a service stores: stripped, refused with a control character,
    cut to `limit` characters."""
    return reject_control_characters((value or "").strip())[:limit]


def refuse_control_characters(form: forms.Form, cleaned: dict, names) -> None:
    """In a form's clean(): each named text field holding a control
    character gets the error instead of being saved."""
    for name in names:
        if cleaned.get(name):
            try:
                cleaned[name] = reject_control_characters(cleaned[name])
            except forms.ValidationError as error:
                form.add_error(name, error)


def parse_id(value) -> int | None:
    text = str(value).strip()
    if not text.isdigit() or len(text) > 18:
        return None
    return int(text)


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy, and an error that says so (Django's
    "Nhập một ngày hợp lệ." does not say how)."""

    default_error_messages = {"invalid": _("Enter the date as dd/mm/yyyy, for example 05/02/2023.")}

    def __init__(self, *args, **kwargs):
        from kit.widgets import DateInput

        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)


class TimeField(forms.TimeField):
    default_error_messages = {"invalid": _("Enter the time as hh:mm, for example 08:00.")}


def parse_date(value):
    """A date as the forms read it (dd/mm/yyyy first, ISO too), None if it is not one."""
    text = str(value or "").strip()[:10]
    if not text:
        return None
    try:
        return forms.DateField().clean(text)
    except ValidationError:
        return None


def _in_range(value) -> bool:
    text = str(value).strip().lstrip("-")
    return not (text.isdigit() and len(text) > 18)


def _refuse_out_of_range(field, value) -> None:
    if value not in field.empty_values and not _in_range(value):
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(value)[:20]}
        )


EMPTY_CHOICE = _("— choose —")


class ModelChoiceField(forms.ModelChoiceField):
    """Refuses an id beyond the database's range as an invalid choice,
    before any query is made (PostgreSQL would fail on it). The empty
    choice reads "— chọn —", not Django's "---------"."""

    def __init__(self, *args, **kwargs):
        if kwargs.get("empty_label", "---------") == "---------":
            kwargs["empty_label"] = EMPTY_CHOICE
        super().__init__(*args, **kwargs)

    def to_python(self, value):
        _refuse_out_of_range(self, value)
        return super().to_python(value)


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            _refuse_out_of_range(self, item)
        return super()._check_values(value)


def model_formfield(db_field, **kwargs):
    """The form field of a model field, with the guarded relation fields."""
    if isinstance(db_field, models.ManyToManyField):
        kwargs.setdefault("form_class", ModelMultipleChoiceField)
    elif type(db_field) is models.DateField:
        kwargs.setdefault("form_class", DateField)
    elif isinstance(db_field, models.ForeignKey):
        kwargs.setdefault("form_class", ModelChoiceField)
    return db_field.formfield(**kwargs)


class _GuardedModelFormMetaclass(forms.models.ModelFormMetaclass):
    """A form's own Meta does not inherit the base Meta's callback: give
    every Meta the guarded relation fields unless it names its own."""

    def __new__(mcs, name, bases, attrs):
        meta = attrs.get("Meta")
        if meta is not None and not hasattr(meta, "formfield_callback"):
            meta.formfield_callback = staticmethod(model_formfield)
        return super().__new__(mcs, name, bases, attrs)


class ModelForm(forms.ModelForm, metaclass=_GuardedModelFormMetaclass):
    """The project's model forms: relations use the guarded fields (and
    their "— chọn —" empty choice); every label starts with a capital, also
    those a form sets itself from a lower-case model name ("Chỉ số", not "chỉ số")."""

    class Meta:
        formfield_callback = model_formfield

    def __getitem__(self, name):
        # When the field is first shown, so also labels a form sets after __init__.
        field = self.fields.get(name)
        if field is not None and field.label:
            field.label = capfirst(field.label)
        return super().__getitem__(name)


class GuardedIdsAdmin:
    """Mixed into every ModelAdmin and inline: the admin's relation fields
    are the guarded ones too."""

    formfield_overrides = {
        models.ForeignKey: {"form_class": ModelChoiceField},
        models.OneToOneField: {"form_class": ModelChoiceField},
        models.ManyToManyField: {"form_class": ModelMultipleChoiceField},
    }


class IdConverter:
    """<id:pk> in URLs: up to 18 digits, so any id fits the database."""

    regex = "[0-9]{1,18}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)
