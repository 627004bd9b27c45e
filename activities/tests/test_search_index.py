"""Free-text search: the same folding on every database, and on PostgreSQL a
trigram index that answers the list's word filters."""

from types import SimpleNamespace

from django.db import connection, transaction

from activities.models import Activity
from activities.selectors import of_committee
from devtools.factories import ActivityFactory


def _rows(programme, units):
    gift = ActivityFactory(programme=programme, lead_unit=units["district"], title="Tặng quà Tết cho hộ nghèo")
    ActivityFactory(programme=programme, lead_unit=units["district"], title="Khám bệnh miễn phí vùng sâu")
    ActivityFactory(
        programme=programme,
        lead_unit=units["commune"],
        title="Tuyên truyền",
        description="Phát QUÀ cho gia đình chính sách",
    )
    return gift


def test_the_list_finds_words_without_their_marks_or_case(client, url, standing_office, programme, units):
    gift = _rows(programme, units)
    client.force_login(standing_office)
    found = client.get(url("list"), {"year": 2023, "q": "qua tet"}).context["page"].object_list
    assert [a.pk for a in found] == [gift.pk]
    both = client.get(url("list"), {"year": 2023, "q": "QUÀ"}).context["page"].object_list
    assert len(both) == 2
    assert not client.get(url("list"), {"year": 2023, "q": "đường"}).context["page"].object_list


def test_postgresql_answers_the_word_filter_from_the_trigram_index(db, programme, units):
    _rows(programme, units)
    access = SimpleNamespace(committee=programme.committee)
    queryset = Activity.objects.filter(of_committee(access), search_text__contains="qua tet")
    if connection.vendor != "postgresql":
        # SQLite scans the folded column: the same rows, without an index.
        assert queryset.count() == 1
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'activity_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition and "search_text" in definition
    assert "(committee_id, search_text gin_trgm_ops)" in definition  # a committee reads its own matches
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # Three rows: a scan or a (committee, …) btree would win the plan
        # otherwise; without them, the one index must answer both conditions.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("DROP INDEX activity_committee_start_id, activity_committee_status")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    assert "activity_search_trgm" in plan
    index_cond = next(line for line in plan.splitlines() if "Index Cond" in line and "search_text" in line)
    assert "committee_id" in index_cond  # both in the one index, not a second index ANDed in
    assert queryset.count() == 1
