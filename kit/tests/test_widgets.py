"""The pickers write their <select> in Python: the markup must be what
Django's own select templates give for the same widget."""

import re

import pytest
from django import forms

from kit.widgets import SearchSelect, SearchSelectMultiple, offered

OPTIONS = [offered(1, "Xã A, Huyện B"), offered(2, 'Phường "Đông" <Cũ> & Mới'), offered(3, "Thị trấn C")]


def _normal(html: str) -> str:
    return re.sub(r">\s+<", "><", str(html)).strip()


@pytest.mark.parametrize("kind", [SearchSelect, SearchSelectMultiple])
@pytest.mark.parametrize("value", [None, "2", ["1", "3"]])
def test_picker_markup_equals_djangos_templates(kind, value):
    widget = kind(search_url="/c/x/search/?all=1&on=1", placeholder="Gõ tên", options=lambda: OPTIONS)
    widget.choices = []
    if kind is SearchSelect and isinstance(value, list):
        value = value[0]
    attrs = {"id": "id_unit", "required": True, "class": "form-select"}
    fast = widget.render("unit", value, attrs)
    templated = forms.Widget.render(widget, "unit", value, attrs)
    assert _normal(fast) == _normal(templated)
    assert "&lt;Cũ&gt; &amp; Mới" in fast
    assert fast.count("<option") == len(OPTIONS) + (kind is SearchSelect)
    assert ("multiple" in fast) == (kind is SearchSelectMultiple)
