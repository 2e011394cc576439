"""Refuse requests whose path or query string holds a NUL or undecodable bytes, for every URL.

PostgreSQL rejects NUL in text with an exception (a 500) and no page has a use for one, so such a
request is answered here, before any view or the API sees it, instead of each view guarding:
a bad path names nothing (404); a bad query parameter is invalid input (422 from the API, as
its other validation errors are; 400 from pages).
"""

from urllib.parse import unquote_to_bytes

from django.http import HttpResponse, HttpResponseNotFound


def _problem(raw: bytes) -> str | None:
    if b"\x00" in raw:
        return "contains a NUL character"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return "is not valid UTF-8"
    return None


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = unquote_to_bytes(request.META.get("PATH_INFO", "").encode("latin-1", "replace"))
        if problem := _problem(path) or _problem(request.path.encode("utf-8", "surrogatepass")):
            return HttpResponseNotFound(f"Not found: the address {problem}.", content_type="text/plain; charset=utf-8")
        query = unquote_to_bytes(request.META.get("QUERY_STRING", "").encode("latin-1", "replace").replace(b"+", b" "))
        if problem := _problem(query):
            api = request.path.startswith("/api/")
            return HttpResponse(f'{{"detail": "A query parameter {problem}."}}' if api else
                                f"Bad request: a query parameter {problem}.", status=422 if api else 400,
                                content_type="application/json" if api else "text/plain; charset=utf-8")
        return self.get_response(request)
