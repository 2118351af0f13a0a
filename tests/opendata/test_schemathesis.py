"""Property-based tests of the API against its own OpenAPI document
(schemathesis): generated requests, valid and invalid, to every operation of
the portal in-process (WSGI) with the shipped Münster data loaded. No answer
may be a server error or break the document (status codes, content types,
response schemas), and bad input must be refused with a 4xx.

Examples per operation are bounded so the module stays well under a minute.
Münster is loaded once for the module (`muenster_shared`).
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from config.wsgi import application

EXAMPLES = 25


# Loaded when the module is collected: the document needs no database. (The
# lazy `schemathesis.pytest.from_fixture` fails under pytest 9.)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def in_process(muenster_shared):
    """Münster loaded, and the WSGI application called as Django's test
    client calls it: a request's end must not close the database connection
    that holds the test's transaction (it would on PostgreSQL)."""
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def api_schema(in_process):
    return schema


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_to_its_openapi_document(case, in_process):
    case.call_and_validate()


# Generated values rarely hit a record that exists; these do.
RECORDS = [
    ("/api/v1/editions/{year}", {"year": 2025}),
    ("/api/v1/editions/{year}/sections/{slug}", {"year": 2025, "slug": "praeambel"}),
    (
        "/api/v1/editions/{year}/action-fields/{slug}",
        {"year": 2025, "slug": "kultur-und-religion"},
    ),
    ("/api/v1/processes/{slug}", {"slug": "2023-2025"}),
    ("/api/v1/processes/{slug}/phases/{number}", {"slug": "2023-2025", "number": 3}),
    ("/api/v1/events/{slug}", {"slug": "2024-09-19-expertenrunde-4"}),
]
FILTERED = [
    ("/api/v1/events", {"edition": 2025, "action_field": "wirtschaft-und-arbeit"}),
    ("/api/v1/events", {"from": "2024-01-01", "to": "2024-12-31", "limit": 3}),
    ("/api/v1/action-fields", {"edition": 2019, "priority": False}),
    ("/api/v1/sections", {"edition": 2008, "kind": "preamble"}),
    ("/api/v1/phases", {"process": "2023-2025"}),
]


def test_existing_records_and_filtered_lists_keep_to_the_document(api_schema):
    for path, parameters in RECORDS:
        case = api_schema[path]["GET"].Case(path_parameters=parameters)
        response = case.call_and_validate()
        assert response.status_code == 200, path
    for path, query in FILTERED:
        case = api_schema[path]["GET"].Case(query=query)
        response = case.call_and_validate()
        assert response.status_code == 200, (path, query)
        assert response.json()["items"], (path, query)
