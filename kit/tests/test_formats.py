import datetime as dt

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from kit.fields import DateField, MoneyField


class DateForm(forms.Form):
    day = DateField()


class MoneyForm(forms.Form):
    amount = MoneyField(max_value=10**12)


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_day_first_date_is_read_as_fifth_of_february():
    form = DateForm({"day": "05/02/2023"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2023, 2, 5)


def test_day_above_twelve_in_first_place_is_accepted():
    form = DateForm({"day": "17/02/2023"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2023, 2, 17)


def test_impossible_date_gets_vietnamese_error():
    form = DateForm({"day": "31/02/2023"})
    assert not form.is_valid()
    # The message says how to write it (Django's "Nhập một ngày hợp lệ." did not).
    assert form.errors["day"] == ["Nhập ngày theo dạng ngày/tháng/năm (dd/mm/yyyy), ví dụ 05/02/2023."]


@pytest.mark.parametrize("typed", ["2.000.000", "2000000", "2.000.000 đồng", "2.000.000đ", " 2 000 000 "])
def test_money_accepts_dotted_plain_and_suffixed_amounts(typed):
    form = MoneyForm({"amount": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == 2 * 1000 * 1000


@pytest.mark.parametrize("typed", ["-5", "2,5", "2.00.000", "hai triệu", "1.5"])
def test_money_rejects_negative_decimal_or_malformed_amounts_in_vietnamese(typed):
    form = MoneyForm({"amount": typed})
    assert not form.is_valid()
    assert "đồng" in form.errors["amount"][0]


def test_money_above_the_ceiling_is_rejected():
    form = MoneyForm({"amount": "2.000.000.000.000"})
    assert not form.is_valid()


def test_money_widget_shows_grouped_value():
    form = MoneyForm(initial={"amount": 2500000})
    assert 'value="2.500.000"' in str(form["amount"])


def test_years_print_without_separator_and_money_with_dots():
    rendered = Template("{% load vn %}{{ year }}|{{ amount|num }}|{{ amount|vnd }}").render(
        Context({"year": 2023, "amount": 2500000000})
    )
    assert rendered == "2023|2.500.000.000|2.500.000.000 đồng"


def test_dates_print_day_first():
    rendered = Template('{{ d|date:"SHORT_DATE_FORMAT" }}').render(Context({"d": dt.date(2023, 2, 5)}))
    assert rendered == "05/02/2023"


def test_week_starts_on_monday():
    from django.utils.formats import get_format

    assert get_format("FIRST_DAY_OF_WEEK") == 1


@given(st.integers(min_value=-(10**15), max_value=10**15))
def test_the_fast_integer_path_of_num_prints_what_django_prints(value):
    from django.utils import translation
    from django.utils.formats import number_format

    from kit.templatetags.vn import num

    with translation.override("vi"):
        assert num(value) == number_format(value, force_grouping=True)


def test_labels_start_with_a_capital_also_those_set_after_the_form_is_made(db):
    from django import forms as django_forms

    from coordination.models import Locality
    from kit.fields import ModelForm

    class LocalityForm(ModelForm):
        class Meta:
            model = Locality
            fields = ["name", "level"]

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self.fields["extra"] = django_forms.CharField(label="chỉ số")

    form = LocalityForm()
    assert form["extra"].label == "Chỉ số"
    assert 'for="id_extra">Chỉ số' in str(form["extra"].label_tag())
    assert form["name"].label == "Tên"
