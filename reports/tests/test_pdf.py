"""The printed yearly review, read back from the PDF."""

import hashlib
import io

import pytest
from pypdf import PdfReader

from activities.models import Activity
from reports import documents, kinds
from reports.pdf import FetchRefused, refuse_fetch, render_pdf
from reports.services import rendering
from reports.words import amount_in_words


@pytest.fixture
def printed(make_run):
    run = rendering.report_render(run_id=make_run().pk)
    reader = PdfReader(io.BytesIO(run.pdf.read()))
    run.pdf.seek(0)
    return run, reader


def _text(reader, page):
    return " ".join(reader.pages[page].extract_text().split())


def test_the_run_stores_the_pdf_with_its_hash_and_pages(printed):
    run, reader = printed
    assert run.status == "done"
    assert run.sha256 == hashlib.sha256(run.pdf.read()).hexdigest()
    assert run.page_count == len(reader.pages) > 5


def test_pages_are_a4_report_portrait_annexes_landscape(printed):
    _run, reader = printed
    first = reader.pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (595, 842)
    last = reader.pages[-1].mediabox
    assert (round(float(last.width)), round(float(last.height))) == (842, 595)


def test_every_font_is_embedded(printed):
    _run, reader = printed
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = descendant["/FontDescriptor"].get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")), font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert any("Tinos" in f or "Liberation" in f for f in fonts), fonts


def test_header_number_date_and_title_follow_the_party_format(printed):
    _run, reader = printed
    first = _text(reader, 0)
    assert "TỈNH ỦY THỬ NGHIỆM" in first and "BAN CHỈ ĐẠO CHƯƠNG TRÌNH PHỐI HỢP" in first
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in first
    assert "Số 15-BC/BCĐ" in first
    assert "Thử Nghiệm, ngày 05 tháng 3 năm 2024" in first
    assert "BÁO CÁO" in first and "phương hướng, nhiệm vụ năm 2024" in first
    # The title's first line ends with its own words, never with the year alone on a line.
    laid_out = reader.pages[0].extract_text(extraction_mode="layout")
    lines = [" ".join(line.replace("\xa0", " ").split()) for line in laid_out.splitlines()]
    assert "công tác dân vận năm 2023," in lines and "2023," not in lines


def _header_text(page) -> str:
    """Text printed in the top margin (above the 20 mm body margin)."""
    found = []

    def visit(text, cm, tm, font, size):
        height = float(page.mediabox.height)
        y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]  # text position in page space
        if text.strip() and y > height - 20 * 72 / 25.4:
            found.append(text.strip())

    page.extract_text(visitor_text=visit)
    return " ".join(found)


def test_page_numbers_start_on_page_two_and_each_annex_restarts(printed):
    _run, reader = printed
    assert _header_text(reader.pages[0]) == ""
    assert _header_text(reader.pages[1]) == "2"
    annex_starts = [i for i in range(len(reader.pages)) if "Phụ lục" in _text(reader, i)[:40]]
    assert annex_starts and all(_header_text(reader.pages[i]) == "" for i in annex_starts)


def test_printed_figures_equal_figures_py_and_the_total_is_in_words(printed, review_year):
    run, reader = printed
    f, _previous = documents.yearly_review_figures(review_year)
    body = " ".join(_text(reader, i) for i in range(len(reader.pages)))
    total = f"{f.total.amount_total:,}".replace(",", ".")
    assert f"{total} đồng" in body
    assert amount_in_words(f.total.amount_total) in body
    assert run.figures_snapshot["total"]["amount_total"] == f.total.amount_total
    unconfirmed = Activity.objects.get(status="submitted")
    assert f"{unconfirmed.funding_state:,}".replace(",", ".") not in body
    # The approved narrative is printed.
    assert "Phối hợp chặt chẽ, hiệu quả." in body


