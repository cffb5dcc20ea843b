"""A plan's .pdf and .docx made before anyone asks for them.

The documents are kept per content of the plan (`sedp.plans.logframe.views.document_bytes`), but the first
download of a .pdf waits for WeasyPrint (3.4 s for a commune plan of 133 activities). So when a plan's content is
frozen for others to read — a draft frozen for consultation, a plan adopted, approved, submitted — the actions call
`schedule(plan)`, and once their transaction commits the documents are made into the cache in a background thread
(its own database connection, closed at the end; an error is logged, never shown to the person who acted). The
first reader then gets the kept document. `sedp warm-documents` does the same for every plan that is not a draft
(after a deploy that changed the documents' layout, or from cron).

`settings.SEDP_DOCUMENT_WARMING`: "background" (the default), "inline" (at commit, in the same thread: tests) or
"off" (the default in tests, so that a test's consultation does not render PDFs). `paused()` holds it off for a
bulk load (`sedp synth` freezes and submits hundreds of plans; `sedp warm-documents` afterwards).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connections, transaction
from django.utils import translation

log = logging.getLogger(__name__)
_local = threading.local()
_one_at_a_time = threading.Lock()  # a burst of freezes renders one plan after another, not all at once


def mode() -> str:
    return getattr(settings, "SEDP_DOCUMENT_WARMING", "background")


def _documented(plan) -> bool:
    from sedp.plans.rollup.fates import HIGHER_KINDS

    return plan.kind in HIGHER_KINDS  # a commune (district, province) plan: the ones with a .pdf and .docx


def schedule(plan) -> None:
    """Make `plan`'s documents once the current transaction commits (at once outside a transaction)."""
    if mode() == "off" or getattr(_local, "paused", 0) or not _documented(plan):
        return
    pending = getattr(_local, "pending", None)
    if pending is None:
        pending = _local.pending = set()
    pending.add(plan.pk)
    transaction.on_commit(_flush)


@contextmanager
def paused() -> Iterator[None]:
    """No warming for what is done inside (a bulk load)."""
    _local.paused = getattr(_local, "paused", 0) + 1
    try:
        yield
    finally:
        _local.paused -= 1


def _flush() -> None:
    pks = sorted(getattr(_local, "pending", None) or ())
    _local.pending = set()
    if not pks:
        return
    if mode() == "inline":
        _warm_logged(pks)
    else:
        threading.Thread(target=_in_background, args=(pks,), name="sedp-warm-documents", daemon=True).start()


def _in_background(pks: list[int]) -> None:
    try:
        with _one_at_a_time:
            _warm_logged(pks)
    finally:
        connections.close_all()  # this thread's connections only


def _warm_logged(pks: list[int]) -> None:
    from sedp.plans.models import Plan

    for plan in Plan.objects.select_related("unit").filter(pk__in=pks).order_by("pk"):
        try:
            warm(plan)
        except Exception:  # noqa: BLE001 — the person who acted must never see this; the log does
            log.exception("Could not make the documents of plan %s in advance", plan.pk)


def renderers() -> dict:
    from sedp.plans.logframe import views

    return {"pdf": views.render_pdf, "docx": views.render_docx}


def warm(plan, languages: Iterable[str] | None = None) -> list[str]:
    """Make the plan's documents into the cache (in each language, the site's by default) unless they are kept;
    returns the ones made ("pdf:vi", …)."""
    from sedp.plans.logframe.views import document_bytes

    made = []
    for language in languages or [settings.LANGUAGE_CODE]:
        for extension, render in renderers().items():

            def counted(core, render=render, extension=extension, language=language):
                made.append(f"{extension}:{language}")
                return render(core)

            with translation.override(language):
                document_bytes(plan, counted, extension)
    return made
