"""The Vietnamese lunisolar calendar (âm lịch), computed, not looked up.

Months begin on the day of the new moon and the year's months are fixed by
the winter solstice, as in the Chinese calendar, but the days are counted in
Vietnam's own time zone, UTC+7 (official since 1968). A new moon that falls
between 23:00 and midnight Beijing time therefore starts a month one day
earlier here, and a few years differ: Tết 1968 (29/01 here, 30/01 in China),
1985 (21/01 against 20/02), 2007 (17/02 against 18/02). A Chinese-calendar
library would get those wrong.

Astronomy: the mean new moon with the periodic terms of Jean Meeus'
"Astronomical Formulae for Calculators" and the Sun's apparent longitude
(low-precision series); both are accurate to well under a day for
1900–2100, which is all a calendar needs.

    tet(2023)                      -> date(2023, 1, 22)
    to_lunar(date(2022, 12, 28))   -> LunarDate(2022, 12, 6, leap=False)
    to_solar(LunarDate(2023, 1, 1)) -> date(2023, 1, 22)
"""

import datetime as dt
import math
from dataclasses import dataclass
from functools import lru_cache

ZONE_HOURS = 7
SYNODIC_MONTH = 29.530588853
# Julian day of the new moon of 1900-01-01, the origin of the lunation count.
EPOCH_NEW_MOON = 2415021.076998695
# Date.toordinal() + this is the Julian day number (noon-based).
ORDINAL_TO_JDN = 1721425

FIRST_YEAR, LAST_YEAR = 1900, 2100

MONTH_NAMES = {
    1: "Giêng",
    2: "Hai",
    3: "Ba",
    4: "Tư",
    5: "Năm",
    6: "Sáu",
    7: "Bảy",
    8: "Tám",
    9: "Chín",
    10: "Mười",
    11: "Một",
    12: "Chạp",
}


@dataclass(frozen=True, order=True)
class LunarDate:
    year: int
    month: int
    day: int
    leap: bool = False

    def __str__(self) -> str:
        """As people say it: "mùng 6 tháng Chạp", "15 tháng Giêng",
        "3 tháng Tư nhuận"."""
        day = f"mùng {self.day}" if self.day <= 10 else str(self.day)
        leap = " nhuận" if self.leap else ""
        return f"{day} tháng {MONTH_NAMES[self.month]}{leap}"


def _jdn(day: dt.date) -> int:
    return day.toordinal() + ORDINAL_TO_JDN


def _date(jdn: int) -> dt.date:
    return dt.date.fromordinal(jdn - ORDINAL_TO_JDN)


def _check_year(year: int) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(f"the lunar calendar is computed for {FIRST_YEAR}–{LAST_YEAR}, not {year}")


@lru_cache(maxsize=4096)
def _new_moon_day(k: int) -> int:
    """The local day (Julian day number) of the k-th new moon after the one
    of January 1900."""
    t = k / 1236.85
    t2, t3 = t * t, t * t * t
    rad = math.pi / 180
    mean = (
        2415020.75933
        + 29.53058868 * k
        + 0.0001178 * t2
        - 0.000000155 * t3
        + 0.00033 * math.sin((166.56 + 132.87 * t - 0.009173 * t2) * rad)
    )
    sun_anomaly = (359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3) * rad
    moon_anomaly = (306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3) * rad
    latitude = (21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3) * rad
    correction = (
        (0.1734 - 0.000393 * t) * math.sin(sun_anomaly)
        + 0.0021 * math.sin(2 * sun_anomaly)
        - 0.4068 * math.sin(moon_anomaly)
        + 0.0161 * math.sin(2 * moon_anomaly)
        - 0.0004 * math.sin(3 * moon_anomaly)
        + 0.0104 * math.sin(2 * latitude)
        - 0.0051 * math.sin(sun_anomaly + moon_anomaly)
        - 0.0074 * math.sin(sun_anomaly - moon_anomaly)
        + 0.0004 * math.sin(2 * latitude + sun_anomaly)
        - 0.0004 * math.sin(2 * latitude - sun_anomaly)
        - 0.0006 * math.sin(2 * latitude + moon_anomaly)
        + 0.0010 * math.sin(2 * latitude - moon_anomaly)
        + 0.0005 * math.sin(2 * moon_anomaly + sun_anomaly)
    )
    if t < -11:
        delta_t = 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    else:
        delta_t = -0.000278 + 0.000265 * t + 0.000262 * t2
    julian_day = mean + correction - delta_t
    return math.floor(julian_day + 0.5 + ZONE_HOURS / 24)


