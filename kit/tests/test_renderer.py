"""The form renderer writes the commonest widgets in Python (issue 18): the
markup must be byte for byte what Django's own templates give, for every
widget, value, attribute and choice a form of ours can carry."""

import datetime as dt

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates

from activities.forms import ActivityForm
from coordination.permissions import get_access
from kit.renderer import Renderer
from kit.widgets import DateInput

CHOICES = [("", "---------"), ("draft", "Nháp <b>"), ("sent", 'Đã gửi "x" & y')]
GROUPED = [("Nhóm 1", [(1, "Một"), (2, "Hai")]), ("Nhóm & 2", [(3, "Ba")]), (4, "Bốn")]


class Everything(forms.Form):
    text = forms.CharField(max_length=20, help_text="gợi ý")
    optional = forms.CharField(required=False)
    number = forms.IntegerField(min_value=0)
    money = forms.DecimalField(required=False)
    email = forms.EmailField(required=False)
    link = forms.URLField(required=False, assume_scheme="https")
    secret = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    day = forms.DateField(widget=DateInput, required=False)
    native_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    when = forms.DateTimeField(required=False)
    flag = forms.BooleanField(required=False)
    note = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    status = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    search = forms.CharField(widget=forms.TextInput(attrs={"type": "search", "data-x": 'a"<b>', "autofocus": True}))
    nulls = forms.NullBooleanField(required=False)


VALUES = [
    {},
    {
        "text": 'Nhà "đại đoàn kết" <tặng>',
        "number": "12",
        "money": "2500000",
        "email": "a@b.vn",
        "secret": "p&w",
        "hidden": "7",
        "day": "03/12/2026",
        "native_day": "2026-12-03",
        "when": "2026-12-03 08:30",
        "flag": "on",
        "note": "dòng 1\r\ndòng <2> & 3",
        "status": "sent",
        "grouped": "3",
        "many": ["draft", "sent"],
        "search": "x",
        "nulls": "true",
    },
    {"number": "không phải số", "day": "31/02/2026", "status": "nope", "grouped": "9"},
]


def _pages(form_class, **kwargs) -> tuple[list[str], list[str]]:
    ours, django = [], []
    for data in VALUES:
        for bound in (False, True):
            form = form_class(data=data if bound else None, initial=None if bound else data, **kwargs)
            for field in form:
                for renderer, out in ((Renderer(), ours), (DjangoTemplates(), django)):
                    form.renderer = renderer
                    out.append(field.as_widget() + field.as_widget(attrs={"class": "form-control is-invalid"}))
    return ours, django


def test_every_widget_is_written_as_djangos_templates_write_it():
    ours, django = _pages(Everything)
    assert len(ours) == len(django) == 2 * len(VALUES) * len(Everything.base_fields)
    for mine, theirs in zip(ours, django, strict=True):
        assert mine == theirs


def test_the_activity_form_is_written_as_djangos_templates_write_it(programme, secretary, committee):
    form = ActivityForm(access=get_access(secretary, committee.slug))
    assert len(form.fields) > 10
    for field in form:
        html = {}
        for name, renderer in (("ours", Renderer()), ("django", DjangoTemplates())):
            form.renderer = renderer
            html[name] = field.as_widget()
        assert html["ours"] == html["django"]


@pytest.mark.parametrize("value", [None, "", 0, dt.date(2026, 12, 3)])
def test_an_input_shows_what_django_shows_for_empty_and_odd_values(value):
    widget = forms.TextInput()
    context = widget.get_context("x", value, {"id": "id_x"})
    assert Renderer().render(widget.template_name, context) == DjangoTemplates().render(widget.template_name, context)
