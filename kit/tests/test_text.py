import unicodedata

from coordination.models import Member
from devtools.factories import MemberFactory
from kit.text import fold


def test_text_is_stored_as_nfc(db):
    decomposed = unicodedata.normalize("NFD", "Trần Thị Hoà")
    member = MemberFactory(full_name=decomposed)
    stored = Member.objects.get(pk=member.pk).full_name
    assert stored == unicodedata.normalize("NFC", "Trần Thị Hoà")
    assert stored != decomposed


def test_fold_makes_tone_placement_and_marks_irrelevant():
    assert fold("Hoà") == fold("Hòa") == fold("HOA")
    assert fold("Thuỷ") == fold("Thủy")
    assert fold("Đinh") == "dinh"
