"""The back office carries the portal's and the city's names, not Django's."""

import re

from django.urls import reverse

from tests.conftest import get, html_of, in_language


def title_of(html: str) -> str:
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def test_admin_index_names_the_portal_and_the_city(admin_client, city):
    html = html_of(admin_client, reverse("admin:index"))
    assert '<a href="/admin/">Leitbildportal Beispielstadt – Verwaltung</a>' in html
    assert "<h1>Verwaltung des Leitbildportals – Stadt Beispielstadt</h1>" in html
    assert title_of(html) == (
        "Verwaltung des Leitbildportals – Stadt Beispielstadt"
        " | Leitbildportal Beispielstadt – Verwaltung"
    )
    assert "Django" not in html
    # The index still lists the apps.
    assert reverse("admin:events_event_changelist") in html


def test_admin_login_page_names_the_portal(client, city):
    html = html_of(client, reverse("admin:login"))
    assert "Leitbildportal Beispielstadt – Verwaltung" in html
    assert title_of(html) == "Anmelden | Leitbildportal Beispielstadt – Verwaltung"
    assert "Django" not in html


def test_admin_pages_name_the_portal_in_the_browser_title(admin_client, city):
    html = html_of(admin_client, reverse("admin:events_event_changelist"))
    assert title_of(html).endswith(" | Leitbildportal Beispielstadt – Verwaltung")
    assert "Django" not in html


def test_admin_in_english_names_the_portal_in_english(admin_client, city):
    html = html_of(admin_client, in_language(reverse("admin:index"), "en"))
    home = '<a href="/en/admin/">Leitbildportal Beispielstadt – administration</a>'
    assert home in html
    assert (
        "<h1>Administration of the Leitbild portal – Stadt Beispielstadt</h1>" in html
    )


def test_admin_without_city_data_keeps_djangos_names(admin_client):
    response = get(admin_client, reverse("admin:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<a href="/admin/">Django-Verwaltung</a>' in html
    assert "<h1>Website-Verwaltung</h1>" in html
    assert title_of(html) == "Website-Verwaltung | Django-Systemverwaltung"
