import pytest
from django.urls import reverse

from reports.models import ReportRun, ReviewDraft
from reports.services import rendering


@pytest.fixture
def urls(committee, review_year):
    def build(name, **kwargs):
        return reverse(f"reports:{name}", kwargs={"committee": committee.slug, **kwargs})

    return build


@pytest.fixture
def done_run(make_run):
    return rendering.report_render(run_id=make_run().pk)


@pytest.mark.parametrize(
    ("role", "status"),
    [("secretary", 403), ("chair", 200), ("staff", 200), ("standing_office", 200), ("outsider", 404)],
)
def test_archive_access_by_role(role, status, request, client, urls, review_year):
    client.force_login(request.getfixturevalue(role))
    assert client.get(urls("archive_year", year=2023)).status_code == status


@pytest.mark.parametrize(
    ("role", "status"), [("chair", 403), ("secretary", 403), ("staff", 200), ("standing_office", 200)]
)
def test_only_staff_and_the_standing_office_order_documents(role, status, request, client, urls):
    client.force_login(request.getfixturevalue(role))
    assert client.get(urls("request", year=2023)).status_code == status


@pytest.mark.parametrize(("role", "status"), [("chair", 200), ("staff", 200), ("secretary", 403), ("outsider", 404)])
def test_download_is_permission_checked(role, status, request, client, urls, done_run):
    client.force_login(request.getfixturevalue(role))
    response = client.get(urls("run_download", run_id=done_run.pk))
    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Security-Policy"].startswith("sandbox")
        assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_another_committees_run_is_404(client, outsider, done_run, other_committee):
    client.force_login(outsider)
    url = reverse("reports:run", kwargs={"committee": other_committee.slug, "run_id": done_run.pk})
    assert client.get(url).status_code == 404


def test_archive_marks_documents_whose_data_changed_and_shows_what(client, chair, urls, done_run, review_year):
    client.force_login(chair)
    assert "data-changed" not in client.get(urls("archive_year", year=2023)).content.decode()
    activity = review_year.activities.filter(status="confirmed").first()
    activity.funding_state += 5_000_000
    activity.save()
    assert "số liệu đã thay đổi sau khi in" in client.get(urls("archive_year", year=2023)).content.decode()
    page = client.get(urls("run", run_id=done_run.pk))
    changes = dict((what, (old, new)) for what, old, new in page.context["changes"])
    old, new = changes["Tổng trị giá (đồng)"]
    assert new - old == 5_000_000


def test_bad_request_details_get_a_message_and_create_nothing(client, staff, urls, review_year):
    client.force_login(staff)
    response = client.post(
        urls("request", year=2023),
        {
            "kind": "x",
            "profile": "party",
            "issuing_body": "",
            "symbol": "BCĐ",
            "place": "x",
            "date": "31/02/2024",
            "signer": "999",
            "distribution": "- a",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"kind", "issuing_body", "date", "signer"} <= set(errors)
    assert not ReportRun.objects.exists()


def test_review_text_written_by_the_office_and_approved_by_the_chair(
    client, standing_office, chair, secretary, urls, review_year
):
    url = urls("review_draft", year=2023)
    client.force_login(standing_office)
    client.post(
        url,
        {
            "general_assessment": "Năm 2023 hoàn thành tốt.",
            "strengths": "A",
            "limitations": "B",
            "lessons": "C",
            "directions": "D",
            "proposals": "E",
        },
    )
    draft = ReviewDraft.objects.get(programme=review_year)
    assert draft.status == "awaiting" and draft.updated_by == standing_office
    assert client.post(urls("review_draft_approve", year=2023)).status_code == 403
    client.force_login(chair)
    assert client.post(url, {"strengths": "x"}).status_code == 403
    page = client.get(url).content.decode()
    assert f'name="text_hash" value="{draft.text_hash()}"' in page
    client.post(urls("review_draft_approve", year=2023), {"text_hash": draft.text_hash()})
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == chair
    assert draft.approved_hash == draft.text_hash()
    client.force_login(secretary)
    assert client.get(url).status_code == 403


def test_a_meeting_packet_request_needs_its_conference(client, staff, urls, review_year):
    client.force_login(staff)
    response = client.post(
        urls("request", year=2023),
        {
            "kind": "meeting_packet",
            "profile": "party",
            "issuing_body": "BCĐ",
            "symbol": "BCĐ",
            "place": "x",
            "date": "05/03/2024",
            "signer": review_year.committee.members.get().pk,
            "distribution": "- a",
        },
    )
    assert "meeting" in response.context["form"].errors
    assert not ReportRun.objects.exists()


def test_the_download_is_named_after_the_document_and_its_number_or_date(client, staff, urls, done_run):
    client.force_login(staff)
    response = client.get(urls("run_download", run_id=done_run.pk))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-nam-2023-so-15.pdf"'
    done_run.document_meta = {**done_run.document_meta, "number": "", "date": "2024-01-05"}
    done_run.save(update_fields=["document_meta"])
    response = client.get(urls("run_download", run_id=done_run.pk))
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-ket-nam-2023-ngay-05-01-2024.pdf"'


def test_the_chair_approves_only_the_text_she_saw(client, standing_office, chair, urls, review_year):
    from reports.models import ReviewDraft

    draft = ReviewDraft.objects.get(programme=review_year)
    draft.status = ReviewDraft.Status.AWAITING_APPROVAL
    draft.save()
    client.force_login(chair)
    seen = client.get(urls("review_draft", year=2023)).context["draft"].text_hash()
    client.force_login(standing_office)
    client.post(urls("review_draft", year=2023), {"strengths": "Văn bản đã sửa sau khi đồng chí Trưởng ban mở"})
    client.force_login(chair)
    response = client.post(urls("review_draft_approve", year=2023), {"text_hash": seen}, follow=True)
    draft.refresh_from_db()
    assert draft.status == "awaiting" and draft.approved_by is None
    assert "chưa được phê duyệt" in response.content.decode()
