# The monitoring fixtures (Ea Kao's adopted plan with two funded activities), for the reports due on the home page.
from sedp.monitoring.tests.conftest import adopted_plan, world, year  # noqa: F401
