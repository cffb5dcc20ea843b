"""Who does what in a plan's consultation, by the level of the plan's unit: the same six steps, other people.

A commune's plan (source 000) is commented on by its sector groups and, at step 5, by voters in each village; the
People's Council of the commune approves it and it goes up to the district (or, since July 2025, the province).
A province's plan (or a legacy district's, source 001) is sent to the departments (sở, ban, ngành; a district's
offices, phòng, ban) for comment, then to the communes below (the districts, for a legacy province); an
adoption conference adopts it, the province's (district's) People's Council approves it, and it is submitted to
the central ministries (a district's, to the province). The pages, the actions and the documents ask this
module for the words and the bodies; the data and the moves are the same at every level.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sedp.places.choices import Kind, Level
from sedp.places.models import Unit

from .models import Step

UPPER_LEVELS = (Level.PROVINCE, Level.DISTRICT)

# The six steps at a province or a legacy district (source 001: "send the draft to the departments for comment;
# adoption conference; submit").
UPPER_STEP_LABELS = {
    Step.NEEDS_CONFERENCE: gettext_lazy(
        "1. Aggregation of the lower level's plans and assessment conference"
    ),
    Step.DRAFTING: gettext_lazy("2. Drafting assignment"),
    Step.COMMENT_CONFERENCE: gettext_lazy("3. Comments of the departments on the draft"),
    Step.REVISION: gettext_lazy("4. Revision"),
    Step.VOTER_CONTACT: gettext_lazy("5. Consultation of the communes"),
    Step.ADOPTION: gettext_lazy("6. Adoption conference and submission"),
}
DISTRICT_STEP_LABELS = {
    **UPPER_STEP_LABELS,
    Step.COMMENT_CONFERENCE: gettext_lazy("3. Comments of the district offices on the draft"),
}

# The departments a province usually asks (after the 2025 reorganisation of the departments) and the offices of a
# district People's Committee (before July 2025); the team adds, removes or renames them as its own are called.
PROVINCE_DEPARTMENTS = (
    "Sở Tài chính",
    "Sở Nông nghiệp và Môi trường",
    "Sở Xây dựng",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Dân tộc và Tôn giáo",
    "Văn phòng Ủy ban nhân dân tỉnh",
)
LEGACY_PROVINCE_DEPARTMENTS = (
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài chính",
    "Sở Nông nghiệp và Phát triển nông thôn",
    "Sở Tài nguyên và Môi trường",
    "Sở Xây dựng",
    "Sở Giao thông vận tải",
    "Sở Công Thương",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Sở Lao động - Thương binh và Xã hội",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Ban Dân tộc tỉnh",
)
DISTRICT_OFFICES = (
    "Phòng Tài chính - Kế hoạch",
    "Phòng Nông nghiệp và Phát triển nông thôn",
    "Phòng Tài nguyên và Môi trường",
    "Phòng Kinh tế và Hạ tầng",
    "Phòng Giáo dục và Đào tạo",
    "Phòng Y tế",
    "Phòng Lao động - Thương binh và Xã hội",
    "Phòng Văn hóa và Thông tin",
    "Phòng Nội vụ",
    "Phòng Tư pháp",
    "Phòng Dân tộc",
    "Văn phòng HĐND và UBND",
)


def is_upper(plan) -> bool:
    """A province's or a district's plan (the departments comment on it, the communes below are consulted)."""
    return plan.unit.level in UPPER_LEVELS


def step_label(plan, step) -> str:
    step = Step(step)
    if not is_upper(plan):
        return str(step.label)
    if step == Step.VOTER_CONTACT and consults_districts(plan):
        return _("5. Consultation of the districts")
    labels = DISTRICT_STEP_LABELS if plan.unit.level == Level.DISTRICT else UPPER_STEP_LABELS
    return str(labels[step])


# The meetings of steps 1 and 6 at a province or district: conferences of the province, not a commune's meetings.
UPPER_MEETING_NAMES = {
    Step.NEEDS_CONFERENCE: gettext_lazy("assessment conference"),
    Step.ADOPTION: gettext_lazy("adoption conference"),
}


def meeting_name(plan, step, meeting) -> str:
    """How a step's meeting is called at the plan's level ('hội nghị thông qua kế hoạch' at a province)."""
    if is_upper(plan) and step in UPPER_MEETING_NAMES:
        return str(UPPER_MEETING_NAMES[step])
    return meeting.get_kind_display()


def consults_districts(plan) -> bool:
    """A province in the legacy three-tier process consults its districts; every other upper unit its communes."""
    return plan.unit.level == Level.PROVINCE and plan.unit.is_legacy


def kind_word(unit) -> str:
    """'tỉnh', 'thành phố', 'huyện', 'phường': the unit's kind as its name is written (the kinds are Vietnamese
    words whatever the interface's language)."""
    if unit.kind == Kind.THANH_PHO_TRUNG_UONG:  # Hà Nội is "thành phố Hà Nội", its council "HĐND thành phố"
        return "thành phố"
    return (unit.get_kind_display() or unit.get_level_display()).lower()


