"""Document profiles: the values of the official formats (VIETNAMESE.md §1),
in one place. The Party profile is the committee's default; the State
profile serves committees hosted by a People's Committee. Values marked
"verify" there are kept here and nowhere else."""

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Profile:
    code: str
    margins_mm: tuple[int, int, int, int]  # top, bottom, left, right
    body_pt: float
    national_lines: tuple[str, ...]
    national_pt: float
    body_header_pt: float
    number_template: str  # {number}, {doc_type}, {symbol}
    collective: str  # on behalf of the committee
    signing_for: str  # a deputy signing for the head
    sep: str  # after section numbers: "I-", "1-" (Party) or "I.", "1." (State)
    distribution_title_style: str
    distribution_pt: float
    distribution_last: str


PARTY = Profile(
    code="party",
    margins_mm=(20, 20, 30, 15),
    body_pt=14,
    national_lines=("ĐẢNG CỘNG SẢN VIỆT NAM",),
    national_pt=15,
    body_header_pt=14,
    number_template="Số {number}-{doc_type}/{symbol}",
    collective="T/M",
    signing_for="K/T",
    sep="-",
    distribution_title_style="text-decoration: underline; font-size: 14pt;",
    distribution_pt=12,
    distribution_last="- Lưu Văn phòng.",
)

STATE = Profile(
    code="state",
    margins_mm=(20, 20, 30, 15),
    body_pt=14,
    national_lines=("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"),
    national_pt=13,
    body_header_pt=13,
    number_template="Số: {number}/{doc_type}-{symbol}",
    collective="TM.",
    signing_for="KT.",
    sep=".",
    distribution_title_style="font-weight: bold; font-style: italic; font-size: 12pt;",
    distribution_pt=11,
    distribution_last="- Lưu: VT.",
)

PROFILES = {p.code: p for p in (PARTY, STATE)}
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def date_line(place: str, day: dt.date) -> str:
    """ "Sơn Hà, ngày 05 tháng 3 năm 2023": days below 10 and the months
    January and February take a leading zero, other months do not."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


def number_line(profile: Profile, *, number: str, doc_type: str, symbol: str) -> str:
    number = number.strip() or "\u00a0" * 6  # room to write the number by hand
    return profile.number_template.format(number=number, doc_type=doc_type, symbol=symbol)
