"""Free-text search: the same folding on every database, and on PostgreSQL a
trigram index that answers the list's word filters."""

from django.db import connection, transaction

from activities.models import Activity
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
    queryset = Activity.objects.filter(search_text__contains="qua tet")
    if connection.vendor != "postgresql":
        # SQLite scans the folded column: the same rows, without an index.
        assert queryset.count() == 1
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = 'activity_search_trgm'")
        (definition,) = cursor.fetchone()
    assert "gin" in definition and "gin_trgm_ops" in definition and "search_text" in definition
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # three rows: a scan would win otherwise
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "activity_search_trgm" in plan
    assert queryset.count() == 1
