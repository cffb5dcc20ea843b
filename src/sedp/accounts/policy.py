"""The one permission policy. Every read and write in pages, API and exports goes through here.

A role granted on a unit allows its actions on that unit and everything below it. Reads are filtered by
`restrict`, the one restricting queryset (NetBox's RestrictedQuerySet): what a user may not see simply is not in
the result, so an outsider asking for it gets 404, never 403 — ids cannot be probed. A user who can see an object
but not change it gets 403 from `access`. Citizens (anonymous) read only what is published.

A model joins the policy by declaring:
- `policy_unit = "unit"`: the lookup from the model to its Unit ("" for Unit itself);
- `policy_public_q()`: a classmethod returning the Q of what is published (`Q(pk__in=[])` for nothing);
- `policy_visible_from_below = True` if people working under the unit read it too (a province's cycle is the
  context of every commune's work in it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from .roles import ROLE_ACTIONS, Action, Role


@dataclass(frozen=True)
class Scope:
    everywhere: bool
    paths: tuple[str, ...]  # roots of the subtrees where the action is allowed

    def covers(self, path: str) -> bool:
        return self.everywhere or any(path.startswith(p) for p in self.paths)


def _grants(user) -> list[tuple[str, str | None]]:
    """(role, unit path) of the user's grants, read once per request object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_sedp_grants", None)
    if cached is None:
        cached = [(g.role, g.unit.path if g.unit_id else None) for g in user.grants.select_related("unit")]
        user._sedp_grants = cached
    return cached


def scope(user, action: str) -> Scope:
    if getattr(user, "is_superuser", False) and user.is_active:
        return Scope(True, ())
    paths = []
    everywhere = False
    for role, path in _grants(user):
        if action not in ROLE_ACTIONS[role]:
            continue
        if path is None:
            everywhere = everywhere or role == Role.ADMIN
        else:
            paths.append(path)
    # Drop paths already covered by a shorter one, so the SQL stays small.
    paths.sort(key=len)
    roots: list[str] = []
    for p in paths:
        if not any(p.startswith(r) for r in roots):
            roots.append(p)
    return Scope(everywhere, tuple(roots))


def _ancestor_paths(path: str) -> list[str]:
    parts = path.strip("/").split("/")
    return ["/" + "/".join(parts[:i]) + "/" for i in range(1, len(parts))]  # same rule as Unit.ancestor_paths


def restrict(queryset: QuerySet, user, action: str = Action.VIEW) -> QuerySet:
    model = queryset.model
    lookup = model.policy_unit
    prefix = f"{lookup}__" if lookup else ""
    public = model.policy_public_q() if action == Action.VIEW else Q(pk__in=[])
    if not public.children:
        return queryset  # an empty Q: everything of this model is public (Django drops an empty Q from an OR)
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return queryset.filter(public) if action == Action.VIEW else queryset.none()
    allowed = scope(user, action)
    if allowed.everywhere:
        return queryset
    q = public
    for path in allowed.paths:
        q |= Q(**{f"{prefix}path__startswith": path})
    if action == Action.VIEW and getattr(model, "policy_visible_from_below", False):
        above = {a for p in allowed.paths for a in _ancestor_paths(p)}
        if above:
            q |= Q(**{f"{prefix}path__in": sorted(above)})
    return queryset.filter(q)


def access(user, queryset: QuerySet | type[Model], action: str = Action.VIEW, **lookup) -> Model:
    """Fetch one object for `user`: 404 if they cannot see it, 403 if they see it but may not do `action`."""
    if not isinstance(queryset, QuerySet):
        queryset = queryset._default_manager.all()
    obj = get_object_or_404(restrict(queryset, user, Action.VIEW), **lookup)
    if action != Action.VIEW and not can(user, action, obj):
        raise PermissionDenied
    return obj


def access_unit_data(user, queryset: QuerySet, action: str = Action.VIEW, **lookup):
    """Fetch a unit whose own planning data (its criteria and weights, its unpublished work) is asked for: the
    unit itself is public, its planning data is not, so anyone whose roles do not cover the unit gets 404, as
    for a private object; 403 if they see it but may not do `action`."""
    unit = get_object_or_404(queryset, **lookup)
    if not scope(user, Action.VIEW).covers(unit.path):
        raise Http404
    if action != Action.VIEW and not can(user, action, unit):
        raise PermissionDenied
    return unit


def unit_of(obj: Model):
    lookup = type(obj).policy_unit
    unit = obj
    for part in lookup.split("__") if lookup else []:
        unit = getattr(unit, part)
    return unit


def can(user, action: str, obj: Model) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return scope(user, action).covers(unit_of(obj).path)


def home_units(user):
    """The units a user's roles are granted on: what their home page is about."""
    from sedp.places.models import Unit

    ids = [g.unit_id for g in user.grants.all() if g.unit_id] if user.is_authenticated else []
    return Unit.objects.filter(pk__in=ids).select_related("parent", "parent__parent")
