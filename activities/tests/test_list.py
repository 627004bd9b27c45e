import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.models import Activity
from devtools.factories import ActivityFactory

# The list page's queries, whatever the number of rows:
#  1 session, 2 user, 3 the user's role in the committee, [4 a secretary's units],
#  then the programme years for the filter, one COUNT+SUM aggregate for the totals
#  row and the paginator, the categories for the filter's drop-down, and the page
#  of rows with category, unit, locality and programme joined in.
# The filter form carries every unit and locality its pickers offer (one query each).
LIST_QUERIES = {"standing_office": 9, "secretary": 10}


def _make(programme, units, n, **kwargs):
    for i in range(n):
        ActivityFactory(
            programme=programme,
            lead_unit=units["commune" if i % 2 else "district"],
            funding_state=1000 * (i + 1),
            **kwargs,
        )


@pytest.mark.parametrize("role", ["standing_office", "secretary"])
@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow_with_rows(
    role, rows, request, client, url, programme, units, django_assert_num_queries
):
    _make(programme, units, rows)
    client.force_login(request.getfixturevalue(role))
    with django_assert_num_queries(LIST_QUERIES[role]):
        response = client.get(url("list"), {"year": 2023})
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == rows


def test_list_query_count_is_the_same_with_filters(client, url, standing_office, programme, units):
    _make(programme, units, 7)
    client.force_login(standing_office)
    client.get(url("list"), {"year": 2023})  # the pickers' rows, read once per process and directory stamp
    with CaptureQueriesContext(connection) as plain:
        client.get(url("list"), {"year": 2023})
    with CaptureQueriesContext(connection) as filtered:
        client.get(
            url("list"),
            {"year": 2023, "status": "submitted", "q": "hoạt động", "sort": "-amount", "date_from": "01/01/2023"},
        )
    assert len(filtered) == len(plain)


def test_totals_row_sums_the_whole_filtered_set_not_the_page(client, url, standing_office, programme, units):
    _make(programme, units, 60)
    client.force_login(standing_office)
    response = client.get(url("list"), {"year": 2023})
    expected = sum(1000 * (i + 1) for i in range(60))
    assert response.context["totals"]["funding_state"] == expected
    assert response.context["totals"]["count"] == 60
    assert len(response.context["page"].object_list) == 50


def test_unit_filter_includes_sub_units_and_counts_shared_activities_once(
    client, url, standing_office, programme, units
):
    a = ActivityFactory(programme=programme, lead_unit=units["commune"], funding_state=100)
    b = ActivityFactory(programme=programme, lead_unit=units["union"], funding_state=10)
    b.participating_units.add(units["district"], units["commune"])  # two participants below the filter unit
    ActivityFactory(programme=programme, lead_unit=units["union"], funding_state=1)
    client.force_login(standing_office)
    response = client.get(url("list"), {"year": 2023, "unit": units["district"].pk})
    assert {x.pk for x in response.context["page"].object_list} == {a.pk, b.pk}
    assert response.context["totals"]["funding_state"] == 110
    assert response.context["totals"]["count"] == 2


def test_free_text_ignores_tone_mark_placement(client, url, standing_office, programme, units):
    hoa = ActivityFactory(programme=programme, lead_unit=units["district"], title="Tặng quà xã Hoà Bình")
    ActivityFactory(programme=programme, lead_unit=units["district"], title="Khám bệnh xã Tân Lập")
    client.force_login(standing_office)
    for typed in ("Hòa Bình", "hoà bình", "HOA BINH"):
        response = client.get(url("list"), {"year": 2023, "q": typed})
        assert [x.pk for x in response.context["page"].object_list] == [hoa.pk], typed


def test_secretary_list_shows_only_their_scope(client, url, secretary, programme, units):
    mine = ActivityFactory(programme=programme, lead_unit=units["commune"])
    ActivityFactory(programme=programme, lead_unit=units["union"])
    client.force_login(secretary)
    response = client.get(url("list"), {"year": 2023})
    assert [x.pk for x in response.context["page"].object_list] == [mine.pk]


BAD_FILTERS = [
    {"year": "abc"},
    {"unit": "999999"},
    {"locality": "x"},
    {"date_from": "32/13/2023"},
    {"status": "<script>"},
    {"sort": "'; DROP TABLE x"},
    {"page": "-1"},
    {"q": "x" * 5000},
    {"category": "1 OR 1=1"},
    {"date_from": "10/10/2023", "date_to": "01/01/2023"},
]


