"""What residents read and send without signing in: a commune's dialogues and every commitment with its status,
and the page to send a question before a dialogue — with a name, or anonymously.

The question page looks at no account and writes nothing about the sender: no session is opened, the thank-you
page carries no number, and the only trace of a sending address is a keyed hash counting recent questions in the
cache (`throttle`), which expires within the hour.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from sedp.accounts.policy import access, restrict
from sedp.meetings.fields import add_errors
from sedp.places.models import Unit

from .. import actions, throttle
from ..forms import AskForm
from ..models import Commitment, CommitmentUpdate, Dialogue, State
from .common import today, villages_of
from .follow import fates_of


def public(request, unit_pk: int):
    """A commune's dialogues: those coming (send a question), and every held one's commitments and status."""
    commune = access(request.user, Unit.objects.select_related("parent"), pk=unit_pk)
    dialogues = list(
        restrict(Dialogue.objects.filter(unit=commune), request.user)
        .select_related("village")
        .prefetch_related(
            Prefetch(
                "commitments",
                queryset=restrict(Commitment.objects.all(), request.user)
                .select_related("recommendation__concern", "need__unit", "activity__plan")
                .prefetch_related(
                    Prefetch("updates", queryset=restrict(CommitmentUpdate.objects.all(), request.user))
                ),
            ),
            "concerns",
        )
    )
    day = today()
    coming = [d for d in dialogues if d.state == State.PLANNED]
    held = [d for d in dialogues if d.state == State.HELD]
    every = [c for d in held for c in d.commitments.all()]
    for c in every:
        c.is_overdue = c.overdue(day)
        c.latest = next(iter(c.updates.all()), None)
    fates_of(every)
    return render(
        request,
        "dialogues/public.html",
        {
            "unit": commune,
            "coming": coming,
            "held": held,
            "kept": sum(1 for c in every if c.status == "kept"),
            "overdue": sum(1 for c in every if c.is_overdue),
            "total": len(every),
        },
    )


def ask(request, pk: int):
    """A resident's question before a dialogue. Too often from one address, empty or too long: a Vietnamese
    message, the text kept in the form, nothing stored."""
    dialogue = get_object_or_404(
        restrict(Dialogue.objects.select_related("unit", "village"), request.user), pk=pk
    )
    villages = villages_of(dialogue)
    form = AskForm(
        request.POST or None,
        villages=villages,
        initial={"village": dialogue.village} if dialogue.village_id else None,
        auto_id="ask-%s",
    )
    status = 200
    if request.method == "POST" and not dialogue.held:
        if throttle.over_limit(request):
            form.is_valid()
            form.add_error(
                None,
                _(
                    "Several questions have just been sent from this connection. Wait an hour and send it again: "
                    "this question has not been kept."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                actions.submit_question(
                    dialogue,
                    text=data["text"],
                    village=data["village"],
                    anonymous=data["anonymous"],
                    asked_by=data["asked_by"],
                )
            except ValidationError as e:
                add_errors(form, e)
                status = 400
            else:
                throttle.count(request)
                return redirect("dialogues:ask_sent", dialogue.pk)
        else:
            status = 400
    return render(request, "dialogues/ask.html", {"dialogue": dialogue, "form": form}, status=status)


def ask_sent(request, pk: int):
    dialogue = get_object_or_404(
        restrict(Dialogue.objects.select_related("unit", "village"), request.user), pk=pk
    )
    return render(request, "dialogues/ask_sent.html", {"dialogue": dialogue})
