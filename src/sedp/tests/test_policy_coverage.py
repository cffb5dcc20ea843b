"""Every model joins the one permission policy, or is named here with the reason it need not."""

from django.apps import apps

from sedp.accounts.policy import restrict

# Models no page or API lists directly: read only through their parent (which is checked), or admin-only.
OUTSIDE_THE_POLICY = {
    "audit.AuditEntry": "written by actions; read only by administrators",
    "accounts.User": "people; shown only as the author of something already checked",
    "accounts.RoleGrant": "read when a user signs in, never listed",
    "needs.Score": "a cell of a score sheet; read only through its ScoreSheet",
    "markets.ChainScore": "a cell of a value chains' score sheet; read only through its ChainScoreSheet",
    "opendata.Edition": "a publication counter, the public pages' cache key; holds nothing about anyone",
}


def _ours():
    return [m for m in apps.get_models() if m.__module__.startswith("sedp.")]


def test_every_model_declares_its_unit_and_what_is_public_or_is_exempted_with_a_reason():
    missing = [
        m._meta.label
        for m in _ours()
        if m._meta.label not in OUTSIDE_THE_POLICY
        and not (hasattr(m, "policy_unit") and callable(getattr(m, "policy_public_q", None)))
    ]
    assert missing == [], f"declare policy_unit and policy_public_q on: {missing}"
    assert set(OUTSIDE_THE_POLICY) <= {m._meta.label for m in _ours()}, "an exempted model no longer exists"


def test_every_policy_lookup_reaches_a_unit_and_builds_valid_sql(db, village_head):
    from django.contrib.auth.models import AnonymousUser

    for model in _ours():
        if model._meta.label in OUTSIDE_THE_POLICY:
            continue
        # Evaluating the restricted queryset runs the public Q (for a citizen) and the unit lookup with the
        # subtree and from-below paths (for a village head) against the schema: a wrong lookup raises here.
        for user in (AnonymousUser(), village_head):
            for action in ("view", "change"):
                list(restrict(model.objects.all(), user, action)[:1])
