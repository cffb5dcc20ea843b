"""Error pages in Vietnamese, each with the way back. Django renders 403/404/500 from the templates of the same
name; a 400 is split here so that a form too large to read says what the limit is instead of "Bad Request"."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.shortcuts import render
from django.views import defaults

from sedp.meetings.fields import LONG_TEXT_LIMIT


def bad_request(request, exception, template_name="400.html"):
    if isinstance(exception, RequestDataTooBig):
        limit_mb = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        return render(request, "413.html", {"limit_mb": limit_mb, "chars_limit": LONG_TEXT_LIMIT}, status=413)
    return defaults.bad_request(request, exception, template_name=template_name)
