"""The five-year review of a policy document: the period page, where every
figure links to its rows, and the printed final review."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from coordination.models import Locality
from devtools.factories import ActivityFactory
from programmes.models import ActivityCategory, PolicyDocument, PolicyTarget, Programme
from reports import documents
from reports.models import ReportRun, ReviewDraft

REFORM = dt.date(2025, 7, 1)


@pytest.fixture
def de_an(committee, programme, units):
    """A 2023–2025 Đề án with two targets; activities in each year, some in a
    commune merged on 01/07/2025 into a new one, and some after the merger in
    the new commune."""
    doc = PolicyDocument.objects.create(
        committee=committee,
        kind="project",
        number_symbol="05-ĐA/TU",
        title="Nâng cao chất lượng công tác dân vận giai đoạn 2023–2025",
        issuer="Ban Chấp hành Đảng bộ tỉnh",
        issued_on=dt.date(2023, 1, 10),
        period_start=2023,
        period_end=2025,
    )
    houses = ActivityCategory.objects.get(code="nha-dai-doan-ket")
    gifts = ActivityCategory.objects.get(code="qua-chinh-sach")
    PolicyTarget.objects.create(document=doc, category=houses, measure="houses_built", target_value=20)
    PolicyTarget.objects.create(document=doc, category=gifts, measure="gifts", target_value=1000)
    new = Locality.objects.create(name="Xã Mới Hợp Nhất", level="commune", valid_from=REFORM)
    old = Locality.objects.create(name="Xã Cũ", level="commune", valid_to=dt.date(2025, 6, 30), successor=new)
    other = Locality.objects.create(name="Xã Khác", level="commune")
    years = {2023: programme}
    for year in (2024, 2025):
        years[year] = Programme.objects.create(committee=committee, year=year, title=f"CT {year}")
    for year, p in years.items():
        for i in range(3):
            day = dt.date(year, 3 + i, 10)
            ActivityFactory(
                programme=p,
                category=houses if i % 2 == 0 else gifts,
                lead_unit=units["district"] if i else units["union"],
                locality=old if i == 0 else other,
                start_date=day,
                end_date=day,
                status="confirmed",
                houses_built=2 if i % 2 == 0 else 0,
                gifts=0 if i % 2 == 0 else 100,
                funding_state=1_000_000 * (year - 2020),
            )
    after = dt.date(2025, 9, 1)
    ActivityFactory(
        programme=years[2025],
        category=houses,
        lead_unit=units["district"],
        locality=new,
        start_date=after,
        end_date=after,
        status="confirmed",
        houses_built=3,
        funding_state=9_000_000,
    )
    ActivityFactory(programme=years[2024], category=gifts, lead_unit=units["union"], status="submitted", gifts=999)
    return doc


def _url(committee, doc, **query):
    from urllib.parse import urlencode

    base = reverse("reports:period", kwargs={"committee": committee.slug, "document": doc.pk})
    return f"{base}?{urlencode(query)}" if query else base


@pytest.mark.parametrize("fold", [False, True])
def test_every_figure_of_the_period_links_to_a_list_whose_totals_equal_it(client, chair, committee, de_an, fold):
    client.force_login(chair)
    response = client.get(_url(committee, de_an, **({"fold": "on"} if fold else {})))
    ctx = response.context
    f = ctx["f"]
    assert f.total.count == 10 and [r.sums.count for r in f.years] == [3, 3, 4]
    pairs = [(ctx["drill"](), f.total)]
    pairs += [(ctx["year_links"][r.key], r.sums) for r in f.years]
    pairs += [(ctx["category_links"][r.key], r.sums) for r in f.categories]
    pairs += [(ctx["unit_links"][r.key], r.sums) for r in f.units]
    pairs += [(ctx["locality_links"][r.key], r.sums) for r in f.localities]
    for link, sums in pairs:
        totals = client.get(link).context["totals"]
        assert (totals["count"], totals["amount_total"]) == (sums.count, sums.amount_total), link
    for t in f.targets:
        links = ctx["target_links"][t.target_id]
        assert client.get(links["total"]).context["totals"][t.measure] == t.actual
        for year, value, link in links["years"]:
            assert client.get(link).context["totals"][t.measure] == value, (t.measure, year)
    houses = next(t for t in f.targets if t.measure == "houses_built")
    assert houses.by_year == {2023: 4, 2024: 4, 2025: 7} and houses.actual == 15 and houses.percent == 75.0
    names = {r.label: r.sums.count for r in f.localities}
    if fold:  # the old commune's three activities count in the commune that carries it on
        assert names["Xã Mới Hợp Nhất"] == 4 and "Xã Cũ" not in names
    else:
        assert names["Xã Cũ"] == 3 and names["Xã Mới Hợp Nhất"] == 1


def test_the_period_page_asks_a_fixed_number_of_queries(client, chair, committee, de_an, django_assert_num_queries):
    client.force_login(chair)
    client.get(_url(committee, de_an))  # warm caches (content types, sessions)
    # session, user, role, document, the targets, the GROUPING SETS of the
    # five tables (year, category, unit, locality, category × year), the
    # labels, the review text; folding adds one query per reform followed
    # (one here, and the last that finds no successor).
    with django_assert_num_queries(8):
        client.get(_url(committee, de_an))
    with django_assert_num_queries(10):
        client.get(_url(committee, de_an, fold="on"))


def test_the_final_review_prints_with_targets_narrative_and_annexes(committee, de_an, settings, tmp_path):
    from reports.services import rendering

    settings.MEDIA_ROOT = tmp_path
    ReviewDraft.objects.create(
        policy_document=de_an,
        strengths="Ba năm thực hiện Đề án đạt nhiều kết quả.",
        directions="Xây dựng Đề án giai đoạn mới.",
        status=ReviewDraft.Status.APPROVED,
        approved_at=dt.datetime(2025, 11, 28, tzinfo=dt.UTC),
    )
    programme = Programme.objects.get(committee=committee, year=2025)
    run = ReportRun.objects.create(
        programme=programme,
        kind=ReportRun.Kind.PERIOD_REVIEW,
        policy_document=de_an,
        document_meta=documents.default_meta(committee, programme, day=dt.date(2025, 12, 10)),
    )
    done = rendering.report_render(run_id=run.pk)
    reader = PdfReader(io.BytesIO(done.pdf.read()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "tổng kết 3 năm thực hiện Đề án số 05-ĐA/TU" in text
    assert "Kết quả thực hiện các chỉ tiêu của giai đoạn" in text
    assert "Ba năm thực hiện Đề án đạt nhiều kết quả." in text and "GIAI ĐOẠN TIẾP THEO" in text
    assert "Phụ lục 2" in text and "đơn vị hành chính kế thừa hiện nay" in text
    assert "Xã Mới Hợp Nhất" in text and "Xã Cũ" not in text  # folded by default in print
    snapshot = ReportRun.objects.get(pk=run.pk).figures_snapshot
    assert snapshot[documents.TOTAL_COUNT] == 10
    assert snapshot["Chỉ tiêu giai đoạn: Xây dựng, sửa chữa nhà đại đoàn kết – nhà xây mới"] == 15


def test_the_final_review_text_is_written_and_approved(client, standing_office, chair, committee, de_an):
    url = reverse("reports:period_review_text", kwargs={"committee": committee.slug, "document": de_an.pk})
    client.force_login(standing_office)
    client.post(url, {"strengths": "Đạt nhiều kết quả", "directions": "Giai đoạn mới"})
    draft = ReviewDraft.objects.get(policy_document=de_an)
    assert draft.status == "awaiting" and draft.programme is None
    client.force_login(chair)
    page = client.get(url).content.decode()
    assert "giai đoạn tiếp theo" in page
    approve = reverse("reports:period_review_text_approve", kwargs={"committee": committee.slug, "document": de_an.pk})
    client.post(approve, {"text_hash": "khong-dung"})
    draft.refresh_from_db()
    assert draft.status == "awaiting"
    client.post(approve, {"text_hash": draft.text_hash()})
    draft.refresh_from_db()
    assert draft.status == "approved" and draft.approved_by == chair


def test_the_office_enters_a_target_for_the_period_once(client, standing_office, chair, committee, de_an):
    new = reverse("programmes:policy_target_new", kwargs={"committee": committee.slug, "document": de_an.pk})
    data = {
        "category": ActivityCategory.objects.get(code="kham-benh").pk,
        "measure": "people_examined",
        "target_value": "30.000",
    }
    client.force_login(standing_office)
    response = client.post(new, data)
    assert response.status_code == 302
    target = PolicyTarget.objects.get(document=de_an, measure="people_examined")
    assert target.target_value == 30_000
    again = client.post(new, data)
    assert again.status_code == 200 and PolicyTarget.objects.filter(measure="people_examined").count() == 1
    page = client.get(_url(committee, de_an)).content.decode()
    assert "Thêm chỉ tiêu của giai đoạn" in page and f"/targets/{target.pk}/" in page
    client.force_login(chair)
    assert client.get(new).status_code == 403


def test_the_final_review_prints_from_the_shell(committee, de_an, tmp_path, settings):
    from django.core.management import call_command
    from django.core.management.base import CommandError

    settings.MEDIA_ROOT = tmp_path
    out = tmp_path / "tong-ket.pdf"
    call_command(
        "render_review", committee=committee.slug, year=2025, policy_document="05-ĐA/TU", date="10/12/2025", out=out
    )
    reader = PdfReader(io.BytesIO(out.read_bytes()))
    text = " ".join(" ".join(p.extract_text().split()) for p in reader.pages)
    assert "tổng kết 3 năm thực hiện Đề án số 05-ĐA/TU" in text
    run = ReportRun.objects.get(kind="period_review")
    assert run.policy_document == de_an and run.figures_snapshot[documents.TOTAL_COUNT] == 10
    with pytest.raises(CommandError) as refused:
        call_command(
            "render_review", committee=committee.slug, year=2025, policy_document="99-ĐA/TU", out=tmp_path / "x.pdf"
        )
    assert "05-ĐA/TU" in str(refused.value)
