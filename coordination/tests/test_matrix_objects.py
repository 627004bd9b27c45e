"""Every URL of a committee that names an object or changes something ×
every role, with the objects of the secretary's own unit: allowed (200, or a
redirect after the change), refused (403) or not found (404, outsiders), as
DESIGN.md §3 says. Together with test_matrix.py's pages this covers every
URL under /c/<committee>/; a new URL fails the completeness test until it is
given its row."""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLResolver, get_resolver, reverse

from activities import services as activity_services
from activities.tests.conftest import png_bytes
from coordination.models import Member
from coordination.permissions import get_access
from coordination.tests.test_matrix import DOWNLOAD, ENTER, EVERYONE, ORDER, PAGES, REVIEW, ROLES
from devtools.factories import ActivityFactory
from emulation import services as emulation
from meetings.models import AgendaItem, FollowUp, Meeting
from programmes.models import (
    ActivityCategory,
    PolicyDocument,
    PolicyTarget,
    ProgrammeTask,
    ReportingObligation,
    ReportingPeriod,
    Target,
)
from reports.models import DocumentRegister, ReportRun, ReviewDraft
from reports.services.approvals import programme_hash

APPROVE = {"chair", "administrator"}
CHECK = {"middle"}  # the administrator has no units to check
FOLLOW_UP = REVIEW | {"secretary"}  # the secretary of the unit the follow-up is assigned to

