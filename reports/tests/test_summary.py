import datetime as dt
import re
from html import unescape

import pytest
from django.urls import reverse

from coordination.models import Locality
from devtools.factories import ActivityFactory
from programmes.models import ActivityCategory, PolicyDocument, Programme, Target


@pytest.fixture
def summary_url(committee):
    return reverse("reports:summary", kwargs={"committee": committee.slug})


@pytest.fixture
def year_data(committee, programme, units):
    """A 2023 programme with activities across categories, units, months and
    localities (one without), some of them unconfirmed, and a 2022 one."""
    previous = Programme.objects.create(committee=committee, year=2022, title="CT 2022")
    district = Locality.objects.create(name="Huyện Thử", level="district")
    communes = [Locality.objects.create(name=f"Xã {n}", level="commune", parent=district) for n in ("An", "Bình")]
    cats = list(ActivityCategory.objects.order_by("order"))
    unit_list = [units["province"], units["district"], units["commune"], units["union"]]
    for i in range(24):
        a = ActivityFactory(
            programme=programme,
            category=cats[i % 5],
            lead_unit=unit_list[i % 4],
            locality=communes[i % 2] if i % 6 else None,
            start_date=dt.date(2023, 1 + i % 12, 3),
            end_date=dt.date(2023, 1 + i % 12, 4),
            status="confirmed" if i % 3 else "submitted",
            funding_state=1_000_000 * (i + 1),
            funding_social=250_000,
            gifts=i,
            houses_built=i % 2,
        )
        if i % 5 == 0:
            a.participating_units.add(units["district"], units["union"])
    for i in range(5):
        day = dt.date(2022, 5, 1)
        ActivityFactory(
            programme=previous,
            category=cats[i],
            lead_unit=units["union"],
            status="confirmed",
            start_date=day,
            end_date=day,
            funding_state=3_000_000,
        )
    Target.objects.create(programme=programme, category=cats[0], measure="houses_built", target_value=4)
    Target.objects.create(
        programme=programme, category=cats[1], measure="amount_total", target_value=10**7, unit=units["district"]
    )
    return programme


def _links(html: str) -> list[str]:
    """Every link to the activity list that carries a figure."""
    return sorted({unescape(m) for m in re.findall(r'href="([^"]*/activities/\?[^"]*)"', html)})


@pytest.mark.parametrize("scope", ["confirmed", "reported"])
def test_every_figure_links_to_a_list_whose_totals_equal_it(client, standing_office, summary_url, year_data, scope):
    client.force_login(standing_office)
    response = client.get(summary_url, {"year": 2023, "count": scope})
    html = response.content.decode()
    f = response.context["f"]
    checked = 0
    # Headline, categories, units, localities, targets: the figure next to each link.
    pairs = [(response.context["drill"](), f.total)]
    pairs += [(response.context["category_links"][r.key], r.sums) for r in f.categories]
    pairs += [(response.context["unit_links"][r.key], r.sums) for r in f.units]
    pairs += [(response.context["locality_links"][r.key], r.sums) for r in f.localities]
    pairs += [(response.context["month_links"][r.key], r.sums) for r in f.months]
    for link, sums in pairs:
        totals = client.get(link).context["totals"]
        assert totals["count"] == sums.count, link
        assert totals["amount_total"] == sums.amount_total, link
        assert totals["gifts"] == sums["gifts"], link
        checked += 1
    for t in f.targets:
        totals = client.get(response.context["target_links"][t.target_id]).context["totals"]
        assert totals[t.measure] == t.actual
        checked += 1
    assert checked > 20
    assert set(_links(html)) >= {p[0] for p in pairs}  # every figure on the page is a link


@pytest.fixture
def first_half(year_data, units):
    """The 2023 first half with a cut-off on 15/06, and a Tết campaign
    activity of the 2023 programme dated in December 2022; the 2022
    programme has its own first half (by preset)."""
    from programmes.models import ReportingPeriod

    tet = ActivityCategory.objects.get(code="tet-vi-nguoi-ngheo")
    day = dt.date(2022, 12, 28)
    ActivityFactory(
        programme=year_data,
        category=tet,
        lead_unit=units["commune"],
        start_date=day,
        end_date=day,
        status="confirmed",
        funding_social=7_000_000,
        gifts=70,
    )
    return ReportingPeriod.objects.create(
        programme=year_data,
        kind="first-half",
        name="6 tháng đầu năm 2023",
        start=year_data.opening,
        end=dt.date(2023, 6, 30),
        cutoff=dt.date(2023, 6, 15),
    )