def _sun_sector(jdn: int) -> int:
    """Which twelfth of the ecliptic (0–11, from the vernal equinox) the Sun
    is in at local midnight starting day `jdn`; a month without a change of
    sector (no major solar term) is the leap month."""
    t = (jdn - 2451545.5 - ZONE_HOURS / 24) / 36525
    t2 = t * t
    rad = math.pi / 180
    anomaly = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2
    mean_longitude = 280.46645 + 36000.76983 * t + 0.0003032 * t2
    centre = (
        (1.914600 - 0.004817 * t - 0.000014 * t2) * math.sin(rad * anomaly)
        + (0.019993 - 0.000101 * t) * math.sin(2 * rad * anomaly)
        + 0.000290 * math.sin(3 * rad * anomaly)
    )
    longitude = ((mean_longitude + centre) * rad) % (2 * math.pi)
    return int(longitude / math.pi * 6)


def _lunation(jdn: float) -> int:
    return math.floor((jdn - EPOCH_NEW_MOON) / SYNODIC_MONTH)


@lru_cache(maxsize=512)
def _month_eleven(year: int) -> int:
    """The first day of the 11th lunar month of `year`, the month that holds
    the winter solstice."""
    last_day = _jdn(dt.date(year, 12, 31))
    k = math.floor((last_day - 2415021) / SYNODIC_MONTH)
    start = _new_moon_day(k)
    if _sun_sector(start) >= 9:  # the Sun already past 270°: that new moon is too late
        start = _new_moon_day(k - 1)
    return start


@lru_cache(maxsize=512)
def _leap_offset(month_eleven: int) -> int:
    """In a year of 13 months, how many months after month 11 the leap month
    (the first without a major solar term) comes."""
    k = math.floor((month_eleven - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5)
    i = 1
    sector = _sun_sector(_new_moon_day(k + i))
    while True:
        last = sector
        i += 1
        sector = _sun_sector(_new_moon_day(k + i))
        if sector == last or i >= 14:
            return i - 1


def to_lunar(day: dt.date) -> LunarDate:
    _check_year(day.year)
    jdn = _jdn(day)
    k = _lunation(jdn)
    month_start = _new_moon_day(k + 1)
    if month_start > jdn:
        month_start = _new_moon_day(k)
    a11 = _month_eleven(day.year)
    b11 = a11
    if a11 >= month_start:
        lunar_year = day.year
        a11 = _month_eleven(day.year - 1)
    else:
        lunar_year = day.year + 1
        b11 = _month_eleven(day.year + 1)
    lunar_day = jdn - month_start + 1
    months_after_eleven = (month_start - a11) // 29
    leap = False
    month = months_after_eleven + 11
    if b11 - a11 > 365:  # thirteen months this year
        leap_after = _leap_offset(a11)
        if months_after_eleven >= leap_after:
            month = months_after_eleven + 10
            leap = months_after_eleven == leap_after
    if month > 12:
        month -= 12
    if month >= 11 and months_after_eleven < 4:
        lunar_year -= 1
    return LunarDate(lunar_year, month, lunar_day, leap)


def to_solar(lunar: LunarDate) -> dt.date:
    """The solar date of a lunar date; ValueError for a leap month that the
    year does not have or a day past the month's end."""
    _check_year(lunar.year)
    if not (1 <= lunar.month <= 12 and 1 <= lunar.day <= 30):
        raise ValueError(f"no such lunar date: day {lunar.day}, month {lunar.month} of {lunar.year}")
    if lunar.month < 11:
        a11, b11 = _month_eleven(lunar.year - 1), _month_eleven(lunar.year)
    else:
        a11, b11 = _month_eleven(lunar.year), _month_eleven(lunar.year + 1)
    k = math.floor(0.5 + (a11 - EPOCH_NEW_MOON) / SYNODIC_MONTH)
    offset = (lunar.month - 11) % 12
    if b11 - a11 > 365:
        leap_after = _leap_offset(a11)
        leap_month = (leap_after + 9) % 12 + 1  # the number the repeated month carries (to_lunar)
        if lunar.leap and lunar.month != leap_month:
            raise ValueError(f"{lunar.year} has no leap month {lunar.month}")
        if lunar.leap or offset >= leap_after:
            offset += 1
    elif lunar.leap:
        raise ValueError(f"{lunar.year} has no leap month")
    start = _new_moon_day(k + offset)
    result = _date(start + lunar.day - 1)
    if lunar.day > 29 and _new_moon_day(k + offset + 1) <= start + lunar.day - 1:
        raise ValueError(f"month {lunar.month} of {lunar.year} has 29 days")
    return result


def tet(year: int) -> dt.date:
    """The first day of the first lunar month of `year` (Tết Nguyên đán)."""
    return to_solar(LunarDate(year, 1, 1))


def tet_window(year: int, *, start=(12, 15), end=(1, 15)) -> tuple[dt.date, dt.date]:
    """The days of a Tết campaign for the Tết of `year`: by default from the
    15th of the 12th lunar month before it (rằm tháng Chạp) to the 15th of the
    1st (rằm tháng Giêng), both included."""
    (start_month, start_day), (end_month, end_day) = start, end
    first = to_solar(LunarDate(year - 1 if start_month >= 11 else year, start_month, start_day))
    last = to_solar(LunarDate(year - 1 if end_month >= 11 else year, end_month, end_day))
    return first, last
