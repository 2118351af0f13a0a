"""The pages behind the links in contribution e-mails: opening a link shows
a page, only the button changes something; each page is personal (never
cached, not indexed); a damaged, expired or dead link gets a clear page."""

import time

import pytest
from django.core import signing
from django.urls import reverse

from contributions import services
from contributions.models import Contribution
from contributions.tokens import contribution_token, support_token
from tests.conftest import in_language, make_consultation, make_contribution

State = Contribution.State


@pytest.fixture
def edition(city):
    return make_consultation(city)


@pytest.fixture
def section(edition):
    return edition.sections.get(slug="grundsaetze")


def unconfirmed(section, **overrides):
    values = {
        "section": section,
        "body": "Bitte mehr Sprachkurse am Abend.",
        "author_name": "Ayşe",
        "email": "ayse@example.org",
        "consent": True,
    }
    values.update(overrides)
    return services.contribution_create(**values)


def url(name, contribution):
    purpose = {"confirm": "confirm", "withdraw": "withdraw"}[name]
    token = contribution_token(contribution=contribution, purpose=purpose)
    return reverse(f"contributions:{name}", kwargs={"token": token})


def support_url(support):
    return reverse(
        "contributions:support_confirm",
        kwargs={"token": support_token(support=support)},
    )


def page(client, path, language="de"):
    response = client.get(in_language(path, language))
    return response, response.content.decode()


