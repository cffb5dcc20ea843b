"""Official documents built from pure plan data (no Django imports here, so they stay testable on their own)."""