def council(unit) -> str:
    """'Hội đồng nhân dân tỉnh': the People's Council that approves the unit's plan."""
    return _("%(kind)s People's Council") % {"kind": kind_word(unit)}


def lower_units(plan):
    """The units one level down that are consulted at step 5 of an upper-level plan: a province's communes (its
    districts, for a legacy province in the three-tier process), a legacy district's communes."""
    return Unit.objects.filter(parent=plan.unit).exclude(level=Level.VILLAGE).order_by("name")


def usual_departments(plan) -> tuple[str, ...]:
    """The departments (offices) the team is offered to add in one go; none at a commune."""
    unit = plan.unit
    if unit.level == Level.DISTRICT:
        return DISTRICT_OFFICES
    if unit.level == Level.PROVINCE:
        return LEGACY_PROVINCE_DEPARTMENTS if unit.is_legacy else PROVINCE_DEPARTMENTS
    return ()


def departments_word(plan) -> str:
    if plan.unit.level == Level.DISTRICT:
        return _("district offices (phòng, ban)")
    if plan.unit.level == Level.PROVINCE:
        return _("departments, boards and agencies (sở, ban, ngành)")
    return _("bodies and organisations of the commune")


def submitted_to(plan) -> str:
    """Where the approved plan goes: a province's to the central ministries, a legacy district's to the province,
    a commune's to the level above."""
    unit = plan.unit
    if unit.level == Level.PROVINCE:
        return _("the central ministries")
    if unit.level == Level.DISTRICT:
        if not unit.parent_id:
            return _("the province")
        name = unit.parent.name
        return _("the People's Committee of %(province)s (Department of Planning and Investment)") % {
            "province": name[:1].lower() + name[1:]
        }
    return _("the upper level")


def move_label(plan, target: str) -> str:
    """The button of each move, in the words of the plan's level."""
    upper = is_upper(plan)
    if target == "in_consultation":
        if upper:
            return _("Send the draft to the %(who)s for comment") % {"who": departments_word(plan)}
        return _("Send the draft for comment")
    if target == "revised":
        return _("Mark the draft revised")
    if target == "adopted":
        return _("Adopt the plan at the adoption conference") if upper else _("Adopt the plan (commune)")
    if target == "approved":
        return _("Record the approval of the %(council)s") % {"council": council(plan.unit)}
    if upper:
        return _("Submit to %(to)s") % {"to": submitted_to(plan)}
    return _("Submit to the upper level")


def resolution_labels(unit) -> tuple[str, str]:
    """The labels of the approval's two fields, naming the council: the error of a missing one names it too."""
    name = council(unit)
    return (
        _("Resolution number of the %(council)s") % {"council": name},
        _("Resolution date of the %(council)s") % {"council": name},
    )