# (url name, method, kwargs from the objects, POST data, roles allowed)
ACTIONS = [
    ("activities:detail", "get", lambda o: {"pk": o["draft"]}, None, EVERYONE),
    ("activities:edit", "get", lambda o: {"pk": o["draft"]}, None, ENTER),
    ("activities:submit", "post", lambda o: {"pk": o["draft"]}, {}, ENTER),
    ("activities:delete", "post", lambda o: {"pk": o["draft"]}, {}, ENTER),
    ("activities:return", "post", lambda o: {"pk": o["submitted"]}, {"reason": "Thiếu ảnh", "version": 1}, REVIEW),
    ("activities:confirm", "post", lambda o: {"pk": o["submitted"]}, {"version": 1}, REVIEW),
    ("activities:check", "post", lambda o: {"pk": o["sub_submitted"]}, {"version": 1}, CHECK),
    (
        "activities:check_return",
        "post",
        lambda o: {"pk": o["sub_submitted"]},
        {"reason": "Thiếu danh sách hộ", "version": 1},
        CHECK,
    ),
    ("activities:withdraw", "post", lambda o: {"pk": o["submitted"]}, {"version": 1}, ENTER),
    ("activities:review_bulk_confirm", "post", lambda o: {}, lambda o: {"ids": [f"{o['submitted']}:1"]}, REVIEW),
    ("activities:submit_selected", "post", lambda o: {}, lambda o: {"ids": [o["draft"]]}, ENTER),
    ("activities:attachment_upload", "post", lambda o: {"pk": o["draft"]}, "photo", ENTER),
    ("activities:attachment", "get", lambda o: {"attachment_id": o["attachment"]}, None, EVERYONE),
    ("activities:attachment_thumbnail", "get", lambda o: {"attachment_id": o["attachment"]}, None, EVERYONE),
    ("activities:attachment_delete", "post", lambda o: {"attachment_id": o["attachment"]}, {}, ENTER),
    ("programmes:detail_year", "get", lambda o: {"year": 2023}, None, EVERYONE),
    ("programmes:edit", "get", lambda o: {"year": 2023}, None, REVIEW),
    ("programmes:status", "post", lambda o: {"year": 2023}, {"action": "close"}, REVIEW),
    ("programmes:copy", "post", lambda o: {"year": 2023}, {}, REVIEW),
    ("programmes:task_new", "get", lambda o: {"year": 2023}, None, REVIEW),
    ("programmes:task_edit", "get", lambda o: {"year": 2023, "task_id": o["task"]}, None, REVIEW),
    (
        "programmes:task_progress",
        "post",
        lambda o: {"year": 2023, "task_id": o["task"]},
        {"progress": "Đã triển khai"},
        REVIEW | {"secretary"},
    ),
    ("programmes:target_new", "get", lambda o: {"year": 2023}, None, REVIEW),
    ("programmes:target_edit", "get", lambda o: {"year": 2023, "target_id": o["target"]}, None, REVIEW),
    ("programmes:periods_usual", "post", lambda o: {"year": 2023}, {}, REVIEW),
    ("programmes:period_new", "get", lambda o: {"year": 2023}, None, REVIEW),
    ("programmes:period_edit", "get", lambda o: {"year": 2023, "period_id": o["period"]}, None, REVIEW),
    ("programmes:period_lock", "post", lambda o: {"year": 2023, "period_id": o["period"]}, {"note": ""}, REVIEW),
    ("coordination:member_edit", "get", lambda o: {"member_id": o["member"]}, None, REVIEW),
    ("overview:unit", "get", lambda o: {"unit_id": o["unit"]}, None, EVERYONE),
    ("meetings:meeting", "get", lambda o: {"meeting_id": o["meeting"]}, None, EVERYONE),
    ("meetings:meeting_edit", "get", lambda o: {"meeting_id": o["meeting"]}, None, REVIEW),
    (
        "meetings:meeting_agenda_add",
        "post",
        lambda o: {"meeting_id": o["meeting"]},
        {"title": "Báo cáo sơ kết"},
        REVIEW,
    ),
    ("meetings:meeting_attendance", "post", lambda o: {"meeting_id": o["meeting"]}, {}, REVIEW),
    ("meetings:agenda_item_edit", "post", lambda o: {"item_id": o["agenda_item"]}, {"title": "Khai mạc"}, REVIEW),
    ("meetings:agenda_item_move", "post", lambda o: {"item_id": o["agenda_item"]}, {"direction": "down"}, REVIEW),
    ("meetings:agenda_item_remove", "post", lambda o: {"item_id": o["agenda_item"]}, {}, REVIEW),
    (
        "meetings:meeting_follow_up_add",
        "post",
        lambda o: {"meeting_id": o["meeting"]},
        lambda o: {"description": "Rà soát hộ nghèo", "assigned_unit": o["unit"]},
        REVIEW,
    ),
    (
        "meetings:follow_up_status",
        "post",
        lambda o: {"follow_up_id": o["follow_up"]},
        {"status": "done"},
        FOLLOW_UP,
    ),
    ("meetings:meeting_print", "post", lambda o: {"meeting_id": o["meeting"]}, {"kind": "invitation"}, ORDER),
    ("reports:period", "get", lambda o: {"document": o["policy"]}, None, EVERYONE),
    ("reports:period_review_text", "get", lambda o: {"document": o["policy"]}, None, DOWNLOAD),
    ("programmes:policy_target_new", "get", lambda o: {"document": o["policy"]}, None, REVIEW),
    (
        "programmes:policy_target_edit",
        "get",
        lambda o: {"document": o["policy"], "target_id": o["policy_target"]},
        None,
        REVIEW,
    ),
    ("reports:period_review_text_approve", "post", lambda o: {"document": o["policy"]}, {}, APPROVE),
    ("reports:archive_year", "get", lambda o: {"year": 2023}, None, DOWNLOAD),
    ("reports:run", "get", lambda o: {"run_id": o["run_done"]}, None, DOWNLOAD),
    ("reports:run_download", "get", lambda o: {"run_id": o["run_done"]}, None, DOWNLOAD),
    ("reports:run_retry", "post", lambda o: {"run_id": o["run_failed"]}, {}, ORDER),
    (
        "reports:programme_signoff",
        "post",
        lambda o: {"year": 2023},
        lambda o: {"decision": "approved", "text_hash": o["programme_hash"]},
        APPROVE,
    ),
    ("reports:run_download_word", "get", lambda o: {"run_id": o["run_done"]}, None, DOWNLOAD),
    ("reports:run_download_official", "get", lambda o: {"run_id": o["run_issued"]}, None, DOWNLOAD),
    ("reports:run_step", "post", lambda o: {"run_id": o["run_done"]}, {"to": "submitted"}, ORDER),
    ("reports:run_issue", "post", lambda o: {"run_id": o["run_signed"]}, {"day": "05/03/2024"}, ORDER),
    (
        "reports:run_official_copy",
        "post",
        lambda o: {"run_id": o["run_issued"]},
        lambda o: {"scan": SimpleUploadedFile("ban-ky.pdf", b"%PDF-1.4\n%%EOF\n")},
        ORDER,
    ),
    ("reports:review_draft_approve", "post", lambda o: {"year": 2023}, {}, APPROVE),
    ("reports:review_draft_period", "get", lambda o: {"year": 2023, "period_id": o["period"]}, None, DOWNLOAD),
    (
        "reports:review_draft_approve_period",
        "post",
        lambda o: {"year": 2023, "period_id": o["period"]},
        {},
        APPROVE,
    ),
    (
        "programmes:obligation_new",
        "post",
        lambda o: {"year": 2023, "period_id": o["period"]},
        {"due_on": "20/10/2023"},
        REVIEW,
    ),
    ("programmes:unit_reports", "get", lambda o: {"obligation_id": o["obligation"]}, None, EVERYONE),
    ("emulation:exemplar", "get", lambda o: {"exemplar_id": o["exemplar"]}, None, EVERYONE),
    ("emulation:exemplar_edit", "get", lambda o: {"exemplar_id": o["exemplar"]}, None, ENTER),
    ("emulation:exemplar_evidence", "get", lambda o: {"exemplar_id": o["exemplar"]}, None, ENTER),
    (
        "emulation:exemplar_evaluate",
        "post",
        lambda o: {"exemplar_id": o["exemplar"]},
        {"decision": "return", "assessment": "Bổ sung kết quả"},
        REVIEW,
    ),
    ("emulation:exemplar_replicate", "post", lambda o: {"exemplar_id": o["exemplar"]}, {"note": "Xã C"}, REVIEW),
    (
        "emulation:exemplar_photo_add",
        "post",
        lambda o: {"exemplar_id": o["exemplar"]},
        lambda o: {"photo": SimpleUploadedFile("mo-hinh.png", png_bytes())},
        ENTER,
    ),
    (
        "emulation:exemplar_photo",
        "get",
        lambda o: {"exemplar_id": o["exemplar"], "photo_id": o["exemplar_photo"]},
        None,
        EVERYONE,
    ),
    ("emulation:proposal", "get", lambda o: {"proposal_id": o["proposal"]}, None, DOWNLOAD),
    ("emulation:proposal_fill", "post", lambda o: {"proposal_id": o["proposal"]}, {}, REVIEW),
    ("emulation:proposal_grounds", "post", lambda o: {"proposal_id": o["proposal"]}, {"grounds": "Căn cứ"}, REVIEW),
    ("emulation:proposal_submit", "post", lambda o: {"proposal_id": o["proposal"]}, {}, REVIEW),
    (
        "emulation:proposal_decide",
        "post",
        lambda o: {"proposal_id": o["proposal"]},
        lambda o: {"decision": "approved", "text_hash": o["proposal_hash"]},
        APPROVE,
    ),
    ("emulation:proposal_print", "post", lambda o: {"proposal_id": o["proposal"]}, {"kind": "award_proposal"}, ORDER),
    (
        "emulation:entry_edit",
        "get",
        lambda o: {"proposal_id": o["proposal"], "entry_id": o["entry"]},
        None,
        REVIEW,
    ),
    (
        "emulation:entry_delete",
        "post",
        lambda o: {"proposal_id": o["proposal"], "entry_id": o["entry"]},
        {},
        REVIEW,
    ),
]


