"""Funding: which needs and activities the money can pay for — the commune budget proposal over its villages' Part 2
activities (`proposal`), and, one level up, the integration of the children's priorities into funding sources."""
