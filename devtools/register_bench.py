"""The register benchmark: WeasyPrint's time for one register chunk against a
plain table of the same rows and columns, side by side in one run; and a
whole register rendered in one process against the same chunks shared by
worker processes (as the Celery workers share them), with the merged page
count of each run."""

import datetime as dt
import hashlib
import statistics
import time
from concurrent.futures import ProcessPoolExecutor
from types import SimpleNamespace

from django.utils.html import escape

from kit.templatetags.vn import num
from programmes.models import Programme
from reports import documents
from reports.kinds import letterhead
from reports.pdf import merge, render_pdf

PLAIN_STYLE = (
    "@page { size: A4 landscape; margin: 20mm 15mm 15mm 20mm; } "
    "body { font-family: Tinos, 'Liberation Serif', serif; font-size: 10pt; } "
    "table { width: 100%; border-collapse: collapse; table-layout: fixed; } "
    "th, td { border: 0.6pt solid #000; padding: 2pt 4pt; }"
)
# The register's column widths: a fixed layout is the least a table of a
# thousand rows needs, so the comparison is with the fastest plain table.
WIDTHS_MM = (12, 20, 82, 42, 42, 30, 27)


def _base() -> dict:
    return letterhead({"date": dt.date.today().isoformat(), "number": "12", "symbol": "BCĐ"})


def register_parts(programme: Programme, rows=None) -> list[str]:
    """The register's HTML chunks, as the yearly review makes them."""
    return documents.register_parts(
        SimpleNamespace(programme=programme), annex_no=documents.register_annex_no(), base=_base(), rows=rows
    )


def first_rows(programme: Programme) -> list:
    """The first REGISTER_CHUNK_ROWS rows of the register: one full chunk."""
    return list(documents.register_queryset(programme)[: documents.REGISTER_CHUNK_ROWS])


def plain_table(rows: list) -> str:
    """The same rows and columns as a bare table: no stylesheet of ours."""
    cells = "".join(
        f"<tr><td>{i + 1}</td><td>{a.start_date:%d/%m/%Y}</td><td>{escape(a.title)}</td>"
        f"<td>{escape(a.category.name)}</td><td>{escape(a.lead_unit.name)}</td>"
        f"<td>{escape(a.locality.name if a.locality else '')}</td><td>{num(a.amount_total)}</td></tr>"
        for i, a in enumerate(rows)
    )
    head = "".join(f"<th>{h}</th>" for h in ("TT", "Ngày", "Tên hoạt động", "Loại", "Đơn vị", "Địa bàn", "Trị giá"))
    cols = "".join(f'<col style="width: {w}mm">' for w in WIDTHS_MM)
    return (
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>{PLAIN_STYLE}</style></head>'
        f"<body><table><colgroup>{cols}</colgroup><thead><tr>{head}</tr></thead><tbody>{cells}</tbody></table></body></html>"
    )


def side_by_side(programme: Programme, *, rounds: int = 3, log=print) -> dict:
    """Layout time (render + write) of a chunk and of the plain table,
    alternating so that both see the same machine."""
    rows = first_rows(programme)
    (register,) = register_parts(programme, rows)
    plain = plain_table(rows)
    times: dict[str, list[float]] = {"register": [], "plain": []}
    pages = {}
    for i in range(rounds):
        for name, html in (
            (("register", register), ("plain", plain)) if i % 2 == 0 else (("plain", plain), ("register", register))
        ):
            started = time.process_time()
            _pdf, pages[name] = render_pdf(html)
            times[name].append(time.process_time() - started)
            log(f"round {i + 1}: {name} {times[name][-1]:.2f} s CPU, {pages[name]} pages")
    result = {name: round(statistics.median(values), 2) for name, values in times.items()}
    return {
        "rows": len(rows),
        "register_s": result["register"],
        "plain_s": result["plain"],
        "ratio": round(result["register"] / result["plain"], 2),
        "pages": pages,
    }


def one_document(programme: Programme, *, log=print) -> dict:
    """The whole register laid out as one HTML document in this process: no
    chunks, so no merge and WeasyPrint numbers the pages itself. What one
    process costs without the fan-out."""
    started = time.perf_counter()
    cpu = time.process_time()
    rows = list(documents.register_queryset(programme))
    keep = documents.REGISTER_CHUNK_ROWS
    documents.REGISTER_CHUNK_ROWS = max(1, len(rows))  # one chunk of every row
    try:
        (html,) = register_parts(programme, rows)
    finally:
        documents.REGISTER_CHUNK_ROWS = keep
    _pdf, pages = render_pdf(html)
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu
    log(f"{len(rows)} rows as one document in one process: {seconds:.1f} s ({cpu:.1f} s CPU), {pages} pages")
    return {"rows": len(rows), "seconds": round(seconds, 1), "pages": pages}


def _render_chunk(html: str) -> bytes:
    return render_pdf(html)[0]


def whole(programme: Programme, *, workers: int, log=print) -> dict:
    """The programme's whole register: its HTML made once (as the document's
    fan-out makes it), its chunks laid out in `workers` processes (1: this
    one), then merged with page numbers as the last chunk's task merges."""
    started = time.perf_counter()
    parts = register_parts(programme)
    html_s = time.perf_counter() - started
    if workers == 1:
        pdfs = [_render_chunk(html) for html in parts]
    else:
        from django.db import connection

        connection.close()  # not shared with the forked children
        with ProcessPoolExecutor(max_workers=workers) as pool:
            pdfs = list(pool.map(_render_chunk, parts))
    merging = time.perf_counter()
    pdf, pages = merge(pdfs, number_from=0)
    seconds = time.perf_counter() - started
    merge_s = time.perf_counter() - merging
    log(
        f"{len(parts)} chunks in {workers} process(es): {seconds:.1f} s "
        f"(HTML {html_s:.1f} s, merge {merge_s:.1f} s), {pages} pages"
    )
    return {
        "chunks": len(parts),
        "workers": workers,
        "seconds": round(seconds, 1),
        "html_s": round(html_s, 1),
        "merge_s": round(merge_s, 1),
        "pages": pages,
        "sha256": hashlib.sha256(pdf).hexdigest(),
    }
