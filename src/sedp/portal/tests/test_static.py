"""Static files in production (issue 14 §4): collected with a hash in their names and gzip/brotli copies beside
them, which WhiteNoise serves compressed and marks cacheable for a year."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client, override_settings


@pytest.mark.django_db
def test_htmx_and_css_are_served_compressed_and_immutable_in_production(tmp_path, settings):
    storages = {**settings.STORAGES}
    storages["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
    with override_settings(
        STORAGES=storages, STATIC_ROOT=tmp_path, WHITENOISE_USE_FINDERS=False, DEBUG=False
    ):
        call_command("collectstatic", interactive=False, verbosity=0)
        client = Client()
        for name in ("vendor/htmx/htmx.min.js", "sedp/sedp.css"):
            url = static(name)
            assert url != f"/static/{name}" and url.count(".") >= 2  # a hashed name
            response = client.get(url, HTTP_ACCEPT_ENCODING="gzip, br")
            assert response.status_code == 200, url
            assert response["Content-Encoding"] in ("br", "gzip")
            assert (
                "immutable" in response["Cache-Control"] and "max-age=315360000" in response["Cache-Control"]
            )
        assert "/static/sedp/sedp." in client.get("/").content.decode()
