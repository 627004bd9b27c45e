"""Commendation lists: drafted from the review's figures, a unit or a
person proposed once, approved by both co-chairs through the same approval
as the review texts, printed as the proposal and the decision (read back
from the PDF and the Word copy), and added to the yearly review."""

import io
from unittest import mock

import pytest
from django.urls import reverse
from pypdf import PdfReader

from emulation import services
from emulation.models import CommendationEntry, CommendationProposal
from kit.templatetags.vn import num
from programmes.measures import FUNDING_FIELDS
from reports import documents, kinds
from reports.models import ReportRun
from reports.services import rendering, runs
from reports.tests.test_signoff import co_chairs  # noqa: F401, F811  (the co-chairs fixture)
from reports.word import read_text


def _url(committee, name, **kwargs):
    return reverse(f"emulation:{name}", kwargs={"committee": committee.slug, **kwargs})


def _amount(activities) -> int:
    return sum(sum(getattr(a, f) for f in FUNDING_FIELDS) for a in activities)


@pytest.fixture
def proposal(committee, programme, standing_office, office_access):
    return services.proposal_open(access=office_access, user=standing_office, programme_id=programme.pk)


def test_the_list_is_drafted_from_the_years_figures(
    committee, units, proposal, standing_office, office_access, year_activities
):
    added = services.proposal_fill(access=office_access, user=standing_office, proposal_id=proposal.pk)
    entries = {e.unit_id: e for e in proposal.entries.all()}
    confirmed = [a for a in year_activities if a.status == "confirmed"]
    led = {u.pk for u in units.values() if any(a.lead_unit_id == u.pk for a in confirmed)}
    assert added == len(led) and set(entries) == led
    # ranked by value: the first is the unit that led the most
    by_value = sorted(led, key=lambda pk: -_amount(a for a in confirmed if a.lead_unit_id == pk))
    assert proposal.entries.order_by("pk").first().unit_id == by_value[0]
    # each achievement names the count and value of what the unit and the units below it led
    district = units["district"]
    below = [a for a in confirmed if a.lead_unit.path.startswith(district.path)]
    text = services.achievement_text(proposal, district)
    assert f"chủ trì thực hiện {num(len(below))} hoạt động, tổng trị giá {num(_amount(below))} đồng" in text
    # drafting again adds no one twice
    assert services.proposal_fill(access=office_access, user=standing_office, proposal_id=proposal.pk) == 0


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ({"recipient": "collective", "name": ""}, {"recipient": "collective", "name": "Tên khác của đơn vị"}),
        (
            {"recipient": "individual", "name": "Nguyễn Văn Hòa", "position": "Trợ lý"},
            {"recipient": "individual", "name": "  nguyễn văn  hoà ", "position": "Chính trị viên"},
        ),
    ],
    ids=["collective", "individual-other-spelling"],
)
def test_a_unit_or_a_person_is_proposed_once_for_a_review(
    client, committee, units, proposal, standing_office, first, second
):
    client.force_login(standing_office)
    url = _url(committee, "proposal", proposal_id=proposal.pk)
    base = {"form": "committee", "unit": units["district"].pk, "achievement": "Thành tích."}
    assert client.post(url, {**base, **first}).status_code == 302
    response = client.post(url, {**base, **second})
    assert response.status_code == 200
    assert "chỉ được đề nghị một lần trong một kỳ tổng kết" in response.content.decode()
    assert proposal.entries.count() == 1
    # the same person in another unit is another person
    if first["recipient"] == "individual":
        assert client.post(url, {**base, **second, "unit": units["union"].pk}).status_code == 302
        assert proposal.entries.count() == 2


def test_the_database_refuses_a_duplicate_that_slips_past_the_check(proposal, units):
    from django.db import IntegrityError, transaction

    CommendationEntry.objects.create(proposal=proposal, recipient="collective", unit=units["district"], name="A")
    with pytest.raises(IntegrityError), transaction.atomic():
        CommendationEntry.objects.create(proposal=proposal, recipient="collective", unit=units["district"], name="B")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"recipient": "individual", "name": ""}, "họ và tên"),
        ({"recipient": "collective", "achievement": "Tốt\x07"}, "ký tự điều khiển"),
        ({"recipient": "nobody"}, "lựa chọn hợp lệ"),
        ({"recipient": "collective", "form": "huan-chuong"}, "lựa chọn hợp lệ"),
        ({"recipient": "collective", "unit": "999999"}, "lựa chọn hợp lệ"),
        ({"recipient": "collective", "name": "x" * 301}, "300"),
    ],
)
def test_bad_entries_are_refused_in_vietnamese_and_change_nothing(
    client, committee, units, proposal, standing_office, data, message
):
    client.force_login(standing_office)
    base = {"form": "committee", "unit": units["district"].pk}
    response = client.post(_url(committee, "proposal", proposal_id=proposal.pk), {**base, **data})
    assert response.status_code == 200 and message in response.content.decode()
    assert not proposal.entries.exists()
    response = client.post(
        _url(committee, "proposal_grounds", proposal_id=proposal.pk), {"grounds": "Căn cứ\x1b"}, follow=True
    )
    assert "ký tự điều khiển" in response.content.decode()
    proposal.refresh_from_db()
    assert "\x1b" not in proposal.grounds