def assert_personal(response):
    assert "no-store" in response["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.content.decode()


# Confirming a contribution


def test_opening_the_confirm_link_confirms_nothing_the_button_does(client, section):
    contribution = unconfirmed(section)
    path = url("confirm", contribution)
    response, html = page(client, path)
    assert response.status_code == 200
    assert_personal(response)
    assert "Bitte mehr Sprachkurse am Abend." in html
    assert "Grundsätze" in html
    assert "wird Ihr Beitrag geprüft und dann veröffentlicht" in html
    assert "Meinen Beitrag bestätigen" in html
    assert "ayse@example.org" not in html
    contribution.refresh_from_db()
    assert contribution.state == State.UNCONFIRMED

    response = client.post(path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    assert response["Location"] == path
    contribution.refresh_from_db()
    assert contribution.state == State.RECEIVED
    response, html = page(client, path)
    assert "Vielen Dank! Ihr Beitrag ist bestätigt." in html
    assert "Er wird geprüft, bevor er veröffentlicht wird." in html
    assert "Meinen Beitrag bestätigen" not in html


def test_the_confirm_page_says_a_contribution_is_shown_at_once_when_it_will_be(
    client, edition, section
):
    edition.contributions_publish_directly = True
    edition.save()
    contribution = unconfirmed(section)
    path = url("confirm", contribution)
    _response, html = page(client, path, "en")
    assert "your contribution is shown on the page" in html
    client.post(in_language(path, "en"))
    contribution.refresh_from_db()
    assert contribution.state == State.PUBLISHED
    _response, html = page(client, path, "en")
    assert "Your contribution is confirmed and published." in html
    assert f"#beitrag-{contribution.pk}" in html


def test_confirming_twice_changes_nothing(client, section):
    contribution = unconfirmed(section)
    path = url("confirm", contribution)
    client.post(path)
    contribution.refresh_from_db()
    confirmed_at = contribution.confirmed_at
    response = client.post(path)
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.confirmed_at == confirmed_at
    assert contribution.state == State.RECEIVED


# Withdrawing


def test_withdrawing_shows_the_contribution_then_takes_it_back_on_the_button(
    client, edition
):
    contribution = make_contribution(edition, body="Mehr Kurse am Abend.")
    path = url("withdraw", contribution)
    response, html = page(client, path)
    assert response.status_code == 200
    assert_personal(response)
    assert "Mehr Kurse am Abend." in html
    assert "Meinen Beitrag zurückziehen" in html
    contribution.refresh_from_db()
    assert contribution.state == State.PUBLISHED

    response = client.post(path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.state == State.WITHDRAWN
    assert not Contribution.objects.public().exists()
    response, html = page(client, path)
    assert response.status_code == 200
    assert "Ihr Beitrag ist zurückgezogen" in html
    assert "Meinen Beitrag zurückziehen" not in html
    # Pressing the button again is harmless.
    assert client.post(path).status_code == 302


def test_the_withdraw_page_says_what_a_taken_up_contribution_led_to_stays(
    client, edition
):
    contribution = make_contribution(edition)
    services.contribution_take_up(
        contribution=contribution, goal=edition.action_fields.get().goals.get()
    )
    _response, html = page(client, url("withdraw", contribution), "en")
    assert "What it has already led to stays part of the draft." in html


# Supporting


def test_opening_the_support_link_counts_nothing_the_button_does(client, edition):
    contribution = make_contribution(edition, body="Mehr Kurse am Abend.")
    support = services.support_create(
        contribution=contribution, email="fan@example.org"
    )
    path = support_url(support)
    response, html = page(client, path)
    assert response.status_code == 200
    assert_personal(response)
    assert "Mehr Kurse am Abend." in html
    assert "Meine Unterstützung bestätigen" in html
    assert contribution.email not in html
    contribution.refresh_from_db()
    assert contribution.support_count == 0

    assert client.post(path).status_code == 302
    assert client.post(path).status_code == 302
    contribution.refresh_from_db()
    assert contribution.support_count == 1
    _response, html = page(client, path)
    assert "Ihre Unterstützung ist bestätigt und zählt." in html
    assert "Meine Unterstützung bestätigen" not in html


def test_support_for_a_contribution_withdrawn_meanwhile_is_refused_clearly(
    client, edition
):
    contribution = make_contribution(edition)
    support = services.support_create(
        contribution=contribution, email="fan@example.org"
    )
    services.contribution_withdraw(contribution=contribution)
    path = support_url(support)
    _response, html = page(client, path)
    assert "Meine Unterstützung bestätigen" not in html
    assert "kann er nicht unterstützt werden" in html
    response = client.post(path, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 409
    assert "kann er nicht unterstützt werden" in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.support_count == 0


# Links that do not work


@pytest.mark.parametrize("name", ["confirm", "withdraw"])
def test_a_tampered_link_is_refused_without_revealing_anything(client, section, name):
    contribution = unconfirmed(section)
    good = url(name, contribution).rstrip("/").rsplit("/", 1)[1]
    for bad in (good[:-2] + "xx", "abc"):
        path = reverse(f"contributions:{name}", kwargs={"token": bad})
        for method in (client.get, client.post):
            response = method(path, HTTP_ACCEPT_LANGUAGE="de")
            assert response.status_code == 400
            html = response.content.decode()
            assert "Dieser Link funktioniert nicht" in html
            assert "unvollständig oder wurde verändert" in html
            assert "Bitte mehr Sprachkurse" not in html
            assert_personal(response)
    contribution.refresh_from_db()
    assert contribution.state == State.UNCONFIRMED


def test_a_link_for_one_purpose_is_no_good_for_another(client, section):
    contribution = unconfirmed(section)
    confirm = contribution_token(contribution=contribution, purpose="confirm")
    withdraw = contribution_token(contribution=contribution, purpose="withdraw")
    for name, token in (("withdraw", confirm), ("confirm", withdraw)):
        path = reverse(f"contributions:{name}", kwargs={"token": token})
        assert client.post(path).status_code == 400
    path = reverse("contributions:support_confirm", kwargs={"token": confirm})
    assert client.post(path).status_code == 400
    contribution.refresh_from_db()
    assert contribution.state == State.UNCONFIRMED


def test_a_confirm_link_expires_after_a_week_the_withdraw_link_does_not(
    client, section, monkeypatch
):
    contribution = unconfirmed(section)
    eight_days_ago = signing.b62_encode(int(time.time()) - 8 * 24 * 3600)
    monkeypatch.setattr(
        signing.TimestampSigner, "timestamp", lambda self: eight_days_ago
    )
    confirm = url("confirm", contribution)
    withdraw = url("withdraw", contribution)
    support = services.support_create(
        contribution=make_contribution(section.edition), email="fan@example.org"
    )
    support_path = support_url(support)
    monkeypatch.undo()
    for path, language, text in (
        (confirm, "de", "Der Link ist abgelaufen"),
        (support_path, "en", "The link has expired"),
    ):
        response = client.post(in_language(path, language))
        assert response.status_code == 400
        assert text in response.content.decode()
    contribution.refresh_from_db()
    assert contribution.state == State.UNCONFIRMED
    assert client.get(withdraw).status_code == 200


def test_a_link_to_a_purged_or_deleted_contribution_is_gone(client, edition):
    contribution = make_contribution(edition)
    withdraw = url("withdraw", contribution)
    Contribution.objects.filter(pk=contribution.pk).update(
        author_name="", email="", anonymised_at=contribution.created_at
    )
    response = client.get(withdraw, HTTP_ACCEPT_LANGUAGE="de")
    assert response.status_code == 404
    assert "Wir finden diesen Beitrag nicht mehr" in response.content.decode()
    other = make_contribution(edition)
    confirm = url("confirm", other)
    other.delete()
    response = client.post(in_language(confirm, "en"))
    assert response.status_code == 404
    assert "We cannot find this contribution any more" in response.content.decode()
