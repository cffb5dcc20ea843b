"""Form fields whose Vietnamese errors name the field, so a message read out of context still makes sense."""

from __future__ import annotations

import re
import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sedp.core.text import nfc, refused_characters

DATE_INPUT = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def count_field(
    label, *, required: bool = True, max_value: int | None = None, **kwargs
) -> forms.IntegerField:
    message = format_lazy(_("“{}”: enter a whole number, 0 or more."), label)
    return forms.IntegerField(
        label=label,
        required=required,
        min_value=0,
        max_value=max_value,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
        error_messages={
            "invalid": message,
            "min_value": message,
            "max_value": format_lazy(_("“{}”: the number is too large."), label),
            "required": format_lazy(_("“{}” is required."), label),
        },
        **kwargs,
    )


class UserTextField(forms.CharField):
    """Text a person types, the one way every form of the project takes it (`text_field`, `LongTextField`):
    brought to Unicode's composed form (NFC), so that an NFD "Thủy lợi" from a phone and an NFC one from a
    computer are the same text; refused, naming the field, when it holds a text-direction control (U+202A–U+202E,
    U+2066–U+2069) or a control character (line breaks and tabs are kept in a text area). Its length, checked
    against `max_length`, is counted after the normalisation, as the database will count it. `multiline`: whether
    line breaks and tabs are kept; by default, when the widget is a text area."""

    def __init__(self, *args, multiline: bool | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.multiline = multiline

    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value

    def validate(self, value):
        super().validate(value)
        multiline = isinstance(self.widget, forms.Textarea) if self.multiline is None else self.multiline
        refused = refused_characters(value or "", multiline=multiline)
        if refused:
            raise ValidationError(
                format_lazy(
                    _(
                        "“{label}” contains a character that cannot be saved ({codes}: a control or "
                        "text-direction character, often pasted unseen); type the text again without it."
                    ),
                    label=self.label,
                    codes=", ".join(refused),
                ),
                code="refused_character",
            )


def text_field(label, *, required: bool = True, max_length: int | None = 200, **kwargs) -> forms.CharField:
    return UserTextField(
        label=label,
        required=required,
        max_length=max_length,
        error_messages={
            "required": format_lazy(_("“{}” is required."), label),
            "max_length": format_lazy(_("“{}” is too long."), label),
        },
        **kwargs,
    )


LONG_TEXT_LIMIT = 10_000  # characters: about five typed pages of minutes

_grouped = lazy(lambda n: number_format(n, force_grouping=True), str)


class LongTextField(UserTextField):
    """A text area (minutes, a situation, a reason) with a limit the form states, naming the field: a pasted
    report longer than that comes back as an error with the text kept, instead of failing the whole request.
    The browser is not told the limit (`maxlength`), which would cut a paste silently."""

    def __init__(self, *, label=None, max_length: int = LONG_TEXT_LIMIT, widget=None, **kwargs):
        error_messages = {
            "max_length": format_lazy(
                _("“{label}” is too long: at most {limit} characters. Shorten it and save again."),
                label=label,
                limit=_grouped(max_length),
            ),
            **kwargs.pop("error_messages", {}),
        }
        super().__init__(
            label=label,
            max_length=max_length,
            widget=widget or forms.Textarea(attrs={"rows": 3}),
            error_messages=error_messages,
            **kwargs,
        )

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


_VND = re.compile(r"^\d{1,3}(\.\d{3})+$|^\d+$")


def parse_vnd(text: str) -> int | None:
    """'17.052.000.000' or '17052000000' (an optional trailing 'đ' or 'VND') → 17052000000; None if not money."""
    text = re.sub(r"\s*(đ|đồng|vnd|VND|VNĐ)$", "", (text or "").strip()).replace(" ", "")
    if not text or not _VND.match(text):
        return None
    return int(text.replace(".", ""))


class VNDField(forms.CharField):
    """An amount in whole đồng, typed with or without thousands dots."""

    def __init__(self, *, label, required: bool = False, **kwargs):
        super().__init__(
            label=label,
            required=required,
            widget=forms.TextInput(
                attrs={"inputmode": "numeric", "placeholder": "17.052.000.000", "maxlength": "30"}
            ),
            error_messages={"required": format_lazy(_("“{}” is required."), label)},
            **kwargs,
        )

    def to_python(self, value):
        text = super().to_python(value)
        if text in self.empty_values:
            return None
        amount = parse_vnd(text)
        if amount is None or amount > 10**15:
            raise forms.ValidationError(
                format_lazy(
                    _("“{}”: enter an amount in đồng, e.g. 17.052.000.000 or 17052000000."), self.label
                ),
                code="invalid",
            )
        return amount

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value


_DMY = re.compile(r"^\s*(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})\s*$")


class DMYDateField(forms.DateField):
    """A date typed as dd/mm/yyyy. A well-typed date that does not exist (31/02/2026, 29/02/2027) is called
    what it is, rather than asking again for the format the user just followed."""

    def to_python(self, value):
        try:
            return super().to_python(value)
        except ValidationError:
            m = _DMY.match(str(value or ""))
            if not m:
                raise
            day, month, year = (int(g) for g in m.groups())
            typed = f"{day:02d}/{month:02d}/{year}"
            message = (
                format_lazy(_("{date} is not a real date (“{label}”)."), date=typed, label=self.label)
                if self.label
                else format_lazy(_("{date} is not a real date."), date=typed)
            )
            raise ValidationError(message, code="invalid_date") from None


def date_field(label, *, required: bool = True, **kwargs) -> forms.DateField:
    """A date typed as dd/mm/yyyy, with Vietnamese errors naming the field."""
    return DMYDateField(
        label=label,
        required=required,
        widget=DATE_INPUT,
        error_messages={
            "invalid": format_lazy(_("“{}”: enter a date as dd/mm/yyyy, e.g. 05/02/2026."), label),
            "required": format_lazy(_("“{}” is required."), label),
        },
        **kwargs,
    )


def add_errors(form, exc: ValidationError) -> None:
    """Put an action's refusal on the form: on the field it names when the form has it, else on the whole form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            for e in errors:
                form.add_error(field if field in form.fields else None, e)
    else:
        for e in exc.messages:
            form.add_error(None, e)


# --- guards against lost updates and double submissions (sedp.audit.guards) -------------------------------------


def _empty(value) -> bool:
    return value is None or (isinstance(value, str | list | tuple) and len(value) == 0)


def shown(field: forms.Field, value) -> str:
    """A field's value as the form shows it, in words: a choice's label, an amount with its dots, a dd/mm/yyyy
    date; "—" when empty."""
    if _empty(value):
        return "—"
    if isinstance(field, forms.BooleanField):
        return str(_("yes") if value else _("no"))
    if isinstance(field, forms.ChoiceField):
        labels = {}
        for key, label in field.choices:
            if isinstance(label, list | tuple):  # a group of choices
                labels.update({str(k): v for k, v in label})
            else:
                labels[str(key)] = label
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        return ", ".join(str(labels.get(str(getattr(v, "pk", v)), v)) for v in values)
    text = field.widget.format_value(field.prepare_value(value))
    return "—" if _empty(text) else str(text)


class EditForm(forms.Form):
    """An edit form that carries the version of the values it was loaded with, in a hidden field (put the
    action's `version_of(row)` in `initial["version"]`), so that a save made from an older page is refused rather
    than reverting someone's change. Pass `version=form.seen_version` to the action; when it raises
    `sedp.audit.guards.Stale`, call `form.show_stale(exc, stored)` and answer 409 with the form."""

    version = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    seen_version = ""
    conflict: tuple = ()

    def clean(self):
        data = super().clean()
        self.seen_version = data.pop("version", "") or ""
        return data

    def show_stale(self, exc, stored: dict) -> None:
        """The refusal (who changed it, when), the values saved now beside the ones typed where they differ
        (`conflict`: label, theirs, yours), and the version saved now, so that saving again replaces theirs
        knowingly. `stored`: the form's initial values for the row as it is now."""
        self.data = self.data.copy()
        self.data[self.add_prefix("version")] = exc.version
        rows = []
        for name, field in self.fields.items():
            if name == "version":
                continue
            typed = self[name].data
            if field.has_changed(stored.get(name), typed):
                yours = typed if isinstance(field, forms.ChoiceField) else self.cleaned_data.get(name, typed)
                rows.append((field.label, shown(field, stored.get(name)), shown(field, yours)))
        self.conflict = tuple(rows)
        self.add_error(None, exc)


class OnceForm(forms.Form):
    """A form that creates something, done once however many times it is sent (a double click, a retry on a slow
    line): it carries a one-time token in a hidden field; pass `submission=form.submission_token` to the action,
    which looks it up with `sedp.audit.guards.submitted`."""

    submission = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    submission_token = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission", uuid.uuid4().hex)

    def clean(self):
        data = super().clean()
        self.submission_token = data.pop("submission", "") or ""
        return data
