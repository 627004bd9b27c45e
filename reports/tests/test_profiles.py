import datetime as dt

import pytest

from reports.profiles import PARTY, STATE, date_line, number_line


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2023, 3, 5), "Sơn Hà, ngày 05 tháng 3 năm 2023"),
        (dt.date(2023, 2, 17), "Sơn Hà, ngày 17 tháng 02 năm 2023"),
        (dt.date(2023, 1, 9), "Sơn Hà, ngày 09 tháng 01 năm 2023"),
        (dt.date(2023, 12, 25), "Sơn Hà, ngày 25 tháng 12 năm 2023"),
        (dt.date(2023, 10, 1), "Sơn Hà, ngày 01 tháng 10 năm 2023"),
    ],
)
def test_date_line_pads_days_below_ten_and_the_first_two_months(day, expected):
    assert date_line("Sơn Hà", day) == expected


def test_number_and_symbol_follow_each_profile():
    assert number_line(PARTY, number="15", doc_type="BC", symbol="BCĐ") == "Số 15-BC/BCĐ"
    assert number_line(STATE, number="15", doc_type="BC", symbol="UBND") == "Số: 15/BC-UBND"
