"""Roles, the actions each role may take, and the levels each role is granted on.

A role is granted on a unit and applies to that unit and everything below it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sedp.places.choices import Level


class Role(models.TextChoices):
    VILLAGE_HEAD = "village_head", _("village head")
    VILLAGE_WORKING_GROUP = "village_working_group", _("village working group")
    COMMUNE_PLANNER = "commune_planner", _("commune planning-team member")
    COMMUNE_LEADER = "commune_leader", _("commune planning-team leader")
    DISTRICT_OFFICER = "district_officer", _("district planning officer")
    PROVINCE_OFFICER = "province_officer", _("province planning officer")
    FRONT_REPRESENTATIVE = "front_representative", _("Fatherland Front representative")
    DONOR_FACILITATOR = "donor_facilitator", _("donor project facilitator")
    ADMIN = "admin", _("system administrator")


class Action(models.TextChoices):
    VIEW = "view", _("view")
    # Record and edit planning data: meetings, needs, scores, draft plans.
    CHANGE = "change", _("change")
    # Comment on drafts (Fatherland Front, facilitators) without editing them.
    COMMENT = "comment", _("comment")
    # Run the process: cycles and calendars, adoption, assignment, people's roles.
    MANAGE = "manage", _("manage")
    # Facilitate and record citizen–government dialogues and the voter-contact conferences of a commune plan
    # (source 002: the Fatherland Front's task; a project facilitator's in the first years).
    FACILITATE = "facilitate", _("facilitate dialogues")


V, C, M, K, F = Action.VIEW, Action.CHANGE, Action.MANAGE, Action.COMMENT, Action.FACILITATE
ROLE_ACTIONS: dict[str, frozenset[str]] = {
    Role.VILLAGE_HEAD: frozenset({V, C, K}),
    Role.VILLAGE_WORKING_GROUP: frozenset({V, C, K}),
    Role.COMMUNE_PLANNER: frozenset({V, C, K}),
    Role.COMMUNE_LEADER: frozenset({V, C, K, M}),
    Role.DISTRICT_OFFICER: frozenset({V, C, K, M}),
    Role.PROVINCE_OFFICER: frozenset({V, C, K, M}),
    Role.FRONT_REPRESENTATIVE: frozenset({V, K, F}),
    Role.DONOR_FACILITATOR: frozenset({V, C, K, F}),
    Role.ADMIN: frozenset({V, C, K, M, F}),
}
ROLE_LEVELS: dict[str, tuple[str, ...]] = {
    Role.VILLAGE_HEAD: (Level.VILLAGE,),
    Role.VILLAGE_WORKING_GROUP: (Level.VILLAGE,),
    Role.COMMUNE_PLANNER: (Level.COMMUNE,),
    Role.COMMUNE_LEADER: (Level.COMMUNE,),
    Role.DISTRICT_OFFICER: (Level.DISTRICT,),
    Role.PROVINCE_OFFICER: (Level.PROVINCE,),
    Role.FRONT_REPRESENTATIVE: (Level.COMMUNE, Level.DISTRICT, Level.PROVINCE),
    Role.DONOR_FACILITATOR: (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE),
    Role.ADMIN: (Level.PROVINCE, Level.DISTRICT, Level.COMMUNE, Level.VILLAGE),
}
