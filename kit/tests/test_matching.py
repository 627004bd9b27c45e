"""Ranking what a user typed against names (the unit and locality pickers)."""

from kit.matching import ranked

UNITS = [
    "Ban Chỉ huy Quân sự xã Pắc Nậm",
    "Đảng ủy xã Pắc Nậm",
    "Ban Chỉ huy Quân sự xã Nà Mây",
    "Bộ CHQS tỉnh Sơn Hà",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn Hà",
    "Hội Cựu chiến binh tỉnh Sơn Hà",
    "UBND xã Vân Khê",
    "Hội Nông dân tỉnh Sơn Hà",
]


def find(q, limit=20):
    return ranked(UNITS, q, lambda name: (name,), limit)


def test_whole_words_at_their_start_rank_before_letters_inside_a_word():
    # "na" is inside "Nậm" but starts "Nà": Nà Mây first.
    assert find("na may")[0] == "Ban Chỉ huy Quân sự xã Nà Mây"
    assert find("nà mây") == find("NA MAY")


def test_an_abbreviation_finds_the_words_it_stands_for_and_the_words_find_it():
    assert set(find("CHQS")) == {
        "Ban Chỉ huy Quân sự xã Pắc Nậm",
        "Ban Chỉ huy Quân sự xã Nà Mây",
        "Bộ CHQS tỉnh Sơn Hà",
    }
    assert "Bộ CHQS tỉnh Sơn Hà" in find("chỉ huy quân sự")
    assert find("ccb") == ["Hội Cựu chiến binh tỉnh Sơn Hà"]
    assert find("mttq") == ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn Hà"]
    assert find("ủy ban nhân dân vân khê") == ["UBND xã Vân Khê"]
    assert find("BCH pắc nậm") == ["Ban Chỉ huy Quân sự xã Pắc Nậm"]


def test_every_typed_word_must_match_and_the_text_at_the_start_comes_first():
    assert find("hội sơn hà") == ["Hội Cựu chiến binh tỉnh Sơn Hà", "Hội Nông dân tỉnh Sơn Hà"]
    assert find("hội nông") == ["Hội Nông dân tỉnh Sơn Hà"]
    assert find("đảng pắc")[0] == "Đảng ủy xã Pắc Nậm"
    assert find("xyz") == []


def test_equal_matches_keep_their_order_and_the_limit_holds():
    assert find("") == UNITS[:20]
    assert find("tỉnh", limit=2) == ["Bộ CHQS tỉnh Sơn Hà", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Sơn Hà"]