def test_annexes_have_titles_references_and_total_rows(printed):
    _run, reader = printed
    body = " ".join(_text(reader, i) for i in range(len(reader.pages)))
    assert "Phụ lục 1" in body and "Phụ lục 12" in body
    assert "(Kèm theo Báo cáo số 15-BC/BCĐ ngày 05/03/2024 của Ban Chỉ đạo)" in body
    assert body.count("Tổng cộng") >= 11  # every annex but the targets one


def test_state_profile_prints_the_state_header_and_number(make_run):
    run = rendering.report_render(run_id=make_run(profile="state", symbol="UBND").pk)
    first = " ".join(PdfReader(io.BytesIO(run.pdf.read())).pages[0].extract_text().split())
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in first and "Độc lập - Tự do - Hạnh phúc" in first
    assert "Số: 15/BC-UBND" in first


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/hostname",
        "http://127.0.0.1:9/x.png",
        "https://example.org/a.css",
        "data:image/png;base64,AAAA",
        "/media/attachments/1/a.png",
    ],
)
def test_the_fetcher_refuses_every_url(url):
    with pytest.raises(FetchRefused):
        refuse_fetch(url)


def test_html_that_points_at_files_renders_without_reading_them(monkeypatch):
    fetched = []

    def spy(url, *args, **kwargs):
        fetched.append(url)
        return refuse_fetch(url)

    monkeypatch.setattr("reports.pdf.refuse_fetch", spy)
    html = (
        '<p>x</p><img src="file:///etc/hostname"><link rel="stylesheet" href="http://127.0.0.1:9/a.css">'
        '<p style="background: url(file:///etc/passwd)">y</p>'
    )
    pdf, pages = render_pdf(html)
    assert pages == 1 and pdf.startswith(b"%PDF")
    assert fetched  # every attempt went through the refusing fetcher
    assert b"root:" not in pdf


def test_user_text_is_escaped_in_the_document(make_run, review_year, units):
    from devtools.factories import ActivityFactory

    ActivityFactory(programme=review_year, lead_unit=units["union"], status="confirmed", title="x")
    run = make_run(issuing_body='<img src="file:///etc/passwd">BAN')
    html = kinds.kind_of(run).content(run).parts[0]
    assert '<img src="file:///etc/passwd">' not in html
    assert "&lt;img" in html


def test_meeting_packet_has_agenda_report_and_bookmarks(make_run, review_year, committee):
    import datetime as dt

    from meetings.models import AgendaItem, Meeting
    from programmes.models import Programme

    starts = dt.datetime(2024, 1, 20, 1, 0, tzinfo=dt.UTC)  # 08:00 in Hanoi
    meeting = Meeting.objects.create(
        committee=committee,
        programme=review_year,
        kind="yearly_review",
        title="Hội nghị tổng kết năm 2023",
        starts_at=starts,
        place="Hội trường",
    )
    from coordination.models import Member
    from meetings.models import Attendee

    presenter = Member.objects.create(
        committee=committee, full_name="Lê Quang Vinh", role=Member.Role.DEPUTY, position="Chính ủy Bộ CHQS tỉnh"
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title="Báo cáo kết quả năm 2023", presenter=presenter)
    Attendee.objects.create(meeting=meeting, member=presenter)
    Attendee.objects.create(meeting=meeting, name="Nguyễn Thị Hạnh")
    Programme.objects.create(committee=committee, year=2024, title="Chương trình phối hợp năm 2024")
    run = make_run()
    run.kind = "meeting_packet"
    run.options = {"annexes": True}
    run.save()
    kinds.kind_of(run).attach(run, meeting)
    done = rendering.report_render(run_id=run.pk)
    reader = PdfReader(io.BytesIO(done.pdf.read()))
    first = _text(reader, 0)
    assert "CHƯƠNG TRÌNH" in first and "Hội nghị tổng kết năm 2023" in first and "08 giờ 00" in first
    # presenters as a clerk writes them, and who is invited (thành phần)
    assert "Đồng chí Lê Quang Vinh, Chính ủy Bộ CHQS tỉnh" in first
    assert "Thành phần: đồng chí Lê Quang Vinh, Chính ủy Bộ CHQS tỉnh; Nguyễn Thị Hạnh." in first
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Chương trình hội nghị" and "Báo cáo năm 2023" in outline
    assert outline[-1] == "Chương trình phối hợp năm 2024"
    assert reader.get_destination_page_number(reader.outline[-1]) == len(reader.pages) - 1


