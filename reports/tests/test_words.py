import pytest
from hypothesis import given
from hypothesis import strategies as st

from reports.words import amount_in_words, number_in_words

CASES = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (15, "mười lăm"),
    (21, "hai mươi mốt"),
    (25, "hai mươi lăm"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (1015, "một nghìn không trăm mười lăm"),
    (1005, "một nghìn không trăm linh năm"),
    (2_500_000_000, "hai tỷ năm trăm triệu"),
    (1_000_005, "một triệu không trăm linh năm"),
    (10**15, "một triệu tỷ"),
    (1_234_000_000_000, "một nghìn hai trăm ba mươi bốn tỷ"),
    (-1015, "âm một nghìn không trăm mười lăm"),
]


@pytest.mark.parametrize(("n", "words"), CASES)
def test_known_readings(n, words):
    assert number_in_words(n) == words


def test_le_is_an_option_for_northern_linh():
    assert number_in_words(105, linh="lẻ") == "một trăm lẻ năm"


def test_amount_is_capitalised_and_in_dong():
    assert amount_in_words(2_500_000_000) == "Hai tỷ năm trăm triệu đồng"
    assert amount_in_words(0) == "Không đồng"


# An independent reader of the words back into a number: the property below
# says the words say exactly the number, for any number.
VALUES = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}


def read_back(text: str) -> int:
    words = text.split()
    negative = words[:1] == ["âm"]
    words = words[1:] if negative else words
    total, billions, current, group = 0, 0, 0, 0
    last_digit = None
    for w in words:
        if w in VALUES:
            last_digit = VALUES[w]
            group += last_digit
        elif w == "mười":
            group += 10
        elif w == "mươi":
            group += last_digit * 9  # the digit was added as units; make it tens
        elif w == "trăm":
            group += last_digit * 99
        elif w in ("linh", "lẻ"):
            pass
        elif w == "nghìn":
            current += group * 1000
            group = 0
        elif w == "triệu":
            current += group * 10**6
            group = 0
        elif w == "tỷ":
            billions = (billions + current + group) * 10**9
            current, group = 0, 0
        else:
            raise AssertionError(f"unexpected word {w!r}")
    total = billions + current + group
    return -total if negative else total


@given(st.integers(min_value=-(10**18), max_value=10**18))
def test_words_read_back_to_the_same_number(n):
    text = number_in_words(n)
    assert read_back(text) == n
    assert "  " not in text and text == text.strip()


@given(st.integers(min_value=1, max_value=10**16))
def test_no_tens_reading_is_malformed(n):
    text = number_in_words(n)
    assert "mươi một" not in text and "mươi năm" not in text and "mười năm" not in text
    assert "mười không" not in text and "linh không" not in text
