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
