"""The German back office speaks German: Django 6.1's own strings that its
German catalogues leave in English come from the portal's catalogues."""

import json
import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from tests.conftest import (
    html_of,
    make_action_field,
    make_edition,
    make_event,
    make_process,
)

# What Django 6.1 shows in English on a German page, as it spells it.
ENGLISH = [
    "Select an option",
    ">Run<",
    "Filter by",
    "Search Veranstaltungen",
    "Note: ",
    "by selecting them",
    "Save and add another",
    "Add another",
    "Delete?",
    "History",
    "View on site",
]


@pytest.fixture
def event(city):
    edition = make_edition(city)
    make_action_field(edition, name="Bildung und Sprachen")
    return make_event(make_process(city, edition=edition), title="Werkstatt")


def test_german_event_page_has_none_of_djangos_english_strings(admin_client, event):
    html = html_of(admin_client, reverse("admin:events_event_change", args=[event.pk]))
    assert [text for text in ENGLISH if text in html] == []
    assert "– Bitte auswählen –" in html
    assert ">Ausführen</button>" in html


def test_german_event_list_filters_and_searches_in_german(admin_client, event):
    html = html_of(admin_client, reverse("admin:events_event_changelist"))
    assert [text for text in ENGLISH if text in html] == []
    assert "Nach Beginn filtern" in html
    assert "Veranstaltungen durchsuchen" in html


def admin_js_catalog(client) -> dict:
    """The translations the admin's JavaScript gets (/admin/jsi18n/)."""
    response = client.get(reverse("admin:jsi18n"), HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 200
    found = re.search(
        r"const newcatalog = (\{.*?\n  \});", response.content.decode(), re.S
    )
    return json.loads(found.group(1))


def test_admin_javascript_gets_the_portals_german_over_djangos(admin_client, city):
    catalog = admin_js_catalog(admin_client)
    choose = 'Choose %s by selecting them and then select the "Choose" arrow button.'
    assert catalog[choose] == (
        "Wählen Sie %s aus, indem Sie sie markieren und dann auf den Pfeil "
        "„Auswählen“ klicken."
    )
    behind = (
        "Note: Enter times in the %(timezone)s timezone. "
        "(You are %(offset)s hour behind.)"
    )
    assert catalog[behind][1] == (
        "Hinweis: Geben Sie Uhrzeiten in der Zeitzone %(timezone)s ein. "
        "(Ihre Uhr geht %(offset)s Stunden nach.)"
    )
    # Django's own German is still there.
    assert catalog["Available %s"] == "Verfügbare %s"
    assert catalog["Today"] == "Heute"


def test_admin_says_aendern_for_change_and_the_switcher_links_this_page(
    admin_client, event, rf
):
    # The language switcher once had a button "Change" (German "Wechseln")
    # with a context of its own, so as not to replace Django's "Ändern" in
    # the admin. Now it is a list of links, each language named in itself.
    html = html_of(admin_client, reverse("admin:index"))
    assert 'class="changelink"' in html
    assert "Wechseln" not in html
    assert ">Ändern</a>" in html
    with translation.override("de"):
        switcher = render_to_string(
            "includes/language_switcher.html",
            request=rf.get("/leitbild/", {"seite": "2"}),
        )
    assert "<button" not in switcher
    assert '<nav class="language-switcher" aria-label="Sprache">' in switcher
    assert re.search(
        r'<a [^>]*href="/leitbild/\?seite=2" lang="de" hreflang="de" dir="ltr"'
        r' aria-current="true">Deutsch</a>',
        switcher,
    )
    assert re.search(
        r'<a [^>]*href="/en/leitbild/\?seite=2" lang="en" hreflang="en" dir="ltr">'
        r"English</a>",
        switcher,
    )