@pytest.fixture
def approved(client, committee, units, proposal, standing_office, office_access, co_chairs, year_activities):  # noqa: F811
    """Drafted, two forms, sent, approved by both co-chairs through the pages."""
    services.proposal_fill(access=office_access, user=standing_office, proposal_id=proposal.pk)
    first = proposal.entries.order_by("pk").first()
    CommendationEntry.objects.filter(pk=first.pk).update(form="people")
    services.entry_save(
        access=office_access,
        user=standing_office,
        proposal_id=proposal.pk,
        data={
            "recipient": "individual",
            "form": "committee",
            "unit": units["commune"],
            "name": "Lò Văn Dũng",
            "position": "Chỉ huy trưởng",
        },
    )
    client.force_login(standing_office)
    client.post(_url(committee, "proposal_submit", proposal_id=proposal.pk))
    proposal.refresh_from_db()
    assert proposal.status == "awaiting"
    seen = proposal.text_hash()
    for head in co_chairs:
        client.force_login(head)
        client.post(
            _url(committee, "proposal_decide", proposal_id=proposal.pk), {"decision": "approved", "text_hash": seen}
        )
    proposal.refresh_from_db()
    return proposal


def test_both_co_chairs_approve_the_list_as_it_reads_and_then_it_is_locked(
    client,
    committee,
    units,
    approved,
    standing_office,
    co_chairs,  # noqa: F811
):  # noqa: F811
    assert approved.status == CommendationProposal.Status.APPROVED
    assert approved.approvals.filter(decision="approved").count() == 2
    assert approved.approved_hash == approved.text_hash()
    client.force_login(standing_office)
    response = client.post(
        _url(committee, "proposal", proposal_id=approved.pk),
        {"recipient": "collective", "form": "committee", "unit": units["union"].pk},
        follow=True,
    )
    assert "không sửa được nữa" in response.content.decode()
    count = approved.entries.count()
    client.post(_url(committee, "entry_delete", proposal_id=approved.pk, entry_id=approved.entries.first().pk))
    assert approved.entries.count() == count


def test_a_co_chair_who_read_an_older_list_records_nothing(
    client,
    committee,
    units,
    proposal,
    standing_office,
    office_access,
    co_chairs,  # noqa: F811
):  # noqa: F811
    services.entry_save(
        access=office_access,
        user=standing_office,
        proposal_id=proposal.pk,
        data={"recipient": "collective", "form": "committee", "unit": units["district"]},
    )
    services.proposal_submit(access=office_access, user=standing_office, proposal_id=proposal.pk)
    proposal.refresh_from_db()
    old = proposal.text_hash()
    services.entry_save(
        access=office_access,
        user=standing_office,
        proposal_id=proposal.pk,
        data={"recipient": "collective", "form": "committee", "unit": units["union"]},
    )
    services.proposal_submit(access=office_access, user=standing_office, proposal_id=proposal.pk)
    client.force_login(co_chairs[0])
    response = client.post(
        _url(committee, "proposal_decide", proposal_id=proposal.pk),
        {"decision": "approved", "text_hash": old},
        follow=True,
    )
    assert "Văn bản đã được sửa sau khi trang này mở ra" in response.content.decode()
    assert not proposal.approvals.exists()


def _print(committee, access, user, proposal, kind):
    with mock.patch("reports.services.runs.dispatch"):
        run = runs.report_request(
            access=access,
            user=user,
            programme_id=proposal.programme_id,
            kind=kind,
            meta=documents.default_meta(committee, proposal.programme, kind="conclusions"),
            options={},
            subject=proposal,
        )
    rendering.report_render(run_id=run.pk)
    run.refresh_from_db()
    assert run.status == "done", run.error
    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(run.pdf.read())).pages)
    run.docx.open("rb")
    paragraphs, tables = read_text(run.docx.read())
    return (
        run,
        " ".join(pdf.split()),
        " ".join(" ".join(paragraphs + [c for t in tables for r in t for c in r]).split()),
    )


