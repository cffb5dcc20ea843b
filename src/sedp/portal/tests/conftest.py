from sedp.opendata.tests.conftest import published, year  # noqa: F401
