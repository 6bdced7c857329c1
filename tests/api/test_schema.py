"""The OpenAPI 3 schema documents every route of /api/v1/, and its docs are served locally."""

import re

import pytest
import yaml
from django.core.management import call_command
from django.urls import URLPattern, get_resolver, reverse

from api import urls
from tests.api.conftest import ApiCaller

pytestmark = pytest.mark.django_db


def api_routes() -> set[str]:
    resolver = get_resolver().url_patterns
    api = next(p for p in resolver if getattr(p, "namespace", None) == "api")
    return {f"api:{p.name}" for p in api.url_patterns if isinstance(p, URLPattern)}


def _schema(tmp_path) -> dict:
    out = tmp_path / "schema.yaml"
    # --fail-on-warn: a view whose responses cannot be described fails here.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    return yaml.safe_load(out.read_text())


def _template(path: str) -> str:
    """/api/v1/windows/{slug}/plans/{code}/ -> /api/v1/windows/<slug>/plans/<code>/"""
    return path.replace("{", "<").replace("}", ">")


def test_every_route_is_in_the_schema(tmp_path):
    documented = {_template(path) for path in _schema(tmp_path)["paths"]}
    undocumented = []
    for pattern in urls.urlpatterns:
        if pattern.name in ("schema", "docs", "redoc"):
            continue
        path = "/api/" + re.sub(r"<\w+:(\w+)>", r"<\1>", str(pattern.pattern))
        if path not in documented:
            undocumented.append(path)
    assert not undocumented, f"routes missing from the schema: {undocumented}"


def test_the_schema_names_the_bearer_scheme_and_no_session(tmp_path):
    schema = _schema(tmp_path)
    assert schema["components"]["securitySchemes"] == {
        "token": {"type": "http", "scheme": "bearer", "description": "Token dari BKPSDM (wfa_...)"}
    }


def test_the_docs_load_their_assets_from_the_portal(login, bkpsdm, api_mayor):
    page = login(bkpsdm).get(reverse("api:docs")).content.decode()
    assert "swagger-ui-bundle.js" in page
    assert "cdn" not in page.lower() and "https://" not in page
    redoc = login(bkpsdm).get(reverse("api:redoc")).content.decode()
    assert "redoc.standalone.js" in redoc and "https://" not in redoc
    assert api_mayor.get(reverse("api:schema")).status_code == 200
    assert ApiCaller().get(reverse("api:schema")).status_code == 401