@pytest.mark.parametrize("scope", ["confirmed", "reported"])
def test_a_periods_every_figure_links_to_a_list_whose_totals_equal_it(
    client, standing_office, summary_url, first_half, scope
):
    """The first half to its cut-off, with the Tết activity of December 2022
    counted in it (and its month shown as 12/2022), against the first half of
    2022: every figure, last year's too, links to exactly its rows."""
    client.force_login(standing_office)
    response = client.get(summary_url, {"year": 2023, "count": scope, "period": first_half.pk})
    f = response.context["f"]
    assert f.span == (dt.date(2022, 12, 23), dt.date(2023, 6, 15))
    assert f.previous_span == (dt.date(2022, 1, 1), dt.date(2022, 6, 15))  # cut off on the same day
    assert f.months[0].label == "12/2022" and f.months[0].sums.count == 1
    assert [r.label for r in f.months[1:]] == ["01", "02", "03", "04", "05", "06"]
    pairs = [(response.context["drill"](), f.total)]
    pairs += [(response.context["category_links"][r.key], r.sums) for r in f.categories]
    pairs += [(response.context["previous_category_links"][r.key], r.previous) for r in f.categories]
    pairs += [(response.context["previous_drill"](), f.previous_total)]
    pairs += [(response.context["unit_links"][r.key], r.sums) for r in f.units]
    pairs += [(response.context["locality_links"][r.key], r.sums) for r in f.localities]
    pairs += [(response.context["month_links"][r.key], r.sums) for r in f.months]
    for link, sums in pairs:
        totals = client.get(link).context["totals"]
        assert (totals["count"], totals["amount_total"], totals["gifts"]) == (
            sums.count,
            sums.amount_total,
            sums["gifts"],
        ), link
    # Independently of the page: the 2023 activities starting 23/12/2022–15/06/2023.
    from activities.models import Activity

    expected = Activity.objects.filter(
        programme=first_half.programme, start_date__range=(dt.date(2022, 12, 23), dt.date(2023, 6, 15))
    ).counted(scope)
    assert f.total.count == expected.count() and f.total["gifts"] == sum(a.gifts for a in expected)
    whole = client.get(summary_url, {"year": 2023, "count": scope}).context["f"]
    assert (
        whole.total.count
        == f.total.count
        + Activity.objects.filter(programme=first_half.programme, start_date__gt=dt.date(2023, 6, 15))
        .counted(scope)
        .count()
    )
    html = response.content.decode()
    assert "6 tháng đầu năm 2023" in html and "15/06/2023" in html


def test_a_period_of_another_year_stands_for_the_same_kind(client, chair, summary_url, first_half):
    from programmes.models import Programme, ReportingPeriod

    client.force_login(chair)
    previous = Programme.objects.get(year=2022)
    ReportingPeriod.objects.create(
        programme=previous,
        kind="first-half",
        name="6 tháng đầu năm 2022",
        start=dt.date(2022, 1, 1),
        end=dt.date(2022, 6, 30),
    )
    response = client.get(summary_url, {"year": 2022, "period": first_half.pk})
    assert response.status_code == 200 and response.context["period"].name == "6 tháng đầu năm 2022"
    assert client.get(summary_url, {"year": 2023, "period": "999999"}).status_code == 404


def test_unconfirmed_activities_are_left_out_and_the_page_says_so(client, chair, summary_url, year_data):
    client.force_login(chair)
    response = client.get(summary_url, {"year": 2023})
    assert response.context["f"].total.count == 16  # 24 minus the 8 submitted
    assert "Chỉ tính các hoạt động đã được cơ quan thường trực duyệt" in response.content.decode()


