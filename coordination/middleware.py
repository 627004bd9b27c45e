"""A Content-Security-Policy on every HTML page: scripts only from our own
static files (no inline script anywhere), nothing loaded from elsewhere."""

CSP = "; ".join([
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
])  # fmt: skip


def content_security_policy(get_response):
    def middleware(request):
        response = get_response(request)
        if response.get("Content-Type", "").startswith("text/html"):
            response.headers.setdefault("Content-Security-Policy", CSP)
        return response

    return middleware
