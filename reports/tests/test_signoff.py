"""Joint sign-off: both co-chairs approve the text they read; either
returns it with a comment; the joint signature block prints both."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from conftest import _user_with_role
from coordination.models import CommitteeRole, Member, Unit
from devtools.factories import UnitFactory
from programmes.models import ActivityCategory, Programme
from reports.models import Approval, ReviewDraft
from reports.services import approvals, rendering
from reports.word import read_text


@pytest.fixture
def co_chairs(committee, units):
    """The Party commission and the military command co-run the programme;
    their heads sit on the committee with their own logins."""
    party = UnitFactory(committee=committee, name="Ban Dân vận Tỉnh ủy Thử Nghiệm", kind=Unit.Kind.PARTY_COMMISSION)
    committee.co_running_units.set([party, units["province"]])
    committee.standing_office = party
    committee.place_name = "Thử Nghiệm"
    committee.save()
    party_head = _user_with_role(committee, "truongban", CommitteeRole.Role.CHAIR)
    military_head = _user_with_role(committee, "chinhuy", CommitteeRole.Role.CHAIR)
    Member.objects.create(
        committee=committee,
        full_name="Hoàng Thị Minh Nguyệt",
        position="Trưởng Ban Dân vận Tỉnh ủy",
        unit=party,
        role=Member.Role.HEAD,
        user=party_head,
    )
    Member.objects.create(
        committee=committee,
        full_name="Lê Quang Vinh",
        rank="Đại tá",
        position="Chính ủy Bộ CHQS tỉnh",
        unit=units["province"],
        role=Member.Role.STANDING_DEPUTY,
        user=military_head,
    )
    return party_head, military_head


@pytest.fixture
def sent(client, committee, review_year, standing_office, co_chairs):
    """The standing office saved the 2023 text, which now awaits approval."""
    client.force_login(standing_office)
    url = reverse("reports:review_draft", kwargs={"committee": committee.slug, "year": 2023})
    client.post(url, {"strengths": "Phối hợp chặt chẽ.", "limitations": "Báo cáo chậm."})
    draft = ReviewDraft.objects.get(programme=review_year, period=None)
    assert draft.status == "awaiting"
    return draft, url


def _decide(client, committee, user, draft, **data):
    client.force_login(user)
    url = reverse("reports:review_draft_approve", kwargs={"committee": committee.slug, "year": 2023})
    return client.post(url, {"text_hash": draft.text_hash(), **data}, follow=True)


def test_the_text_is_approved_only_when_both_co_chairs_approved_it(client, committee, sent, co_chairs):
    draft, url = sent
    party_head, military_head = co_chairs
    page = _decide(client, committee, party_head, draft)
    draft.refresh_from_db()
    assert draft.status == "awaiting"
    assert "chờ đồng chí lãnh đạo cơ quan đồng chủ trì còn lại" in page.content.decode()
    _decide(client, committee, military_head, draft)
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_hash == draft.text_hash()
    decisions = list(Approval.objects.filter(review=draft).values_list("name", "decision", "text_hash", "body__name"))
    assert decisions == [
        ("Hoàng Thị Minh Nguyệt", "approved", draft.text_hash(), "Ban Dân vận Tỉnh ủy Thử Nghiệm"),
        ("Lê Quang Vinh", "approved", draft.text_hash(), "Bộ CHQS tỉnh"),
    ]
    assert all(a.at is not None and a.user_id for a in Approval.objects.filter(review=draft))


def test_either_co_chair_returns_it_with_a_comment_and_a_new_save_starts_over(
    client, committee, sent, co_chairs, standing_office
):
    draft, url = sent
    party_head, military_head = co_chairs
    _decide(client, committee, party_head, draft)
    # returning needs a reason
    page = _decide(client, committee, military_head, draft, decision="returned", comment="  ")
    draft.refresh_from_db()
    assert draft.status == "awaiting" and "ghi rõ nội dung" in page.content.decode()
    _decide(client, committee, military_head, draft, decision="returned", comment="Bổ sung số liệu nhà đồng đội.")
    draft.refresh_from_db()
    assert draft.status == "returned"
    client.force_login(standing_office)
    home = client.get(reverse("committee_home", kwargs={"committee": committee.slug})).content.decode()
    assert "returned-texts" in home
    assert "Bổ sung số liệu nhà đồng đội." in client.get(url).content.decode()
    # the office revises and saves: both must approve the new text again
    client.post(url, {"strengths": "Phối hợp chặt chẽ; đã xây 12 nhà đồng đội.", "limitations": "Báo cáo chậm."})
    draft.refresh_from_db()
    assert draft.status == "awaiting"
    seats = approvals.seats(committee, draft)
    assert [s.approved for s in seats] == [False, False]
    _decide(client, committee, party_head, draft)
    _decide(client, committee, military_head, draft)
    draft.refresh_from_db()
    assert draft.status == "approved"


def test_a_chair_who_is_not_a_co_chair_cannot_approve(client, committee, sent, chair):
    draft, _url = sent
    page = _decide(client, committee, chair, draft)
    draft.refresh_from_db()
    assert draft.status == "awaiting" and not Approval.objects.exists()
    assert "Chỉ người đứng đầu các cơ quan đồng chủ trì" in page.content.decode()


def test_a_text_changed_after_it_was_shown_is_not_approved(client, committee, sent, co_chairs):
    draft, _url = sent
    seen = draft.text_hash()
    ReviewDraft.objects.filter(pk=draft.pk).update(strengths="Đã sửa sau khi mở trang.")
    client.force_login(co_chairs[0])
    url = reverse("reports:review_draft_approve", kwargs={"committee": committee.slug, "year": 2023})
    client.post(url, {"text_hash": seen})
    assert not Approval.objects.exists()


def test_the_same_co_chair_cannot_approve_twice(client, committee, sent, co_chairs):
    draft, _url = sent
    _decide(client, committee, co_chairs[0], draft)
    page = _decide(client, committee, co_chairs[0], draft)
    assert Approval.objects.count() == 1 and "đã phê duyệt văn bản này" in page.content.decode()


def test_the_home_page_of_a_co_chair_who_approved_no_longer_asks_her(client, committee, sent, co_chairs):
    draft, _url = sent
    home = reverse("committee_home", kwargs={"committee": committee.slug})
    client.force_login(co_chairs[1])
    assert "list-group-item-warning" in client.get(home).content.decode()
    _decide(client, committee, co_chairs[0], draft)
    client.force_login(co_chairs[0])
    assert "list-group-item-warning" not in client.get(home).content.decode()
    client.force_login(co_chairs[1])
    assert "list-group-item-warning" in client.get(home).content.decode()


def test_the_programme_is_approved_by_both_against_its_hash(committee, review_year, co_chairs, units):
    from coordination.permissions import get_access

    programme = Programme.objects.get(pk=review_year.pk)
    first = approvals.decide(
        access=get_access(co_chairs[0], committee.slug),
        user=co_chairs[0],
        subject=programme,
        seen_hash=approvals.programme_hash(programme),
        decision="approved",
    )
    assert [s.approved for s in first] == [True, False]
    approvals.decide(
        access=get_access(co_chairs[1], committee.slug),
        user=co_chairs[1],
        subject=programme,
        seen_hash=approvals.programme_hash(programme),
        decision="approved",
    )
    assert approvals.approved(committee, programme)
    programme.tasks.create(order=9, title="Nội dung thêm sau khi phê duyệt", lead_unit=units["province"])
    assert not approvals.approved(committee, programme)


def test_the_joint_signature_block_prints_both_heads_in_their_formats(make_run, committee, co_chairs):
    import datetime as dt

    from reports.documents import joint_signatures

    run = make_run()
    run.document_meta = {**run.document_meta, "joint_signatures": joint_signatures(committee, dt.date(2024, 3, 5))}
    run.save()
    done = rendering.report_render(run_id=run.pk)
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(done.pdf.read())).pages)
    assert "T/M BAN DÂN VẬN TỈNH ỦY" in pdf and "TRƯỞNG BAN" in pdf
    assert "TM. BỘ CHQS TỈNH" in pdf and "CHÍNH ỦY" in pdf and "Đại tá Lê Quang Vinh" in pdf
    _paragraphs, tables = read_text(done.docx.read())
    joint = next(t for t in tables if any("Đại tá Lê Quang Vinh" in c for c in t[0]))
    assert joint[0][0].startswith("T/M BAN DÂN VẬN TỈNH ỦY") and joint[0][1].startswith("TM. BỘ CHQS TỈNH")


def test_the_programme_page_of_approval_records_both_co_chairs(client, committee, review_year, co_chairs, units):
    url = reverse("reports:programme_signoff", kwargs={"committee": committee.slug, "year": 2023})
    for user in co_chairs:
        client.force_login(user)
        text_hash = client.get(url).context["text_hash"]
        assert client.post(url, {"text_hash": text_hash, "decision": "approved"}).status_code == 302
    page = client.get(url, follow=True).content.decode()
    assert page.count('data-approved="1"') == 2
    assert approvals.approved(committee, review_year)
    review_year.targets.create(category=ActivityCategory.objects.first(), measure="gifts", target_value=10)
    page = client.get(url).content.decode()
    assert page.count('data-approved="0"') == 2


def _request_data(client, committee):
    url = reverse("reports:request", kwargs={"committee": committee.slug, "year": 2023})
    form = client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(date="05/03/2024", signer=Member.objects.filter(committee=committee).first().pk, joint="on")
    data["distribution"] = "\n".join(form.initial["distribution"])
    return url, data


def test_the_request_form_prints_a_joint_signature_when_asked(client, committee, review_year, staff, co_chairs):
    from unittest import mock

    from reports.models import ReportRun

    client.force_login(staff)
    url, data = _request_data(client, committee)
    with mock.patch("config.celery.app.send_task"):
        assert client.post(url, data).status_code == 302
    blocks = ReportRun.objects.get().document_meta["joint_signatures"]
    assert [b["signer_name"] for b in blocks] == ["Hoàng Thị Minh Nguyệt", "Đại tá Lê Quang Vinh"]


def test_a_joint_signature_without_two_co_running_bodies_is_refused(client, committee, review_year, staff):
    from reports.models import ReportRun

    client.force_login(staff)
    url, data = _request_data(client, committee)
    page = client.post(url, data)
    assert page.status_code == 200 and "Ký liên tịch cần hai cơ quan đồng chủ trì" in page.content.decode()
    assert not ReportRun.objects.exists()


def test_a_return_comment_is_stored_in_nfc_and_control_characters_are_refused(client, committee, sent, co_chairs):
    import unicodedata

    draft, _url = sent
    page = _decide(client, committee, co_chairs[0], draft, decision="returned", comment="Sửa\x00 lại")
    assert "ký tự điều khiển không hợp lệ" in page.content.decode()
    assert not Approval.objects.exists()
    decomposed = unicodedata.normalize("NFD", "Bổ sung số liệu nhà đồng đội")
    _decide(client, committee, co_chairs[0], draft, decision="returned", comment=decomposed)
    assert Approval.objects.get().comment == unicodedata.normalize("NFC", decomposed)
