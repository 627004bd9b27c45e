"""The Word copy of printed documents, read back: the same figures as the
PDF and the summary page, the official format, its own hash, downloads."""

import hashlib
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm
from pypdf import PdfReader

from devtools.factories import ActivityFactory
from kit.templatetags.vn import num
from programmes.models import ActivityCategory
from reports import documents
from reports.services import rendering
from reports.word import read_text
from reports.words import amount_in_words


@pytest.fixture
def printed(make_run):
    run = rendering.report_render(run_id=make_run().pk)
    docx = run.docx.read()
    pdf = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(run.pdf.read())).pages)
    return run, docx, pdf


def _rows(tables, first_cell):
    return [row for table in tables for row in table if row and row[1:2] == [first_cell]]


def test_the_word_copy_is_stored_beside_the_pdf_with_its_own_hash(printed):
    run, docx, _pdf = printed
    assert run.docx.name.endswith(".docx") and run.docx.name.removesuffix(".docx") == run.pdf.name.removesuffix(".pdf")
    assert run.docx_sha256 == hashlib.sha256(docx).hexdigest() != run.sha256
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx)).namelist()


def test_word_pdf_and_summary_page_show_the_same_totals_words_and_rows(printed, review_year, client, standing_office):
    run, docx, pdf = printed
    paragraphs, tables = read_text(docx)
    text = " ".join(" ".join(p.split()) for p in paragraphs)
    f, _previous = documents.yearly_review_figures(review_year)
    total = f"{num(f.total.amount_total)} đồng"
    words = amount_in_words(f.total.amount_total)
    assert total in text and total in pdf
    assert words in text and words in pdf
    assert "Phối hợp chặt chẽ, hiệu quả." in text and "Phối hợp chặt chẽ, hiệu quả." in pdf
    # The funding annex: one row per category in the PDF's order, the same
    # amounts, and its total row.
    category_rows = [row for table in tables for row in table if row[1:2] and row[1] in {c.label for c in f.categories}]
    by_label = {row[1]: row for row in category_rows}
    for c in f.categories:
        assert num(c.sums.amount_total) in by_label[c.label]
        assert c.label in pdf
    totals = _rows(tables, "Tổng cộng")
    assert any(num(f.total.amount_total) in row for row in totals)
    # The summary page shows the same total.
    client.force_login(standing_office)
    page = client.get(reverse("reports:summary", kwargs={"committee": run.programme.committee.slug}), {"year": 2023})
    assert num(f.total.amount_total) in page.content.decode()


def test_the_word_copy_follows_the_official_format(printed):
    run, docx, _pdf = printed
    document = Document(io.BytesIO(docx))
    first, *annexes = document.sections
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert (round(first.top_margin.mm), round(first.bottom_margin.mm)) == (20, 20)
    assert (round(first.left_margin.mm), round(first.right_margin.mm)) == (30, 15)
    assert annexes and all(round(s.page_width.mm) == 297 for s in annexes)
    for section in document.sections:
        # page numbers from the second page, from 1 in every part
        assert section.different_first_page_header_footer
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        instr = "".join(t.text for t in section.header._element.iter(qn("w:instrText")))
        assert "PAGE" in instr
    fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert fonts.get(qn("w:ascii")) == fonts.get(qn("w:hAnsi")) == fonts.get(qn("w:cs")) == "Times New Roman"
    assert document.styles["Normal"].font.size.pt == 14
    # the header block and the signature block are borderless tables
    letterhead, *rest = document.tables
    assert letterhead._tbl.find(".//" + qn("w:top")).get(qn("w:val")) == "none"
    assert "Số 15-BC/BCĐ" in letterhead.rows[0].cells[0].text
    data = [t for t in rest if t._tbl.find(".//" + qn("w:top")).get(qn("w:val")) == "single"]
    assert len(data) >= 11
    for table in data:
        header = table._tbl.findall(qn("w:tr"))[0]
        assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    total_rows = [
        tr
        for t in data
        for tr in t._tbl.findall(qn("w:tr"))
        if "Tổng cộng" in "".join(x.text for x in tr.iter(qn("w:t")))
    ]
    assert total_rows and all(r.find(".//" + qn("w:b")) is not None for r in total_rows)
    # room for the signature and the seal
    name = next(p for p in document.tables[1].rows[0].cells[1].paragraphs if "Hoàng Thị Minh Nguyệt" in p.text)
    assert name.paragraph_format.space_before >= Mm(29)


def test_the_register_continues_in_one_table_with_every_row_once(make_run, review_year, monkeypatch):
    monkeypatch.setattr(documents, "REGISTER_CHUNK_ROWS", 5)
    run = make_run()
    run.options = {"annexes": False, "register": True}
    run.save()
    done = rendering.report_render(run_id=run.pk)
    _paragraphs, tables = read_text(done.docx.read())
    register = tables[-1]
    numbers = [row[0] for row in register[1:]]
    confirmed = documents.register_queryset(review_year).count()
    assert confirmed > 10  # more than two chunks
    assert numbers == [str(i) for i in range(1, confirmed + 1)]


def test_user_text_stays_text_in_the_word_copy(make_run, review_year, units):
    ActivityFactory(
        programme=review_year,
        category=ActivityCategory.objects.first(),
        lead_unit=units["union"],
        status="confirmed",
        title='<b>in đậm</b> & "ngoặc" <script>x</script>',
    )
    run = make_run()
    run.options = {"annexes": False, "register": True}
    run.save()
    done = rendering.report_render(run_id=run.pk)
    _paragraphs, tables = read_text(done.docx.read())
    assert any('<b>in đậm</b> & "ngoặc" <script>x</script>' in cell for row in tables[-1] for cell in row)


def test_download_of_the_word_copy(client, printed, staff, secretary):
    run, docx, _pdf = printed
    url = reverse("reports:run_download_word", kwargs={"committee": run.programme.committee.slug, "run_id": run.pk})
    client.force_login(secretary)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    name = response["Content-Disposition"].split('filename="')[1].rstrip('"')
    assert name.startswith("bao-cao") and "2023" in name and name.endswith("-so-15.docx")
    assert b"".join(response.streaming_content) == docx


def test_the_command_writes_the_word_copy_by_the_extension(review_year, committee, tmp_path):
    out = tmp_path / "bao-cao.docx"
    call_command("render_review", committee=committee.slug, year=2023, out=out, number="7")
    paragraphs, tables = read_text(out.read_bytes())
    assert "BÁO CÁO" in paragraphs and "Số 7-BC/BCĐ" in tables[0][0][0]
    with pytest.raises(CommandError, match=r"\.pdf hoặc \.docx"):
        call_command("render_review", committee=committee.slug, year=2023, out=tmp_path / "bao-cao.odt")