def test_the_proposal_and_the_decision_print_the_approved_list(
    committee, approved, standing_office, office_access, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    entries = list(approved.entries.select_related("unit"))
    people = next(e for e in entries if e.form == "people")
    own = [e for e in entries if e.form == "committee"]
    run, pdf, word = _print(committee, office_access, standing_office, approved, ReportRun.Kind.COMMENDATION_PROPOSAL)
    for text in (pdf, word):
        assert "TỜ TRÌNH" in text and "-TTr/" in text
        assert "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh" in text
        assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in text.upper()
        for e in entries:
            assert e.name in text, e.name
    collectives = sum(1 for e in entries if e.recipient == "collective")
    assert f"khen thưởng {collectives} tập thể và {len(entries) - collectives} cá nhân" in pdf
    run, pdf, word = _print(committee, office_access, standing_office, approved, ReportRun.Kind.COMMENDATION_DECISION)
    for text in (pdf, word):
        assert "QUYẾT ĐỊNH" in text and "-QĐ/" in text
        assert all(e.name in text for e in own)
        # the collective proposed for the provincial chairman's certificate is not in this decision
        assert "Bằng khen" not in text
    own_collectives = sum(1 for e in own if e.recipient == "collective")
    assert f"cho {own_collectives} tập thể và {len(own) - own_collectives} cá nhân" in pdf
    assert people.form == "people"
    assert kinds.kind_of(run).is_stale(run) is False


def test_a_list_not_yet_approved_is_not_printed(client, committee, proposal, standing_office, units, office_access):
    services.entry_save(
        access=office_access,
        user=standing_office,
        proposal_id=proposal.pk,
        data={"recipient": "collective", "form": "committee", "unit": units["district"]},
    )
    client.force_login(standing_office)
    response = client.post(
        _url(committee, "proposal_print", proposal_id=proposal.pk), {"kind": "award_proposal"}, follow=True
    )
    assert "sau khi lãnh đạo hai cơ quan đồng chủ trì đã phê duyệt" in response.content.decode()
    assert not ReportRun.objects.exists()


def test_the_yearly_review_prints_the_models_annex_and_the_commendation_list(
    committee, programme, units, approved, standing_office, office_access, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    ex = services.exemplar_save(
        access=office_access,
        user=standing_office,
        data={
            "kind": "model",
            "name": "Mô hình “Mái ấm đồng đội”",
            "unit": units["district"],
            "field": "culture",
            "registered_year": 2023,
        },
        activity_ids=[],
    )
    services.exemplar_evaluate(
        access=office_access, user=standing_office, exemplar_id=ex.pk, decision="recognise", level="province", year=2023
    )
    with mock.patch("reports.services.runs.dispatch"):
        run = runs.report_request(
            access=office_access,
            user=standing_office,
            programme_id=programme.pk,
            kind="yearly_review",
            meta=documents.default_meta(committee, programme),
            options={"annexes": True},
        )
    rendering.report_render(run_id=run.pk)
    run.refresh_from_db()
    pdf = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(run.pdf.read())).pages).split())
    assert "DANH SÁCH MÔ HÌNH “DÂN VẬN KHÉO” NĂM 2023" in pdf
    assert "Mô hình “Mái ấm đồng đội”" in pdf and "Cấp tỉnh (2023)" in pdf
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in pdf
    assert all(e.name in pdf for e in approved.entries.all())
    assert "1 mô hình được công nhận" in pdf
    # recognising another model shows as a change on the run page, and nothing else does
    kind = kinds.kind_of(run)
    assert not kind.is_stale(run)
    other = services.exemplar_save(
        access=office_access,
        user=standing_office,
        data={
            "kind": "model",
            "name": "Mô hình 2",
            "unit": units["union"],
            "field": "economy",
            "registered_year": 2023,
        },
        activity_ids=[],
    )
    assert kind.is_stale(run)
    changed = {c.what: (c.printed, c.now) for c in kind.what_changed(run)}
    assert "Mô hình “Dân vận khéo” năm 2023" in changed
    assert changed["Mô hình “Dân vận khéo” năm 2023"] == (1, 2) and other.registered_year == 2023


