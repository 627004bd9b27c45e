import datetime as dt

import pytest

from kit.lunar import LunarDate, tet, tet_window, to_lunar, to_solar

# Tết Nguyên đán as published by Vietnam (lịch Việt Nam, UTC+7).
PUBLISHED_TET = {
    1990: "27/01",
    1991: "15/02",
    1992: "04/02",
    1993: "23/01",
    1994: "10/02",
    1995: "31/01",
    1996: "19/02",
    1997: "07/02",
    1998: "28/01",
    1999: "16/02",
    2000: "05/02",
    2001: "24/01",
    2002: "12/02",
    2003: "01/02",
    2004: "22/01",
    2005: "09/02",
    2006: "29/01",
    2008: "07/02",
    2009: "26/01",
    2010: "14/02",
    2011: "03/02",
    2012: "23/01",
    2013: "10/02",
    2014: "31/01",
    2015: "19/02",
    2016: "08/02",
    2017: "28/01",
    2018: "16/02",
    2019: "05/02",
    2020: "25/01",
    2021: "12/02",
    2022: "01/02",
    2023: "22/01",
    2024: "10/02",
    2025: "29/01",
    2026: "17/02",
    2027: "06/02",
    2028: "26/01",
    2029: "13/02",
}

# Years where Vietnam's Tết is not China's: the new moon falls in the hour
# between midnight at UTC+7 and midnight at UTC+8, which moves the month
# start (1968, 2007) or even the leap month (1985).
DIFFERS_FROM_CHINA = {
    1968: ("29/01", "30/01"),  # Tết Mậu Thân
    1985: ("21/01", "20/02"),  # Tết Ất Sửu, a month apart
    2007: ("17/02", "18/02"),  # Tết Đinh Hợi
}


def _day(text: str, year: int) -> dt.date:
    day, month = text.split("/")
    return dt.date(year, int(month), int(day))


@pytest.mark.parametrize("year", sorted(PUBLISHED_TET))
def test_tet_matches_the_published_vietnamese_dates(year):
    assert tet(year) == _day(PUBLISHED_TET[year], year)


@pytest.mark.parametrize("year", sorted(DIFFERS_FROM_CHINA))
def test_tet_follows_vietnam_where_the_chinese_calendar_differs(year):
    vietnam, china = DIFFERS_FROM_CHINA[year]
    assert tet(year) == _day(vietnam, year)
    assert tet(year) != _day(china, year)


def test_every_tet_from_1960_to_2050_falls_between_21_january_and_20_february():
    for year in range(1960, 2051):
        day = tet(year)
        assert dt.date(year, 1, 21) <= day <= dt.date(year, 2, 20), (year, day)
        assert to_lunar(day) == LunarDate(year, 1, 1)
        assert to_lunar(day - dt.timedelta(days=1)).month == 12


def test_every_day_from_1960_to_2050_converts_there_and_back():
    day, last = dt.date(1960, 1, 1), dt.date(2050, 12, 31)
    months: dict[tuple, int] = {}
    while day <= last:
        lunar = to_lunar(day)
        assert to_solar(lunar) == day, (day, lunar)
        key = (lunar.year, lunar.month, lunar.leap)
        months[key] = max(months.get(key, 0), lunar.day)
        day += dt.timedelta(days=1)
    full = {k: v for k, v in months.items() if 1961 <= k[0] <= 2049}
    assert set(full.values()) == {29, 30}  # every month has 29 or 30 days
    per_year: dict[int, int] = {}
    for year, _month, _leap in full:
        per_year[year] = per_year.get(year, 0) + 1
    assert set(per_year.values()) == {12, 13}
    # the Metonic cycle: 7 leap years in every 19
    leap_years = [y for y, n in per_year.items() if n == 13]
    for start in range(1961, 2049 - 18):
        assert sum(start <= y < start + 19 for y in leap_years) == 7, start


@pytest.mark.parametrize(
    ("lunar", "solar"),
    [
        (LunarDate(2023, 2, 1, leap=True), dt.date(2023, 3, 22)),  # Quý Mão, nhuận tháng Hai
        (LunarDate(2020, 4, 1, leap=True), dt.date(2020, 5, 23)),  # Canh Tý, nhuận tháng Tư
        (LunarDate(2025, 6, 1, leap=True), dt.date(2025, 7, 25)),  # Ất Tỵ, nhuận tháng Sáu
        (LunarDate(2022, 12, 6), dt.date(2022, 12, 28)),
        (LunarDate(2023, 1, 15), dt.date(2023, 2, 5)),  # rằm tháng Giêng
    ],
)
def test_leap_months_and_known_days(lunar, solar):
    assert to_solar(lunar) == solar
    assert to_lunar(solar) == lunar


def test_a_leap_month_the_year_does_not_have_is_refused():
    with pytest.raises(ValueError):
        to_solar(LunarDate(2023, 5, 1, leap=True))
    with pytest.raises(ValueError):
        to_solar(LunarDate(2024, 2, 1, leap=True))
    with pytest.raises(ValueError):
        to_solar(LunarDate(2023, 13, 1))


def test_lunar_dates_read_as_people_say_them():
    assert str(to_lunar(dt.date(2022, 12, 28))) == "mùng 6 tháng Chạp"
    assert str(to_lunar(dt.date(2023, 2, 5))) == "15 tháng Giêng"
    assert str(LunarDate(2023, 2, 20, leap=True)) == "20 tháng Hai nhuận"


def test_the_tet_campaign_window_runs_from_the_full_moon_of_chap_to_that_of_gieng():
    first, last = tet_window(2023)
    assert first == to_solar(LunarDate(2022, 12, 15)) == dt.date(2023, 1, 6)
    assert last == dt.date(2023, 2, 5)
    first, last = tet_window(2023, start=(12, 1))
    assert first == dt.date(2022, 12, 23)
