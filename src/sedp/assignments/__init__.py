"""Assignment of the plan (giao kế hoạch): what an upper level hands down to each unit under it — budgets by
source and by activity, and targets — checked to add up to what it received (`sedp.core.assignment`), seen and
taken into the receiving unit's own plan, and posted publicly (source 001)."""
