"""The only module that imports WeasyPrint.

WeasyPrint fetches nothing but what the app hands it: the stylesheet and
charts are inline, fonts come from the system's fontconfig, and the URL
fetcher refuses every URL (file://, http(s)://, data: and anything else),
so user text that smuggles an <img src="file:///etc/passwd"> or a link to an
intranet host is never read."""

import io
import logging

log = logging.getLogger(__name__)


class FetchRefused(Exception):
    pass


def refuse_fetch(url: str, *args, **kwargs):
    log.warning("PDF rendering refused to fetch %s", url[:200])
    raise FetchRefused(f"fetching {url[:80]!r} is not allowed while rendering")


def _fetcher():
    from weasyprint.urls import URLFetcher

    class RefusingFetcher(URLFetcher):
        """Every fetch goes through `refuse_fetch`; no protocol is allowed
        and no redirect followed, whatever WeasyPrint would try."""

        def __init__(self):
            super().__init__(allowed_protocols=(), allow_redirects=False, fail_on_errors=False, timeout=1)

        def fetch(self, url, headers=None):
            return refuse_fetch(url)

    return RefusingFetcher()


def render_pdf(parts: str | list[str]) -> tuple[bytes, int]:
    """HTML documents → one PDF (bytes, page count). Each part keeps its own
    page size and numbering (an annex starts again at 1)."""
    from weasyprint import HTML

    parts = [parts] if isinstance(parts, str) else parts
    fetcher = _fetcher()
    documents = [HTML(string=html, url_fetcher=fetcher, base_url="about:blank").render() for html in parts]
    pages = [page for document in documents for page in document.pages]
    out = io.BytesIO()
    documents[0].copy(pages).write_pdf(out)
    return out.getvalue(), len(pages)


def merge(parts: list[bytes], *, number_from: int | None = None, landscape: bool = True) -> tuple[bytes, int]:
    """Concatenates PDFs. With `number_from`, pages from that index on get
    continuous page numbers stamped at the top centre, starting at 1 and
    shown from the second of them (chunks rendered apart cannot number
    themselves)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for data in parts:
        for page in PdfReader(io.BytesIO(data)).pages:
            writer.add_page(page)
    total = len(writer.pages)
    if number_from is not None and total - number_from > 1:
        numbers = PdfReader(io.BytesIO(_number_pages(total - number_from, landscape=landscape)))
        for offset, page in enumerate(writer.pages[number_from:]):
            if offset:  # none on the annex's first page
                page.merge_page(numbers.pages[offset])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), total


def _number_pages(count: int, *, landscape: bool) -> bytes:
    """`count` transparent pages that carry only their page number."""
    from weasyprint import HTML

    size = "A4 landscape" if landscape else "A4"
    html = (
        "<style>@page { size: %s; margin: 20mm 15mm 15mm 20mm; "
        "@top-center { content: counter(page); font-family: Tinos, 'Liberation Serif', serif; font-size: 13pt; "
        "vertical-align: bottom; padding-bottom: 3mm; } } div { break-after: page; height: 1px; }</style>"
        + "<div></div>"
        * count
    ) % size
    return HTML(string=html, url_fetcher=_fetcher(), base_url="about:blank").write_pdf()