@pytest.mark.parametrize("params", BAD_FILTERS)
def test_bad_filter_values_are_reported_not_a_500(client, url, standing_office, programme, params):
    client.force_login(standing_office)
    response = client.get(url("list"), params)
    assert response.status_code == 200


def test_another_units_id_in_the_unit_filter_is_rejected_for_a_secretary(client, url, secretary, programme, units):
    ActivityFactory(programme=programme, lead_unit=units["union"])
    client.force_login(secretary)
    response = client.get(url("list"), {"year": 2023, "unit": units["union"].pk})
    assert "unit" in response.context["form"].errors
    assert response.context["totals"]["count"] == 0


def test_unit_search_is_scoped_and_folds_tone_marks(client, url, secretary, units):
    client.force_login(secretary)
    data = client.get(url("unit_search"), {"q": "xa b"}).json()
    assert [r["text"] for r in data["results"]] == ["Ban CHQS xã B"]
    data = client.get(url("unit_search"), {"q": "hoi"}).json()
    assert data["results"] == []  # the union is outside this secretary's scope


def test_each_row_shows_its_activity_escaped_with_a_box_only_where_it_can_still_be_sent(
    client, url, secretary, chair, programme, units
):
    """The rows are written in Python (activities/views/listing.py): every
    value escaped, the link to the activity, blanks for what a draft lacks,
    and the box to tick only on a draft or returned row of someone who enters."""
    import datetime as dt

    from django.urls import reverse

    odd = ActivityFactory(
        programme=programme,
        lead_unit=units["district"],
        status="draft",
        title='Tặng quà <b>Tết</b> & "nghĩa tình"',
        category=None,
        start_date=dt.date(2023, 1, 25),
        end_date=dt.date(2023, 1, 25),
        funding_state=2_500_000,
    )
    done = ActivityFactory(programme=programme, lead_unit=units["district"], status="confirmed", title="Đã xong")
    client.force_login(secretary)
    html = client.get(url("list"), {"year": 2023}).content.decode()
    rows = html.split("<tbody>")[1].split("</tbody>")[0]
    assert "<b>Tết</b>" not in rows
    assert "Tặng quà &lt;b&gt;Tết&lt;/b&gt; &amp; &quot;nghĩa tình&quot;" in rows
    detail = reverse("activities:detail", kwargs={"committee": programme.committee.slug, "pk": odd.pk})
    assert f'<a href="{detail}">Tặng quà &lt;b&gt;' in rows
    assert '<td class="text-nowrap" data-label="Ngày">25/01/2023</td>' in rows
    assert ">2.500.000</td>" in rows and "status-draft" in rows and "status-confirmed" in rows
    assert f'name="ids" value="{odd.pk}"' in rows and f'value="{done.pk}"' not in rows
    assert 'aria-label="Gửi duyệt: Tặng quà &lt;b&gt;Tết&lt;/b&gt; &amp; &quot;nghĩa tình&quot;"' in rows
    assert rows.count("<tr>") == 2
    client.force_login(chair)  # reads, does not enter: no boxes
    rows = client.get(url("list"), {"year": 2023}).content.decode().split("<tbody>")[1]
    assert 'name="ids"' not in rows.split("</tbody>")[0] and "Đã xong" in rows


def test_counts_of_activities_carry_the_thousands_separator(client, url, standing_office, programme, units):
    """1.234 hoạt động, as every other figure is written (VIETNAMESE.md), on
    the list's totals row, the home page and the summary."""
    Activity.objects.bulk_create(
        [
            ActivityFactory.build(programme=programme, lead_unit=units["commune"], status="confirmed")
            for _ in range(1234)
        ]
    )
    client.force_login(standing_office)
    slug = programme.committee.slug
    pages = [
        ("Tổng hợp 1.234 hoạt động tìm thấy", client.get(url("list"), {"year": 2023})),
        ("1.234 hoạt động", client.get(reverse("committee_home", kwargs={"committee": slug}))),
        ("1.234 hoạt động", client.get(reverse("reports:summary", kwargs={"committee": slug}), {"year": 2023})),
    ]
    for text, response in pages:
        assert response.status_code == 200
        page = response.content.decode()
        assert text in page and "1234 hoạt động" not in page, text
