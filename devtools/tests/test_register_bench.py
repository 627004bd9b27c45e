"""bench_register's measures lay out what the yearly review prints: every
confirmed row of the year once, in chunks or as one document."""

import pytest

from devtools import register_bench
from devtools.factories import ActivityFactory, ProgrammeFactory
from reports import documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    programme = ProgrammeFactory(year=2025)
    first = ActivityFactory(programme=programme, status="confirmed", title="Hoạt động đăng ký 0")
    for i in range(1, 7):
        ActivityFactory(
            programme=programme, lead_unit=first.lead_unit, status="confirmed", title=f"Hoạt động đăng ký {i}"
        )
    ActivityFactory(programme=programme, lead_unit=first.lead_unit, status="draft", title="Bản nháp không in")
    return programme


def test_chunks_and_one_document_print_every_confirmed_row_once(programme, monkeypatch):
    monkeypatch.setattr(documents, "REGISTER_CHUNK_ROWS", 3)  # 7 rows → 3 chunks
    laid_out = []
    original = register_bench.render_pdf
    monkeypatch.setattr(register_bench, "render_pdf", lambda html: laid_out.append(html) or original(html))

    whole = register_bench.whole(programme, workers=1, log=lambda *_: None)
    assert whole["chunks"] == 3 and len(laid_out) == 3 and whole["pages"] >= 3
    chunked = "".join(laid_out)
    laid_out.clear()

    single = register_bench.one_document(programme, log=lambda *_: None)
    assert single["rows"] == 7 and len(laid_out) == 1 and 1 <= single["pages"] <= whole["pages"]
    assert documents.REGISTER_CHUNK_ROWS == 3  # put back for the next document
    for html in (chunked, laid_out[0]):
        for i in range(7):
            assert html.count(f"Hoạt động đăng ký {i}<") == 1
        assert "Bản nháp không in" not in html