def _committee_url_names(patterns=None, prefix="", namespace=None):
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            yield from _committee_url_names(p.url_patterns, prefix + str(p.pattern), p.namespace or namespace)
        elif p.name and (prefix + str(p.pattern)).startswith("c/<slug:committee>/"):
            yield f"{namespace}:{p.name}" if namespace else p.name


def test_every_committee_url_has_its_row_in_the_matrix():
    covered = {row[0] for row in PAGES} | {row[0] for row in ACTIONS}
    assert set(_committee_url_names()) == covered


@pytest.fixture
def objects(committee, programme, units, standing_office, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    category = ActivityCategory.objects.order_by("order").first()
    draft = ActivityFactory(programme=programme, lead_unit=units["district"], category=category, status="draft")
    submitted = ActivityFactory(programme=programme, lead_unit=units["district"], category=category, status="submitted")
    sub_submitted = ActivityFactory(
        programme=programme, lead_unit=units["commune"], category=category, status="submitted"
    )
    attachment = activity_services.attachment_add(
        access=get_access(standing_office, committee.slug),
        user=standing_office,
        activity_id=draft.pk,
        upload=SimpleUploadedFile("anh.png", png_bytes()),
    )
    meeting = Meeting.objects.create(
        committee=committee,
        programme=programme,
        kind="regular",
        title="Họp quý I",
        starts_at=dt.datetime(2023, 3, 1, 8, tzinfo=dt.UTC),
    )
    follow_up = FollowUp.objects.create(meeting=meeting, description="Báo cáo kết quả", assigned_unit=units["district"])
    agenda = [AgendaItem.objects.create(meeting=meeting, order=i, title=f"Mục {i}") for i in (1, 2)]
    head = Member.objects.create(committee=committee, full_name="Nguyễn Văn Trưởng", role=Member.Role.HEAD)
    task = ProgrammeTask.objects.create(
        programme=programme, order=1, title="Xây nhà đồng đội", lead_unit=units["district"]
    )
    target = Target.objects.create(
        programme=programme, category=category, measure=category.measures[0], target_value=100
    )
    period = ReportingPeriod.objects.create(
        programme=programme, kind="q3", name="Quý III năm 2023", start=dt.date(2023, 7, 1), end=dt.date(2023, 9, 30)
    )
    policy = PolicyDocument.objects.create(
        committee=committee,
        kind=PolicyDocument.Kind.choices[0][0],
        number_symbol="01-KH/BCĐ",
        title="Kế hoạch 2021–2025",
        issuer="BCĐ",
        issued_on=dt.date(2021, 1, 5),
        period_start=2021,
        period_end=2025,
    )
    done = ReportRun.objects.create(
        programme=programme, kind=ReportRun.Kind.YEARLY_REVIEW, status="done", sha256="0" * 64, page_count=1
    )
    done.pdf.save("bao-cao.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    done.docx.save("bao-cao.docx", ContentFile(b"PK\x03\x04 word"))
    signed = ReportRun.objects.create(
        programme=programme,
        kind=ReportRun.Kind.YEARLY_REVIEW,
        status="done",
        sha256="1" * 64,
        page_count=1,
        stage="signed",
        document_meta={"doc_type": "BC"},
    )
    register = DocumentRegister.objects.create(committee=committee, doc_type="BC", period="2020–2025", last_number=1)
    issued = ReportRun.objects.create(
        programme=programme,
        kind=ReportRun.Kind.YEARLY_REVIEW,
        status="done",
        sha256="2" * 64,
        page_count=1,
        stage="issued",
        register=register,
        issued_number=1,
        issued_on=dt.date(2024, 1, 5),
    )
    issued.official_copy.save("ban-ky.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    failed = ReportRun.objects.create(
        programme=programme,
        kind=ReportRun.Kind.YEARLY_REVIEW,
        status="failed",
        error="Lỗi thử",
        document_meta={"signer": head.pk},
    )
    ReviewDraft.objects.create(
        programme=programme, strengths="Phối hợp tốt", limitations="Còn chậm", directions="Tiếp tục"
    )
    ReviewDraft.objects.create(programme=programme, period=period, strengths="Quý III làm tốt")
    ReviewDraft.objects.create(policy_document=policy, strengths="Giai đoạn làm tốt")
    policy_target = PolicyTarget.objects.create(
        document=policy, category=category, measure=category.measures[0], target_value=500
    )
    office = get_access(standing_office, committee.slug)
    obligation = ReportingObligation.objects.create(period=period, due_on=dt.date(2023, 10, 15))
    exemplar = emulation.exemplar_save(
        access=office,
        user=standing_office,
        data={
            "kind": "model",
            "name": "Mô hình “Dân vận khéo” thử",
            "unit": units["district"],
            "field": "economy",
            "registered_year": 2023,
        },
        activity_ids=[],
    )
    photo = emulation.exemplar_photo_add(
        access=office, user=standing_office, exemplar_id=exemplar.pk, upload=SimpleUploadedFile("a.png", png_bytes())
    )
    proposal = emulation.proposal_open(access=office, user=standing_office, programme_id=programme.pk)
    entry = emulation.entry_save(
        access=office,
        user=standing_office,
        proposal_id=proposal.pk,
        data={"recipient": "collective", "form": "committee", "unit": units["district"]},
    )
    emulation.proposal_submit(access=office, user=standing_office, proposal_id=proposal.pk)
    proposal.refresh_from_db()
    return {
        "obligation": obligation.pk,
        "sub_submitted": sub_submitted.pk,
        "exemplar": exemplar.pk,
        "exemplar_photo": photo.pk,
        "proposal": proposal.pk,
        "proposal_hash": proposal.text_hash(),
        "entry": entry.pk,
        "draft": draft.pk,
        "submitted": submitted.pk,
        "attachment": attachment.pk,
        "meeting": meeting.pk,
        "follow_up": follow_up.pk,
        "agenda_item": agenda[0].pk,
        "member": head.pk,
        "task": task.pk,
        "target": target.pk,
        "period": period.pk,
        "policy_target": policy_target.pk,
        "policy": policy.pk,
        "run_done": done.pk,
        "run_failed": failed.pk,
        "run_signed": signed.pk,
        "programme_hash": programme_hash(programme),
        "run_issued": issued.pk,
        "unit": units["district"].pk,
    }


def _send(client, committee, row, objects):
    name, method, kwargs, data, _allowed = row
    url = reverse(name, kwargs={"committee": committee.slug, **kwargs(objects)})
    if method == "get":
        return client.get(url)
    if data == "photo":
        data = {"photos": SimpleUploadedFile("moi.png", png_bytes())}
    elif callable(data):
        data = data(objects)
    return client.post(url, data)


@pytest.mark.parametrize("row", ACTIONS, ids=[a[0] for a in ACTIONS])
@pytest.mark.parametrize("role", ROLES)
def test_object_urls_by_role(role, row, request, client, committee, objects):
    client.force_login(request.getfixturevalue(role))
    response = _send(client, committee, row, objects)
    allowed = row[4]
    if role == "outsider":
        assert response.status_code == 404, (role, row[0])
    elif role in allowed:
        assert response.status_code == (200 if row[1] == "get" else 302), (role, row[0], response.status_code)
    else:
        assert response.status_code == 403, (role, row[0], response.status_code)


@pytest.mark.parametrize("row", ACTIONS, ids=[a[0] for a in ACTIONS])
def test_anonymous_users_are_sent_to_log_in_from_every_object_url(row, client, committee, objects):
    response = _send(client, committee, row, objects)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("row", [a for a in ACTIONS if a[1] == "post"], ids=[a[0] for a in ACTIONS if a[1] == "post"])
def test_changes_need_a_csrf_token(row, committee, objects, standing_office):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(standing_office)
    response = _send(client, committee, row, objects)
    assert response.status_code == 403, row[0]


# The list-wide actions name no one object: another unit's ids are left out, not refused.
LIST_WIDE = {"activities:review_bulk_confirm", "activities:submit_selected"}
UNIT_OBJECTS = [a for a in ACTIONS if a[0].startswith("activities:") and a[0] not in LIST_WIDE]


@pytest.mark.parametrize("row", UNIT_OBJECTS, ids=[a[0] for a in UNIT_OBJECTS])
def test_another_units_secretary_finds_nothing_at_its_activities_urls(row, client, committee, objects, other_secretary):
    client.force_login(other_secretary)
    assert _send(client, committee, row, objects).status_code == 404, row[0]
