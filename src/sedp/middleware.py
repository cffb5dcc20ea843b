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
