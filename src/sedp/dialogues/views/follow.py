"""After the dialogue: each commitment followed with dated statuses and evidence, a commitment raised as a need of
the commune's next plan, and the minutes (.docx, .pdf)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sedp.accounts.policy import access, can
from sedp.accounts.roles import Action
from sedp.core.text import fold
from sedp.exports import dialogue_minutes
from sedp.meetings.fields import add_errors
from sedp.plans.models import NeedLink

from .. import actions
from ..forms import FollowForm
from ..models import Commitment, CommitmentUpdate, Dialogue
from .common import dialogue_for, refuse_unless, rights, today

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def fates_of(commitments) -> None:
    """Each raised need's latest fate in a plan (included, merged, postponed…), read in one query."""
    need_ids = [c.need_id for c in commitments if c.need_id]
    latest = {}
    for link in NeedLink.objects.filter(need_id__in=need_ids).select_related("plan").order_by("id"):
        latest[link.need_id] = link
    for c in commitments:
        c.fate = latest.get(c.need_id)


def commitments_page(request, dialogue: Dialogue, *, bound=None, status=200):
    day = today()
    commitments = list(
        dialogue.commitments.select_related(
            "recommendation", "activity__plan", "need__unit"
        ).prefetch_related("updates__by")
    )
    for c in commitments:
        c.is_overdue = c.overdue(day)
        c.follow_form = (bound or {}).get(c.pk) or FollowForm(
            initial={"on": day}, auto_id=f"follow-{c.pk}-%s"
        )
    fates_of(commitments)
    r = rights(request, dialogue)
    return render(
        request,
        "dialogues/commitments.html",
        {
            "dialogue": dialogue,
            "tab": "commitments",
            "commitments": commitments,
            **r,
        },
        status=status,
    )


@login_required
def commitments(request, pk: int):
    return commitments_page(request, dialogue_for(request, pk))


def _commitment(request, pk: int) -> Commitment:
    return access(
        request.user, Commitment.objects.select_related("dialogue__unit", "dialogue__village"), pk=pk
    )


@require_POST
@login_required
def follow(request, pk: int):
    commitment = _commitment(request, pk)
    dialogue = dialogue_for(request, commitment.dialogue_id)
    refuse_unless(
        actions.may_follow(request.user, dialogue),
        dialogue,
        _("A commitment's follow-up is recorded by the Front or by the commune government that made it."),
    )
    form = FollowForm(request.POST, request.FILES, auto_id=f"follow-{commitment.pk}-%s")
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_commitment(
                commitment,
                request.user,
                on=data["on"],
                status=data["status"],
                note=data["note"],
                reason=data["reason"],
                evidence=data["evidence"],
            )
        except ValidationError as e:
            add_errors(form, e)
        else:
            messages.success(
                request, _("The status of commitment %(n)d is recorded.") % {"n": commitment.number}
            )
            return redirect(
                reverse("dialogues:commitments", args=[dialogue.pk]) + f"#commitment-{commitment.pk}"
            )
    return commitments_page(request, dialogue, bound={commitment.pk: form}, status=400)


@require_POST
@login_required
def raise_need(request, pk: int):
    commitment = _commitment(request, pk)
    dialogue = dialogue_for(request, commitment.dialogue_id)
    refuse_unless(actions.may_facilitate(request.user, dialogue), dialogue, actions.FACILITATORS_ONLY)
    try:
        need = actions.raise_need(commitment, request.user)
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(
            request,
            _("Commitment %(n)d is now need %(code)s of %(unit)s: its next plan decides on it.")
            % {"n": commitment.number, "code": need.code, "unit": dialogue.unit.name},
        )
    return redirect(reverse("dialogues:commitments", args=[dialogue.pk]) + f"#commitment-{commitment.pk}")


def evidence(request, pk: int):
    """A commitment's evidence: public once the dialogue is held, like the commitment."""
    update = access(request.user, CommitmentUpdate.objects.all(), pk=pk)
    if not update.evidence:
        raise Http404
    try:
        handle = update.evidence.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, content_type=update.evidence_type or "application/octet-stream")


def filename(dialogue: Dialogue, extension: str) -> str:
    """'bien-ban-doi-thoai-2026-05-20-phuong-ea-kao.docx': ASCII only, whatever the browser."""
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in fold(dialogue.unit.name))
    slug = "-".join(part for part in slug.split("-") if part)
    return f"bien-ban-doi-thoai-{dialogue.date:%Y-%m-%d}-{slug}.{extension}"


def _minutes(request, pk: int, render_bytes, content_type: str, extension: str):
    dialogue = dialogue_for(request, pk)
    refuse_unless(
        can(request.user, Action.VIEW, dialogue),
        dialogue,
        _("The minutes record every question: they are for the commune, the Front and those above."),
    )
    data = dialogue_minutes.minutes_of(dialogue)
    response = HttpResponse(render_bytes(data), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename(dialogue, extension)}"'
    return response


@login_required
def minutes_docx(request, pk: int):
    return _minutes(request, pk, dialogue_minutes.render_docx, DOCX, "docx")


@login_required
def minutes_pdf(request, pk: int):
    return _minutes(request, pk, dialogue_minutes.render_pdf, "application/pdf", "pdf")
