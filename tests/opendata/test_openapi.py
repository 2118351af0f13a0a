"""The API's description: a valid OpenAPI 3 document whose every field is
described, and browsable docs that load only the portal's own files."""

import json
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from openapi_spec_validator import validate

OPERATIONS = {
    "/api/v1/editions",
    "/api/v1/editions/{year}",
    "/api/v1/sections",
    "/api/v1/editions/{year}/sections/{slug}",
    "/api/v1/action-fields",
    "/api/v1/editions/{year}/action-fields/{slug}",
    "/api/v1/goals",
    "/api/v1/goals/{goal_id}",
    "/api/v1/measures",
    "/api/v1/measures/{measure_id}",
    "/api/v1/processes",
    "/api/v1/processes/{slug}",
    "/api/v1/phases",
    "/api/v1/processes/{slug}/phases/{number}",
    "/api/v1/events",
    "/api/v1/events/{slug}",
}


def openapi(client) -> dict:
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return json.loads(response.content)


def test_the_openapi_document_is_valid(db, client):
    spec = openapi(client)

    validate(spec)

    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == OPERATIONS
    for path, methods in spec["paths"].items():
        # Read-only: GET and nothing else (HEAD works, undocumented).
        assert set(methods) == {"get"}, path


def test_every_operation_parameter_and_field_is_described(db, client):
    spec = openapi(client)

    for path, methods in spec["paths"].items():
        operation = methods["get"]
        assert operation["summary"] and operation["description"], path
        for parameter in operation.get("parameters", []):
            assert parameter.get("description"), (path, parameter["name"])
        documented = set(operation["responses"])
        assert "200" in documented and "422" in documented, path
        if "{" in path:
            assert "404" in documented, path
    for name, schema in spec["components"]["schemas"].items():
        for field, definition in schema.get("properties", {}).items():
            if name.startswith("Paged") and field == "items":
                continue  # described by the record type it lists
            assert definition.get("description"), (name, field)


def test_lists_document_their_page_size_and_filters(db, client):
    spec = openapi(client)

    parameters = {
        parameter["name"]: parameter["schema"]
        for parameter in spec["paths"]["/api/v1/events"]["get"]["parameters"]
    }

    assert parameters["limit"]["maximum"] == 500
    assert parameters["limit"]["default"] == 100
    assert {"edition", "process", "action_field", "type", "cancelled", "from", "to"} < (
        set(parameters)
    )
    paged = spec["components"]["schemas"]["PagedEventOut"]["properties"]
    assert {"count", "limit", "offset", "licence", "items"} == set(paged)


class Resources(HTMLParser):
    """Every address a page loads or links to."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("src", "href", "action", "srcset", "poster") and value:
                self.urls.append(value)


def test_the_docs_load_swagger_from_the_portals_own_files(db, client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()

    parser = Resources()
    parser.feed(html)
    settings = json.loads(
        re.search(r'id="swagger-settings">(.*?)</script>', html, re.S)[1]
    )

    assert parser.urls
    for url in parser.urls:
        parts = urlsplit(url)
        assert not (parts.scheme or parts.netloc), url
        assert client.get(url).status_code == 200, url
    assert not re.search(r"https?://", html.replace('"url": "/api', ""))
    assert any(url.endswith("swagger-ui-bundle.js") for url in parser.urls)
    assert settings["url"] == "/api/v1/openapi.json"
    # Swagger UI would otherwise send the document to validator.swagger.io.
    assert settings["validatorUrl"] is None
