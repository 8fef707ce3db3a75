"""The committed OpenAPI schema (docs/api/openapi.yaml) is the code's schema: regenerate it with
``prestatiemonitor spectacular --file docs/api/openapi.yaml --validate`` after changing the API.
.ci/run runs this test (through scripts/test.sh), so CI fails when the two differ."""

from pathlib import Path

import yaml
from django.core.management import call_command

GECOMMIT = Path(__file__).resolve().parents[4] / "docs" / "api" / "openapi.yaml"


def test_the_committed_schema_is_the_code_s_schema(tmp_path):
    nieuw = tmp_path / "openapi.yaml"
    call_command("spectacular", "--file", str(nieuw), "--validate", "--fail-on-warn")
    assert nieuw.read_text() == GECOMMIT.read_text(), (
        "docs/api/openapi.yaml verschilt van het schema van de code. Maak het opnieuw met: "
        "prestatiemonitor spectacular --file docs/api/openapi.yaml --validate"
    )


def test_the_schema_documents_every_route_and_the_problem_format():
    schema = yaml.safe_load(GECOMMIT.read_text())
    assert schema["openapi"].startswith("3.")
    assert sorted(schema["paths"]) == [
        "/api/v1/activiteiten/",
        "/api/v1/activiteiten/{id}/",
        "/api/v1/afspraken/",
        "/api/v1/afspraken/{id}/",
        "/api/v1/besluiten/",
        "/api/v1/besluiten/{id}/",
        "/api/v1/kaders/",
        "/api/v1/kaders/{slug}/",
        "/api/v1/peilmomenten/",
        "/api/v1/peilmomenten/{id}/",
        "/api/v1/projecten/",
        "/api/v1/projecten/{id}/",
        "/api/v1/voortgang/",
        "/api/v1/voortgang/{id}/",
    ]
    patch = schema["paths"]["/api/v1/projecten/{id}/"]["patch"]
    assert "application/problem+json" in patch["responses"]["412"]["content"]
    assert [p["name"] for p in patch["parameters"] if p["in"] == "header"] == ["If-Match"]
