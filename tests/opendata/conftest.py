"""Helpers of the open-data tests."""

import json


def api(client, path: str, **headers):
    """GET an address of the API; the response, its JSON parsed as `.data`."""
    response = client.get(path, **headers)
    response.data = json.loads(response.content) if response.content else None
    return response


def api_ok(client, path: str) -> dict:
    """The JSON of an API address that must answer 200."""
    response = api(client, path)
    assert response.status_code == 200, response.content[:500]
    return response.data


def every_key(value) -> set[str]:
    """Every key of every object in a JSON value, however deep."""
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in every_key(item)}
    if isinstance(value, list):
        return {key for item in value for key in every_key(item)}
    return set()
