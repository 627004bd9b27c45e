import unicodedata

import pytest

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


@pytest.mark.django_db
def test_one_line_fields_refuse_line_breaks(committee):
    from django.core.exceptions import ValidationError

    from programmes.models import Programme

    programme = Programme(committee=committee, year=2030, title="Chương trình\nphối hợp")
    with pytest.raises(ValidationError) as refused:
        programme.full_clean()
    assert "một dòng" in str(refused.value.message_dict["title"])
    programme.title = "Chương trình phối hợp"
    programme.full_clean()  # one line: fine
