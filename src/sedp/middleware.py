import re

from django.core.exceptions import RequestDataTooBig


class VietnameseFirstMiddleware:
    """Vietnamese unless the user chose English: the browser's Accept-Language is ignored.

    Many commune PCs run an English-language browser; the planning team should still see Vietnamese. The
    language switch (Django's set_language view) stores the choice in a cookie, which LocaleMiddleware reads.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)


class HtmxMiddleware:
    """Sets `request.htmx` for requests made by htmx, so a view can answer with just a template partial."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.htmx = request.headers.get("HX-Request") == "true"
        response = self.get_response(request)
        if request.htmx:
            response.headers["Vary"] = ", ".join(filter(None, [response.headers.get("Vary"), "HX-Request"]))
        return response


class ServerSideValidationMiddleware:
    """Marks every form `novalidate`, so a browser never shows its own English bubble ("Please fill out this
    field") and the server's Vietnamese message, naming the field, is what the user reads. One place for every
    page and htmx partial, instead of an attribute to remember on each form."""

    _FORM = re.compile(rb"<form(?![^>]*\bnovalidate\b)((?:\s[^>]*)?)>")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and b"<form" in response.content
        ):
            response.content = self._FORM.sub(rb"<form\1 novalidate>", response.content)
            if response.has_header("Content-Length"):
                response["Content-Length"] = str(len(response.content))
        return response


class TooLargeMiddleware:
    """A form larger than DATA_UPLOAD_MAX_MEMORY_SIZE gets the Vietnamese 413 page stating the limit, with or
    without DEBUG (whose technical 400 page would otherwise show). Placed before the CSRF check, which is the
    first to read the form."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        try:
            request.POST  # noqa: B018 (reading it is what raises)
        except RequestDataTooBig as exc:
            from sedp.errors import bad_request

            return bad_request(request, exc)
        return None


class BadQueryMiddleware:
    """A query-string parameter a view refused (`sedp.query.BadQuery`: a year of 10000) answers the Vietnamese 400
    page saying what is allowed, never a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from sedp.query import BadQuery

        if not isinstance(exception, BadQuery):
            return None
        from django.shortcuts import render

        return render(request, "400.html", {"message": exception.message}, status=400)