def test_a_review_without_models_or_lists_keeps_its_fingerprint(committee, programme, year_activities):
    run = ReportRun.objects.create(
        programme=programme, kind="yearly_review", document_meta=documents.default_meta(committee, programme)
    )
    kind = kinds.kind_of(run)
    assert kind.fingerprint(run) == documents.data_fingerprint(programme, None)


def test_the_proposal_can_be_signed_jointly_by_both_co_chairs(
    client, committee, approved, standing_office, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(standing_office)
    with mock.patch("reports.services.runs.dispatch"):
        response = client.post(
            _url(committee, "proposal_print", proposal_id=approved.pk), {"kind": "award_proposal", "joint": "1"}
        )
    run = ReportRun.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/reports/runs/{run.pk}/")
    blocks = run.document_meta["joint_signatures"]
    assert [b["signer_name"] for b in blocks] == ["Hoàng Thị Minh Nguyệt", "Đại tá Lê Quang Vinh"]
    rendering.report_render(run_id=run.pk)
    run.refresh_from_db()
    pdf = " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(run.pdf.read())).pages).split())
    assert "Hoàng Thị Minh Nguyệt" in pdf and "Đại tá Lê Quang Vinh" in pdf


def _pdf_text(run) -> str:
    run.refresh_from_db()
    assert run.status == "done", run.error
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(run.pdf.read())).pages).split())


def test_the_meeting_packet_carries_the_commendation_list(
    committee, programme, approved, standing_office, office_access, settings, tmp_path
):
    import datetime as dt

    from meetings.models import Meeting

    settings.MEDIA_ROOT = tmp_path
    meeting = Meeting.objects.create(
        committee=committee,
        programme=programme,
        kind="yearly_review",
        title="Hội nghị tổng kết năm 2023",
        starts_at=dt.datetime(2024, 1, 20, 1, 0, tzinfo=dt.UTC),
    )
    with mock.patch("reports.services.runs.dispatch"):
        run = runs.report_request(
            access=office_access,
            user=standing_office,
            programme_id=programme.pk,
            kind="meeting_packet",
            meta=documents.default_meta(committee, programme),
            options={"annexes": True},
            subject=meeting,
        )
    rendering.report_render(run_id=run.pk)
    pdf = _pdf_text(run)
    assert "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG" in pdf
    assert all(e.name in pdf for e in approved.entries.all())


def test_a_half_year_list_prints_with_the_half_year_review_only(
    committee,
    programme,
    units,
    standing_office,
    office_access,
    co_chairs,  # noqa: F811
    settings,
    tmp_path,
):
    import datetime as dt

    from programmes.models import ReportingPeriod
    from reports.services import approvals

    settings.MEDIA_ROOT = tmp_path
    half = ReportingPeriod.objects.create(
        programme=programme,
        kind="first-half",
        name="6 tháng đầu năm 2023",
        start=dt.date(2023, 1, 1),
        end=dt.date(2023, 6, 30),
    )
    proposal = services.proposal_open(
        access=office_access, user=standing_office, programme_id=programme.pk, period_id=half.pk
    )
    assert proposal.review_label() == "Sơ kết 6 tháng đầu năm 2023"
    services.entry_save(
        access=office_access,
        user=standing_office,
        proposal_id=proposal.pk,
        data={
            "recipient": "individual",
            "form": "committee",
            "unit": units["union"],
            "name": "Vi Thị Thơm",
            "position": "Hội viên",
        },
    )
    services.proposal_submit(access=office_access, user=standing_office, proposal_id=proposal.pk)
    proposal.refresh_from_db()
    from coordination.permissions import get_access

    for head in co_chairs:
        approvals.decide(
            access=get_access(head, committee.slug),
            user=head,
            subject=proposal,
            seen_hash=proposal.text_hash(),
            decision="approved",
        )
    printed = {}
    for kind, options in (("interim_review", {"annexes": True}), ("yearly_review", {"annexes": True})):
        with mock.patch("reports.services.runs.dispatch"):
            run = runs.report_request(
                access=office_access,
                user=standing_office,
                programme_id=programme.pk,
                kind=kind,
                meta=documents.default_meta(committee, programme),
                options=options,
                subject=half if kind == "interim_review" else None,
            )
        rendering.report_render(run_id=run.pk)
        printed[kind] = _pdf_text(run)
    assert "Vi Thị Thơm" in printed["interim_review"]
    assert "Vi Thị Thơm" not in printed["yearly_review"]
