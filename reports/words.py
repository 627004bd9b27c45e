"""Amounts in Vietnamese words, as official documents write them:
2.500.000.000 → "Hai tỷ năm trăm triệu đồng".

Rules (VIETNAMESE.md §3): "không trăm" for a zero hundreds digit inside a
number, "linh" (or "lẻ") before a lone units digit, "mốt" for 1 and "lăm"
for 5 after a tens word, all-zero groups skipped; "tỷ" repeats for larger
numbers (10^15 = "một triệu tỷ")."""

DIGITS = ["không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"]
BILLION = 10**9


def _three(n: int, *, inner: bool, linh: str) -> list[str]:
    """Words for 0 < n < 1000. `inner`: the group follows a higher group, so
    a zero hundreds digit is read ("không trăm")."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or inner:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append(linh)
            words.append(DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else DIGITS[units])
    else:
        words += [DIGITS[tens], "mươi"]
        if units == 1:
            words.append("mốt")
        elif units == 5:
            words.append("lăm")
        elif units:
            words.append(DIGITS[units])
    return words


def _below_billion(n: int, *, inner: bool, linh: str) -> list[str]:
    words: list[str] = []
    for scale, name in ((10**6, "triệu"), (10**3, "nghìn"), (1, "")):
        group = n // scale % 1000
        if group:
            words += _three(group, inner=inner or bool(words), linh=linh)
            if name:
                words.append(name)
    return words


def _words(n: int, *, inner: bool, linh: str) -> list[str]:
    if n < BILLION:
        return _below_billion(n, inner=inner, linh=linh)
    high, low = divmod(n, BILLION)
    words = _words(high, inner=inner, linh=linh) + ["tỷ"]
    if low:
        words += _below_billion(low, inner=True, linh=linh)
    return words


def number_in_words(n: int, *, linh: str = "linh") -> str:
    """A whole number in lower-case Vietnamese words."""
    if not isinstance(n, int) or isinstance(n, bool):
        raise TypeError("a whole number is expected")
    if linh not in ("linh", "lẻ"):
        raise ValueError("linh must be 'linh' or 'lẻ'")
    if n == 0:
        return "không"
    if n < 0:
        return "âm " + number_in_words(-n, linh=linh)
    return " ".join(_words(n, inner=False, linh=linh))


def amount_in_words(amount: int, *, linh: str = "linh") -> str:
    """An amount of đồng, capitalised: "Một nghìn không trăm mười lăm đồng"."""
    text = number_in_words(amount, linh=linh)
    return text[0].upper() + text[1:] + " đồng"
