"""A Content-Security-Policy on every HTML page: scripts only from our own
static files (no inline script anywhere), nothing loaded from elsewhere;
and a clean page when the database goes away in the middle of a request."""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader

log = logging.getLogger(__name__)

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        # style attributes (progress bars, SVG charts) are ours; no style is loaded from elsewhere
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def content_security_policy(get_response):
    def middleware(request):
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    return middleware


def app_not_found_page(get_response):
    """With DEBUG on (as `make run` starts), Django answers a missing page with
    its technical page, in English, listing every URL pattern. People trying
    the app should see what they will see in production: the app's own
    Vietnamese page. TECHNICAL_404=1 brings Django's page back for debugging."""
    from django.conf import settings

    def middleware(request):
        response = get_response(request)
        if (
            response.status_code == 404
            and settings.DEBUG
            and not getattr(settings, "TECHNICAL_404", False)
            and response.get("Content-Type", "").startswith("text/html")
        ):
            return HttpResponse(loader.render_to_string("404.html", request=request), status=404)
        return response

    return middleware


class DatabaseUnavailable:
    """A database connection lost or refused in the middle of a request: the
    transaction has been rolled back, so say so plainly (503, retry shortly)
    instead of a generic error. Django drops the broken connection when the
    request ends and the next request opens a fresh one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        log.error("database unavailable during %s %s", request.method, request.path, exc_info=exception)
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
        response["Retry-After"] = "10"
        return response
