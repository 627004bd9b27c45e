"""Each printed kind says for itself whether the data behind it changed
since it was printed. An invitation, minutes or period review used to be
compared with the yearly review's fingerprint, so each was marked
"Số liệu đã thay đổi sau khi in" the moment it was printed."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from coordination.models import Member
from devtools.factories import ActivityFactory
from meetings.models import Meeting
from programmes.models import PolicyDocument, Programme
from reports.models import ReportRun
from reports.services import rendering

CHANGED = "data-changed"


@pytest.fixture
def printed(client, staff, committee, programme, units, settings, tmp_path):
    """The 2023 programme (with a 2022 one before it), a conference, and its
    invitation, minutes and the 2021–2025 period review, printed by staff."""
    settings.MEDIA_ROOT = tmp_path
    head = Member.objects.create(committee=committee, full_name="Hoàng Thị Minh Nguyệt", role=Member.Role.HEAD)
    previous = Programme.objects.create(committee=committee, year=2022, title="Chương trình năm 2022")
    ActivityFactory(programme=previous, lead_unit=units["union"], status="confirmed", funding_state=7_000_000)
    activity = ActivityFactory(
        programme=programme, lead_unit=units["union"], status="confirmed", funding_state=2_000_000
    )
    meeting = Meeting.objects.create(
        committee=committee,
        programme=programme,
        kind="yearly_review",
        title="Hội nghị tổng kết năm 2023",
        starts_at=dt.datetime(2024, 1, 20, 1, tzinfo=dt.UTC),
        place="Hội trường Bộ CHQS tỉnh",
    )
    meeting.co_chairs.set([head])
    doc = PolicyDocument.objects.create(
        committee=committee,
        kind="project",
        number_symbol="05-ĐA/TU",
        title="Nâng cao chất lượng công tác dân vận",
        issuer="Tỉnh ủy",
        issued_on=dt.date(2021, 5, 1),
        period_start=2021,
        period_end=2025,
    )
    client.force_login(staff)
    print_url = reverse("meetings:meeting_print", kwargs={"committee": committee.slug, "meeting_id": meeting.pk})
    with mock.patch("config.celery.app.send_task"):
        for kind in ("invitation", "minutes"):
            assert client.post(print_url, {"kind": kind}).status_code == 302
        request_url = reverse("reports:request", kwargs={"committee": committee.slug, "year": 2023})
        form = client.get(request_url).context["form"]
        data = {name: value for name, value in form.initial.items() if value is not None}
        data.update(kind="period_review", policy_document=doc.pk, date="05/02/2024", signer=head.pk, place="Sơn Hà")
        data["distribution"] = "\n".join(form.initial["distribution"])
        response = client.post(request_url, data)
        assert response.status_code == 302, response.context["form"].errors
    runs = {run.kind: run for run in ReportRun.objects.all()}
    assert set(runs) == {"invitation", "minutes", "period_review"}
    for run in runs.values():
        assert rendering.report_render(run_id=run.pk).status == "done"
    return {"runs": runs, "meeting": meeting, "activity": activity, "committee": committee}


def _archive(client, committee) -> str:
    return client.get(
        reverse("reports:archive_year", kwargs={"committee": committee.slug, "year": 2023})
    ).content.decode()


def _run_page(client, committee, run):
    return client.get(reverse("reports:run", kwargs={"committee": committee.slug, "run_id": run.pk}))


def test_documents_just_printed_are_not_marked_changed(client, printed):
    committee = printed["committee"]
    assert CHANGED not in _archive(client, committee)
    for run in printed["runs"].values():
        assert CHANGED not in _run_page(client, committee, run).content.decode(), run.kind


def test_a_changed_meeting_marks_its_invitation_and_minutes_and_says_what_changed(client, printed):
    committee, runs, meeting = printed["committee"], printed["runs"], printed["meeting"]
    meeting.place = "Hội trường Tỉnh ủy"
    meeting.save()
    for kind in ("invitation", "minutes"):
        page = _run_page(client, committee, runs[kind])
        assert CHANGED in page.content.decode()
        changes = {what: (old, new) for what, old, new in page.context["changes"]}
        assert changes == {"Địa điểm": ("Hội trường Bộ CHQS tỉnh", "Hội trường Tỉnh ủy")}
    assert CHANGED not in _run_page(client, committee, runs["period_review"]).content.decode()
    assert _archive(client, committee).count(f'{CHANGED}"') == 2


def test_a_changed_activity_of_the_period_marks_the_period_review_only(client, printed):
    committee, runs, activity = printed["committee"], printed["runs"], printed["activity"]
    activity.funding_state = 3_000_000
    activity.save()
    page = _run_page(client, committee, runs["period_review"])
    assert CHANGED in page.content.decode()
    changes = {what: (old, new) for what, old, new in page.context["changes"]}
    assert changes["Tổng trị giá (đồng)"] == (9_000_000, 10_000_000)
    assert changes["Năm 2023 – trị giá (đồng)"] == (2_000_000, 3_000_000)
    for kind in ("invitation", "minutes"):
        assert CHANGED not in _run_page(client, committee, runs[kind]).content.decode()


def test_file_names_keep_d_and_the_years_of_a_period(printed):
    from reports import kinds

    run = printed["runs"]["period_review"]
    assert kinds.kind_of(run).file_name(run) == f"bao-cao-tong-ket-de-an-05-datu-giai-doan-2021-2025-{run.pk}.pdf"
    invitation = printed["runs"]["invitation"]
    name = kinds.kind_of(invitation).file_name(invitation)
    assert name == f"giay-moi-hop-hoi-nghi-tong-ket-nam-2023-{invitation.pk}.pdf"


def test_a_long_meeting_title_still_prints_within_the_file_name_limit(printed):
    from reports import kinds

    meeting, run = printed["meeting"], printed["runs"]["invitation"]
    meeting.title = "Hội nghị " + "tổng kết công tác dân vận " * 11
    meeting.save()
    name = kinds.kind_of(run).file_name(run)
    assert len(name) <= 50 + len(f"-{run.pk}.pdf") and name.startswith("giay-moi-hop-hoi-nghi-tong-ket")


def test_an_invitation_has_its_own_distribution_and_says_the_meeting_as_a_clerk_would(printed):
    """ "Nơi nhận" of an invitation is the people invited, not the report's
    list; "Dự Hội nghị …" keeps the event's capital, "Dự họp …" does not."""
    import io

    from pypdf import PdfReader

    run = printed["runs"]["invitation"]
    assert run.document_meta["distribution"][0] == "- Như thành phần mời;"
    assert not any("Ban Thường vụ" in line for line in run.document_meta["distribution"])
    meeting = printed["meeting"]
    meeting.title = "Họp Ban Chỉ đạo quý III"
    meeting.save()
    pdf = rendering.render_run(run).pdf  # printed again after the change
    reader = PdfReader(io.BytesIO(pdf))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "Dự họp Ban Chỉ đạo quý III" in text and "Tới dự họp Ban Chỉ đạo quý III" in text
    assert "Dự Họp" not in text and "Như thành phần mời" in text
    assert reader.metadata.title == "Giấy mời họp Ban Chỉ đạo quý III"
    minutes = printed["runs"]["minutes"]
    assert minutes.document_meta["distribution"][0] == "- Các đồng chí dự họp;"


def test_downloads_are_named_to_be_filed_and_technical_details_are_folded(client, printed, committee):
    from django.urls import reverse

    from reports import kinds

    review = printed["runs"]["period_review"]
    review.document_meta = {**review.document_meta, "number": "15"}
    review.sha256 = "c0ffee" * 10 + "abcd"
    review.save(update_fields=["document_meta", "sha256"])
    response = client.get(reverse("reports:run_download", kwargs={"committee": committee.slug, "run_id": review.pk}))
    assert 'filename="bao-cao-tong-ket-de-an-05-datu-giai-doan-2021-2025-so-15.pdf"' in response["Content-Disposition"]
    invitation = printed["runs"]["invitation"]
    invitation.document_meta = {**invitation.document_meta, "number": "", "date": "2024-01-05"}
    assert kinds.kind_of(invitation).download_name(invitation) == (
        "giay-moi-hop-hoi-nghi-tong-ket-nam-2023-ngay-05-01-2024.pdf"
    )
    page = _run_page(client, committee, review).content.decode()
    details = page[page.index('<details class="small run-details">') :]
    assert review.sha256 in details and review.sha256 not in page[: page.index('<details class="small run-details">')]
    assert review.sha256[:12] not in _archive(client, committee)
