"""Stored files handed back to the browser. Only images may be shown in the
page; everything else (PDF, Word, Excel, uploaded by anyone) is a download,
so no uploaded document ever runs in the app's own origin. Every file carries
nosniff and a sandboxing Content-Security-Policy in case a browser opens it
anyway."""

from django.http import FileResponse

INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp"})
SANDBOX = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def file_download(handle, *, content_type: str, filename: str | None = None, cache_seconds: int = 3600):
    inline = content_type in INLINE_TYPES
    response = FileResponse(handle, content_type=content_type, as_attachment=not inline, filename=filename or "")
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX
    response["Cache-Control"] = f"private, max-age={cache_seconds}"
    return response
