"""The forms of the dialogue pages; the rules themselves stay in `sedp.dialogues.actions`."""

from __future__ import annotations

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sedp.meetings.fields import LongTextField, VNDField, count_field, date_field, text_field

from .models import ANSWERING, COMMITTING, PARTICIPATING, RESPONSIBLE, Kind, Status, Topic

TIME_INPUT = forms.TimeInput(attrs={"placeholder": "hh:mm", "inputmode": "numeric"}, format="%H:%M")


def _time_field(label, required=False):
    return forms.TimeField(
        label=label,
        required=required,
        widget=TIME_INPUT,
        error_messages={"invalid": format_lazy(_("“{}”: enter a time as hh:mm, e.g. 08:00."), label)},
    )


class DialogueForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of dialogue"), choices=Kind.choices, widget=forms.RadioSelect)
    village = forms.ModelChoiceField(
        label=_("Village (for a dialogue with its household representatives)"),
        queryset=None,
        required=False,
        empty_label="—",
    )
    # Checked by the action, with the village a dialogue with households needs: both errors show at once.
    topics = forms.MultipleChoiceField(
        label=_("Topics"), choices=Topic.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    date = date_field(_("Date"))
    starts_at = _time_field(_("Start time"))
    place = text_field(_("Place"))
    facilitator_name = text_field(_("Facilitator"), max_length=150)
    facilitator_title = text_field(_("Facilitator's title"), required=False)
    minute_taker_name = text_field(_("Minute-taker"), max_length=150)
    minute_taker_title = text_field(_("Minute-taker's title"), required=False)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class AskForm(forms.Form):
    """A resident's question on the public page."""

    text = LongTextField(
        label=_("Your question"),
        max_length=100_000,  # the action states the real limit, in the words of a question
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    village = forms.ModelChoiceField(
        label=_("Your village (optional)"),
        queryset=None,
        required=False,
        empty_label="—",
        error_messages={"invalid_choice": _("Choose the village from the list.")},
    )
    anonymous = forms.BooleanField(label=_("Send without my name"), required=False)
    asked_by = text_field(_("Your name"), required=False, max_length=1000)

    def __init__(self, *args, villages, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages


class GatherForm(AskForm):
    """A question typed in by the village head (gathered by the core group) or the Front (a card, the floor)."""

    source = forms.ChoiceField(label=_("How it came"), choices=())
    anonymous = forms.BooleanField(label=_("Anonymous (no name kept)"), required=False)
    asked_by = text_field(_("Asked by (optional)"), required=False, max_length=1000)

    def __init__(self, *args, sources, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = sources
        self.fields["text"].label = _("Question")
        self.fields["village"].label = _("From the village")


class AnswerForm(forms.Form):
    answer = LongTextField(label=_("Answer"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    answered_by = forms.ChoiceField(label=_("Answered by"), choices=[("", "—"), *ANSWERING], required=False)


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        label=_("Merge into"),
        queryset=None,
        empty_label="—",
        error_messages={"required": _("Choose the question it repeats.")},
    )
    reason = text_field(_("Note"), required=False, max_length=2000)

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = questions
        self.fields["into"].label_from_instance = lambda q: f"{q.number}. {q.text[:80]}"


class ParticipantsForm(forms.Form):
    """Men and women of each body: two fields a body."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for body, label in PARTICIPATING:
            self.fields[f"{body}_men"] = count_field(_("%(body)s: men") % {"body": label}, required=False)
            self.fields[f"{body}_women"] = count_field(_("%(body)s: women") % {"body": label}, required=False)

    def rows(self):
        return [(label, self[f"{body}_men"], self[f"{body}_women"]) for body, label in PARTICIPATING]

    def counts(self) -> dict[str, tuple[int, int]]:
        data = self.cleaned_data
        return {
            body: (data[f"{body}_men"] or 0, data[f"{body}_women"] or 0) for body, _label in PARTICIPATING
        }


class ItemForm(forms.Form):
    notes = LongTextField(
        label=pgettext_lazy("agenda item", "What happened"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class A0Form(forms.Form):
    summary = LongTextField(
        label=_("Summary written on the A0 sheet"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = forms.FileField(label=_("Photo of the A0 sheet"), required=False)


class ConcernForm(forms.Form):
    title = text_field(_("Concern"), max_length=300)
    questions = forms.ModelMultipleChoiceField(
        label=_("Questions it groups"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questions"].queryset = questions
        self.fields["questions"].label_from_instance = lambda q: f"{q.number}. {q.text[:100]}"


class RecommendationForm(forms.Form):
    group = text_field(_("Group"), required=False, max_length=100)
    text = LongTextField(label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    concern = forms.ModelChoiceField(label=_("Concern"), queryset=None, required=False, empty_label="—")

    def __init__(self, *args, concerns, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["concern"].queryset = concerns


class CommitmentForm(forms.Form):
    recommendation = forms.ModelChoiceField(
        label=_("Recommendation it answers"), queryset=None, required=False, empty_label="—"
    )
    body = forms.ChoiceField(label=_("Responsible body"), choices=COMMITTING)
    responsible = text_field(_("Person or office responsible"), required=False)
    solution = LongTextField(label=_("Solution"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    deadline = date_field(_("Deadline"))
    cost = VNDField(label=_("Cost (đ), if any"))
    activity = forms.ModelChoiceField(
        label=_("Plan activity"), queryset=None, required=False, empty_label="—"
    )
    need = forms.ModelChoiceField(label=_("Need"), queryset=None, required=False, empty_label="—")
    raise_need = forms.BooleanField(label=_("Raise it as a need for next year's plan"), required=False)

    def __init__(self, *args, recommendations, activities, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommendation"].queryset = recommendations
        self.fields["recommendation"].label_from_instance = lambda r: (
            f"{r.group}: {r.text[:90]}" if r.group else r.text[:100]
        )
        self.fields["activity"].queryset = activities
        self.fields["activity"].label_from_instance = lambda a: f"{a.plan.year_from} · {a.title}"
        self.fields["need"].queryset = needs
        self.fields["need"].label_from_instance = lambda n: f"{n.unit.name} · {n.code}. {n.title}"


class FollowForm(forms.Form):
    on = date_field(_("Date"))
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    note = LongTextField(label=_("What was done"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = LongTextField(
        label=_("Why not kept"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    evidence = forms.FileField(label=_("Evidence (photo or PDF, at most 5 MB)"), required=False)


class CloseForm(forms.Form):
    ends_at = _time_field(_("End time"))


# The agenda table's texts, read from the POST row by row: checked as every form's text is (sedp.meetings.fields).
_AGENDA_TITLE = text_field(_("Item"), required=False, max_length=200)
_AGENDA_METHOD = text_field(pgettext_lazy("agenda", "Method"), required=False, max_length=300)


def _agenda_text(field, value, n: int, errors: list[str]) -> str:
    try:
        return field.clean(value)
    except forms.ValidationError as exc:
        errors.extend(str(_("Agenda, row %(n)d: %(error)s") % {"n": n, "error": e}) for e in exc.messages)
        return (value or "").strip()


def agenda_rows(post, count: int) -> tuple[list[dict], list[str]]:
    """The agenda table as posted: rows `item-<n>-title|minutes|responsible|method|pk|remove`; the errors of
    rows whose minutes are not a number."""
    rows, errors = [], []
    responsible = {k for k, _label in RESPONSIBLE}
    for n in range(count):
        p = f"item-{n}-"
        if post.get(p + "remove"):
            continue
        title = _agenda_text(_AGENDA_TITLE, post.get(p + "title"), n + 1, errors)
        text = (post.get(p + "minutes") or "").strip()
        pk = post.get(p + "pk") or ""
        if not title and not pk:
            continue
        try:
            minutes = int(text or "0")
        except ValueError:
            errors.append(
                _("Agenda, row %(n)d: the minutes are a whole number from 0 to 600.") % {"n": n + 1}
            )
            minutes = 0
        body = post.get(p + "responsible") or ""
        rows.append(
            {
                "pk": int(pk) if pk.isdigit() else None,
                "title": title,
                "minutes": minutes,
                "responsible": body if body in responsible else "",
                "method": _agenda_text(_AGENDA_METHOD, post.get(p + "method"), n + 1, errors),
            }
        )
    return rows, errors
