"""Changes to the unit tree, atomic and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sedp.audit.actions import record

from .choices import Level, Tiers
from .models import Unit


@transaction.atomic
def set_tiers(province: Unit, tiers: int, *, actor) -> Unit:
    """Choose the province's planning process: two-tier (province → commune, the 2025 default) or three-tier.
    New cycles of the province and its units take it; existing cycles keep theirs."""
    if province.level != Level.PROVINCE:
        raise ValidationError(_("Only a province chooses its planning process."))
    if tiers not in Tiers.values:
        raise ValidationError({"tiers": _("Choose two-tier or three-tier.")})
    before = {"tiers": province.tiers}
    province.tiers = tiers
    province.save(update_fields=["tiers"])
    record(actor, "places.set_tiers", province, before=before, after={"tiers": tiers})
    return province