def test_total_is_written_in_words(client, chair, summary_url, committee, programme, units):
    ActivityFactory(programme=programme, lead_unit=units["union"], status="confirmed", funding_state=1015)
    client.force_login(chair)
    html = client.get(summary_url, {"year": 2023}).content.decode()
    assert "Một nghìn không trăm mười lăm đồng" in html


def test_comparison_with_the_previous_year(client, chair, summary_url, year_data):
    client.force_login(chair)
    f = client.get(summary_url, {"year": 2023}).context["f"]
    assert f.previous_year == 2022 and f.previous_total.amount_total == 15_000_000
    assert f.change("amount_total") == round((f.total.amount_total - 15_000_000) * 100 / 15_000_000, 1)


# Session, user, role, [a secretary's units], the committee's programmes, the
# programme's reporting periods, [whoever sees the whole committee: the
# programmes' figures stamps], one UNION of the year's GROUP BYs, the unit
# tree, the targets, [the GROUP BY (category, unit) for per-unit targets],
# [the secretary's own units named under the title], the "Dân vận khéo"
# models recognised in the year and the one before. The chair's second view
# finds the figures kept under the same stamps (four queries fewer), the
# secretary's finds the units' scope kept (one fewer; the figures of a unit
# are not kept).
SUMMARY_QUERIES = {"chair": 11, "secretary": 12}
SUMMARY_QUERIES_KEPT = {"chair": 7, "secretary": 11}


@pytest.mark.parametrize("role", ["chair", "secretary"])
@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("with_period", [False, True])
def test_summary_query_count_does_not_grow_with_data(
    role,
    rows,
    with_period,
    request,
    client,
    summary_url,
    committee,
    programme,
    units,
    django_assert_num_queries,
    page_text,
):
    """The same count for the whole year and for a period (the period is
    picked from the programme's periods, already read)."""
    Target.objects.create(
        programme=programme,
        category=ActivityCategory.objects.first(),
        measure="gifts",
        target_value=5,
        unit=units["district"],
    )
    for i in range(rows):
        ActivityFactory(programme=programme, lead_unit=units["commune"], status="confirmed", funding_state=i)
    query = {"year": 2023}
    if with_period:
        from programmes.models import ReportingPeriod

        period = ReportingPeriod.objects.create(
            programme=programme, kind="q1", name="Quý I năm 2023", start=dt.date(2023, 1, 1), end=dt.date(2023, 3, 31)
        )
        query["period"] = period.pk
    client.force_login(request.getfixturevalue(role))
    with django_assert_num_queries(SUMMARY_QUERIES[role]):
        response = client.get(summary_url, query)
        assert response.status_code == 200
    assert (response.context["period"] is not None) == with_period
    with django_assert_num_queries(SUMMARY_QUERIES_KEPT[role]):
        again = client.get(summary_url, query)
    assert page_text(again) == page_text(response)


def test_a_secretary_sees_only_their_scopes_figures(client, secretary, summary_url, programme, units):
    ActivityFactory(programme=programme, lead_unit=units["commune"], status="confirmed", funding_state=7)
    ActivityFactory(programme=programme, lead_unit=units["union"], status="confirmed", funding_state=1000)
    client.force_login(secretary)
    f = client.get(summary_url, {"year": 2023}).context["f"]
    assert f.total.amount_total == 7
    assert {r.label for r in f.units} == {"Bộ CHQS tỉnh", "Ban CHQS huyện A"}  # two levels shown


@pytest.mark.parametrize("role", ["secretary", "standing_office", "chair", "staff", "administrator"])
def test_every_role_opens_the_summary(role, request, client, summary_url, programme):
    client.force_login(request.getfixturevalue(role))
    assert client.get(summary_url).status_code == 200


def test_outsider_gets_404_and_unknown_year_is_404(client, outsider, chair, summary_url, programme):
    client.force_login(outsider)
    assert client.get(summary_url).status_code == 404
    client.force_login(chair)
    assert client.get(summary_url, {"year": 1999}).status_code == 404
    assert client.get(summary_url, {"year": "abc", "count": "<x>"}).status_code == 200
    assert client.post(summary_url).status_code == 405