def test_period_review_sums_the_documents_years(make_run, review_year, committee):
    import datetime as dt

    from programmes.models import PolicyDocument

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
    run = make_run()
    run.kind = "period_review"
    run.options = {}
    run.save()
    kinds.kind_of(run).attach(run, doc)
    done = rendering.report_render(run_id=run.pk)
    body = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(done.pdf.read())).pages)
    f, _previous = documents.yearly_review_figures(review_year)
    assert "giai đoạn 2021–2025" in body and "05-ĐA/TU" in body
    assert done.figures_snapshot["Tổng trị giá (đồng)"] == f.total.amount_total  # only 2023 has activities
    assert amount_in_words(f.total.amount_total) in body


def test_sections_are_numbered_by_each_profiles_habit(make_run):
    party = " ".join(
        PdfReader(io.BytesIO(rendering.report_render(run_id=make_run().pk).pdf.read())).pages[0].extract_text().split()
    )
    assert "I- KẾT QUẢ THỰC HIỆN" in party and "1- Công tác lãnh đạo" in party
    state_run = rendering.report_render(run_id=make_run(profile="state", symbol="UBND").pk)
    state = " ".join(PdfReader(io.BytesIO(state_run.pdf.read())).pages[0].extract_text().split())
    assert "I. KẾT QUẢ THỰC HIỆN" in state and "1. Công tác lãnh đạo" in state


HOSTILE = 'Q"; } .bm1 { display: none } @import url(file:///etc/passwd); </style><img src="file:///etc/passwd"> x'


def test_printed_text_is_inert_in_every_place_it_is_printed(make_run, review_year, committee, monkeypatch):
    """A title with CSS, HTML and url() prints as text: nothing is fetched,
    nothing is hidden, the bookmark says it as typed."""
    import datetime as dt

    from meetings.models import AgendaItem, Meeting
    from programmes.models import Programme

    fetched = []

    def spy(url, *args, **kwargs):
        fetched.append(url)
        return refuse_fetch(url)

    monkeypatch.setattr("reports.pdf.refuse_fetch", spy)
    review_year.title = f"Chương trình {HOSTILE}"
    review_year.save()
    meeting = Meeting.objects.create(
        committee=committee,
        programme=review_year,
        kind="yearly_review",
        title=f"Hội nghị {HOSTILE}",
        starts_at=dt.datetime(2024, 1, 20, 1, tzinfo=dt.UTC),
        place=HOSTILE,
    )
    AgendaItem.objects.create(meeting=meeting, order=1, title=HOSTILE)
    Programme.objects.create(committee=committee, year=2024, title=f"Chương trình 2024 {HOSTILE}")
    run = make_run(issuing_body=HOSTILE, parent_body=HOSTILE, place=HOSTILE, signer_name=HOSTILE)
    run.kind = "meeting_packet"
    run.save()
    kinds.kind_of(run).attach(run, meeting)
    done = rendering.report_render(run_id=run.pk)
    assert fetched == []
    reader = PdfReader(io.BytesIO(done.pdf.read()))
    agenda = _text(reader, 0)
    assert "CHƯƠNG TRÌNH" in agenda and "@import url(file:///etc/passwd)" in agenda  # shown, not applied
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == "Chương trình hội nghị"
    assert outline[-1] == f"Chương trình 2024 {HOSTILE}"  # the title as typed, in the bookmark
    last = _text(reader, reader.get_destination_page_number(reader.outline[-1]))
    assert "@IMPORT URL(FILE:///ETC/PASSWD)" in last  # the part it names is there (title in capitals), not hidden
    assert "BÁO CÁO" in " ".join(_text(reader, i) for i in range(len(reader.pages)))
