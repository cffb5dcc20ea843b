"""What the dialogue pages share: fetching a dialogue through the policy, the rights shown on a page, the lists
its forms choose from."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from sedp.accounts.policy import access, restrict, scope
from sedp.accounts.roles import Action
from sedp.errors import Refused
from sedp.needs.models import Need
from sedp.places.choices import Level
from sedp.places.models import Unit
from sedp.plans.models import Activity, Kind

from .. import actions
from ..models import Dialogue, Question


def works_here(user, dialogue: Dialogue) -> bool:
    """Whether the user works on the dialogue's commune, above it, or in one of its villages."""
    allowed = scope(user, Action.VIEW)
    path = dialogue.unit.path
    return allowed.covers(path) or any(p.startswith(path) for p in allowed.paths)


def public_way(dialogue: Dialogue) -> tuple[str, str]:
    return (
        _("The public page of %(unit)s's dialogues and commitments") % {"unit": dialogue.unit.name},
        reverse("dialogues:public", args=[dialogue.unit_id]),
    )


def dialogue_for(request, pk: int) -> Dialogue:
    """A dialogue's working pages: for the people of its commune, above it and of its villages. Others read its
    public page (it is announced there), so they are told so rather than shown a page not found."""
    dialogue = access(request.user, Dialogue.objects.select_related("unit", "village"), pk=pk)
    if not works_here(request.user, dialogue):
        raise Refused(
            _(
                "The records of this dialogue are kept by the Fatherland Front of %(unit)s and read by those who work there."
            )
            % {"unit": dialogue.unit.name},
            [public_way(dialogue)],
        )
    return dialogue


def refuse_unless(allowed: bool, dialogue: Dialogue, message) -> None:
    """A refused action: what it needs, and the pages the person may use instead."""
    if not allowed:
        raise Refused(
            message,
            [
                (_("Read this dialogue"), reverse("dialogues:detail", args=[dialogue.pk])),
                public_way(dialogue),
            ],
        )


def rights(request, dialogue: Dialogue) -> dict:
    user = request.user
    return {
        "may_facilitate": actions.may_facilitate(user, dialogue),
        "may_follow": actions.may_follow(user, dialogue),
        "may_gather": actions.may_facilitate(user, dialogue) or bool(gathering_villages(user, dialogue)),
    }


def villages_of(dialogue: Dialogue):
    return Unit.objects.filter(parent=dialogue.unit_id, level=Level.VILLAGE).order_by("name")


def gathering_villages(user, dialogue: Dialogue):
    """The villages whose gathered questions the user may type in: all for the Front, their own for a village."""
    villages = villages_of(dialogue)
    if actions.may_facilitate(user, dialogue):
        return villages
    return restrict(villages, user, Action.CHANGE)


def questions_for(user, dialogue: Dialogue):
    """The dialogue's questions the user may read: all of them for the commune and the Front, a village's own."""
    return restrict(Question.objects.filter(dialogue=dialogue), user).select_related("unit", "merged_into")


def activities_for(dialogue: Dialogue):
    return (
        Activity.objects.filter(plan__unit=dialogue.unit_id, plan__kind=Kind.COMMUNE_ANNUAL)
        .select_related("plan")
        .order_by("-plan__year_from", "order", "id")
    )


def needs_for(dialogue: Dialogue):
    return (
        Need.objects.filter(unit__path__startswith=dialogue.unit.path)
        .select_related("unit")
        .order_by("unit__path", "id")
    )


def today():
    return timezone.localdate()


def messages_of(error: ValidationError) -> list[str]:
    return list(error.messages)