def test_period_view_sums_the_years_of_a_policy_document(client, chair, committee, year_data, units):
    doc = PolicyDocument.objects.create(
        committee=committee,
        kind="project",
        number_symbol="05-ĐA/TU",
        title="Đề án",
        issuer="Tỉnh ủy",
        issued_on=dt.date(2021, 5, 1),
        period_start=2021,
        period_end=2025,
    )
    client.force_login(chair)
    response = client.get(reverse("reports:period", kwargs={"committee": committee.slug, "document": doc.pk}))
    f = response.context["f"]
    assert [r.key for r in f.years] == [2021, 2022, 2023, 2024, 2025]
    summary_2023 = client.get(reverse("reports:summary", kwargs={"committee": committee.slug}), {"year": 2023}).context[
        "f"
    ]
    assert f.years[2].sums.amount_total == summary_2023.total.amount_total
    assert f.total.amount_total == summary_2023.total.amount_total + 15_000_000
    other = PolicyDocument.objects.create(
        committee=year_data.committee,
        kind="plan",
        number_symbol="1-KH",
        title="x",
        issuer="y",
        issued_on=dt.date(2021, 1, 1),
        period_start=2021,
        period_end=2021,
    )
    assert (
        client.get(reverse("reports:period", kwargs={"committee": "tinh-khac", "document": other.pk})).status_code
        == 404
    )


def test_unit_and_locality_rows_print_each_figure_beside_its_link_and_escape_names(
    client, chair, summary_url, year_data, units
):
    from django.utils import translation
    from django.utils.formats import number_format

    units["union"].name = "Hội <b>Nông dân</b> & Cựu chiến binh"
    units["union"].save()
    client.force_login(chair)
    response = client.get(summary_url, {"year": 2023})
    html = response.content.decode()
    f = response.context["f"]
    assert "Hội &lt;b&gt;Nông dân&lt;/b&gt; &amp; Cựu chiến binh" in html and "<b>Nông dân</b>" not in html
    for kind, rows, links in (
        ("unit", f.units, response.context["unit_links"]),
        ("locality", f.localities, response.context["locality_links"]),
    ):
        assert rows
        for r in rows:
            with translation.override("vi"):
                amount = number_format(r.sums.amount_total, force_grouping=True)  # Django's grouping, not ours
            href = links[r.key].replace("&", "&amp;")
            key = r.key if r.key is not None else "none"
            assert f'<a href="{href}" data-figure="{kind}-{key}">{amount}</a>' in html, (kind, r.label)


def test_a_secretarys_summary_names_the_unit_and_holds_only_its_own_targets(
    client, secretary, summary_url, programme, units
):
    from programmes.models import ActivityCategory, Target

    gifts_category = ActivityCategory.objects.get(code="qua-chinh-sach")
    Target.objects.create(programme=programme, category=gifts_category, measure="gifts", target_value=7)
    own = Target.objects.create(
        programme=programme, category=gifts_category, measure="gifts", target_value=3, unit=units["district"]
    )
    client.force_login(secretary)
    response = client.get(summary_url)
    assert [t.target_id for t in response.context["f"].targets] == [own.pk]
    page = response.content.decode()
    assert "Hoạt động do đơn vị chủ trì: Ban CHQS huyện A và các đơn vị trực thuộc" in page


def test_a_year_without_figures_says_so(client, chair, summary_url, programme):
    client.force_login(chair)
    page = client.get(summary_url).content.decode()
    assert "Năm 2023 chưa có số liệu" in page


def test_percentages_over_a_thousand_carry_the_thousands_separator(client, chair, summary_url, programme, units):
    """A target met fifteen times over reads 1.500,0 %, as Vietnamese writes
    every number (VIETNAMESE.md), not 1500,0 %."""
    category = ActivityCategory.objects.order_by("order").first()
    for _ in range(3):
        ActivityFactory(programme=programme, category=category, lead_unit=units["commune"], status="confirmed", gifts=5)
    Target.objects.create(programme=programme, category=category, measure="gifts", target_value=1)
    client.force_login(chair)
    page = client.get(summary_url, {"year": 2023}).content.decode()
    assert "1.500,0%" in page and "1500,0" not in page
