"""Names sort in Vietnamese order, in Python and in the database: letters
a ă â … d đ … o ô ơ … u ư, then tones ngang, huyền, hỏi, ngã, sắc, nặng.
Code point order puts "Đảng ủy" after "Tỉnh đoàn" and "Ô", "Ơ" after "Z"."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coordination.models import Unit
from devtools.factories import CommitteeFactory, UnitFactory
from kit.collation import tree_sorted, vi, vi_sorted

# In dictionary order, written out by hand.
DICTIONARY_ORDER = [
    "An",
    "Ăn",
    "Ân",
    "Ba",
    "Bà",
    "Bả",
    "Bã",
    "Bá",
    "Bạ",
    "Ban Chỉ huy Quân sự xã",
    "Dân",
    "Đảng ủy xã Nà Mây",
    "Hội Nông dân",
    "O",
    "Ô",
    "Ơ",
    "Tỉnh đoàn",
    "Tỉnh đội",
    "U",
    "Ủy ban",
    "Ư",
    "Y",
]


def _shuffled(names):
    names = list(names)
    random.Random(7).shuffle(names)
    return names


def test_code_point_order_gets_these_names_wrong():
    assert sorted(DICTIONARY_ORDER) != DICTIONARY_ORDER


def test_python_sorts_in_dictionary_order():
    assert vi_sorted(_shuffled(DICTIONARY_ORDER)) == DICTIONARY_ORDER


def test_lower_case_comes_before_upper_case_of_the_same_word():
    assert vi_sorted(["Nà Mây", "nà mây", "Na Mây"]) == ["Na Mây", "nà mây", "Nà Mây"]


@pytest.mark.django_db
def test_the_database_sorts_in_dictionary_order():
    committee = CommitteeFactory()
    for name in _shuffled(DICTIONARY_ORDER):
        UnitFactory(committee=committee, name=name)
    names = list(Unit.objects.filter(committee=committee).order_by(vi("name")).values_list("name", flat=True))
    assert names == DICTIONARY_ORDER


LETTERS = "aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÔƠƯàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ "


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(st.text(alphabet=LETTERS, min_size=1, max_size=8), min_size=2, max_size=12, unique=True))
def test_python_and_the_database_agree(names):
    """On PostgreSQL the database's order is ICU's vi collation: the Python
    key must agree with it (SQLite uses the Python key itself)."""
    committee = CommitteeFactory()
    for name in names:
        UnitFactory(committee=committee, name=name.strip() or "a")
    stored = list(Unit.objects.filter(committee=committee).order_by(vi("name"), "pk").values_list("name", flat=True))
    assert vi_sorted(stored) == stored


def test_children_follow_their_parent_in_vietnamese_order():
    rows = [
        ("1/", "Tỉnh đoàn"),
        ("2/", "Đảng ủy khối"),
        ("2/5/", "Ủy ban xã"),
        ("2/4/", "Ban CHQS xã"),
        ("3/", "Bộ CHQS tỉnh"),
    ]
    ordered = tree_sorted(rows, path=lambda r: r[0], name=lambda r: r[1])
    assert [name for _path, name in ordered] == [
        "Bộ CHQS tỉnh",
        "Đảng ủy khối",
        "Ban CHQS xã",
        "Ủy ban xã",
        "Tỉnh đoàn",
    ]
