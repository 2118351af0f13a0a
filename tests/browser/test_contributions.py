"""The consultation's pages in a real browser: axe-core on each of them, the
passage picked from the text with JavaScript, and the forms without it."""

import re

import pytest

from contributions.models import Contribution, TextChange
from handlungsfelder.models import Measure
from tests.conftest import (
    make_consultation,
    make_contribution,
    make_event,
    make_process,
)

from .conftest import assert_no_axe_violations
from .test_reflow import TEXT_SPACING, overflowing_pages

SECTION = "/leitbild/2030/abschnitte/grundsaetze/"


@pytest.fixture
def consultation(transactional_db, city):
    """A draft in consultation with a contribution of every public kind and
    outcome, a text change, and an event that worked on its goal."""
    edition = make_consultation(city)
    section = edition.sections.get(slug="grundsaetze")
    goal = edition.action_fields.get().goals.get()
    measure = Measure.objects.create(goal=goal, title="Abendkurse")
    event = make_event(make_process(city, edition=edition), days=-10)
    event.goals.add(goal)
    change = TextChange.objects.create(
        section=section,
        passage="Teilhabe",
        replacement="gleichberechtigte Teilhabe",
        body_before=section.body,
        body_after=section.body,
        note="Aus der Beteiligung.",
    )
    first = make_contribution(edition, section=section, support_count=2)
    make_contribution(
        edition,
        section=section,
        kind=Contribution.Kind.SUGGESTION,
        passage="Teilhabe",
        proposal="gleichberechtigte Teilhabe",
        body="Gleichberechtigung zählt.",
        state=Contribution.State.TAKEN_UP,
        result_change=change,
        result_measure=measure,
        answer="Übernommen.",
    )
    make_contribution(
        edition,
        section=section,
        state=Contribution.State.NOT_TAKEN_UP,
        reason="Landesrecht.",
    )
    make_contribution(
        edition, section=section, state=Contribution.State.MERGED, merged_into=first
    )
    make_contribution(edition, action_field=goal.action_field, body="Zum Feld")
    make_contribution(edition, goal=goal, body="Zum Ziel", author_name="نور")
    return edition


@pytest.mark.parametrize(
    "path",
    [
        SECTION,
        "/leitbild/2030/handlungsfelder/sprache/",
        "goal",
        "/leitbild/2030/",
        "/mitmachen/",
    ],
)
def test_consultation_pages_have_no_axe_violations(consultation, page, axe, path):
    if path == "goal":
        goal = consultation.action_fields.get().goals.get()
        path = f"/leitbild/2030/handlungsfelder/sprache/ziele/{goal.pk}/"

    response = page.goto(path)

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page)


@pytest.mark.parametrize("spacing", [False, True], ids=["plain", "text-spacing"])
def test_consultation_pages_do_not_scroll_sideways_at_320_px(
    consultation, page, spacing
):
    goal = consultation.action_fields.get().goals.get()
    paths = [
        SECTION,
        "/leitbild/2030/handlungsfelder/sprache/",
        f"/leitbild/2030/handlungsfelder/sprache/ziele/{goal.pk}/",
        "/leitbild/2030/",
        "/mitmachen/",
    ]
    page.set_viewport_size({"width": 320, "height": 800})

    failures = overflowing_pages(page, paths, style=TEXT_SPACING if spacing else "")

    assert not failures, "\n".join(failures)


def test_the_opened_support_form_has_no_axe_violations(consultation, page, axe):
    page.goto(SECTION)
    page.locator("details.contribution-support summary").first.click()

    assert page.locator(
        "details.contribution-support input[type=email]"
    ).first.is_visible()
    assert_no_axe_violations(axe, page)


def test_selected_words_fill_the_passage_and_move_to_the_proposal(consultation, page):
    page.goto(SECTION)
    # Select "Teilhabe in allen" in the second paragraph of the text.
    page.evaluate(
        """() => {
          const paragraph = document.querySelectorAll(
            "#abschnitt-text p:not(.suggest-tool)"
          )[1];
          const text = paragraph.firstChild;
          const start = text.data.indexOf("Teilhabe");
          const range = document.createRange();
          range.setStart(text, start);
          range.setEnd(text, start + "Teilhabe in allen".length);
          const selection = window.getSelection();
          selection.removeAllRanges();
          selection.addRange(range);
        }"""
    )

    page.get_by_role("button", name="Markierten Text übernehmen").click()

    assert page.locator("#id_suggestion-passage").input_value() == "Teilhabe in allen"
    assert page.locator("#id_suggestion-proposal").input_value() == "Teilhabe in allen"
    assert page.evaluate("document.activeElement.id") == "id_suggestion-proposal"


def test_without_a_selection_the_button_says_what_to_do(consultation, page):
    page.goto(SECTION)

    page.get_by_role("button", name="Markierten Text übernehmen").click()

    assert (
        "Markieren Sie zuerst einige Wörter"
        in page.locator(".suggest-status").inner_text()
    )
    assert page.locator("#id_suggestion-passage").input_value() == ""


def test_a_paragraph_button_fills_the_passage_and_the_suggestion_is_sent(
    consultation, page
):
    page.goto(SECTION)
    buttons = page.get_by_role(
        "button", name="Neue Formulierung für diesen Absatz vorschlagen"
    )
    assert buttons.count() == 2

    buttons.nth(1).click()

    passage = "Wir fördern Teilhabe in allen Lebensbereichen."
    assert page.locator("#id_suggestion-passage").input_value() == passage
    assert page.evaluate("document.activeElement.id") == "id_suggestion-proposal"
    page.locator("#id_suggestion-proposal").fill(
        "Wir fördern gleichberechtigte Teilhabe in allen Lebensbereichen."
    )
    page.locator("#id_suggestion-body").fill("Gleichberechtigung gehört dazu.")
    page.locator("#id_suggestion-email").fill("jonas@example.org")
    page.locator("#id_suggestion-consent").check()
    page.get_by_role("button", name="Formulierung vorschlagen").click()
    page.wait_for_url(re.compile(re.escape(SECTION) + "#main$"))

    assert (
        "Bitte sehen Sie in Ihrem Postfach nach"
        in page.locator(".messages").inner_text()
    )
    suggestion = Contribution.objects.get(email="jonas@example.org")
    assert suggestion.passage == passage
    assert suggestion.state == Contribution.State.UNCONFIRMED


def test_the_errors_of_a_form_have_no_axe_violations(consultation, page, axe):
    page.goto(SECTION)
    page.locator("#id_comment-email").fill("keine-adresse")
    page.get_by_role("button", name="Kommentar senden").click()
    page.wait_for_load_state()

    assert page.locator("#id_comment-body").get_attribute("aria-invalid") == "true"
    assert page.locator("#comment-errors").is_visible()
    assert_no_axe_violations(axe, page)


# Without JavaScript (axe needs it, so these pages are checked above).


@pytest.fixture
def page_without_js(browser, live_server):
    context = browser.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    yield page
    context.close()


def test_without_javascript_a_comment_can_be_posted(consultation, page_without_js):
    page = page_without_js
    page.goto(SECTION)
    assert page.get_by_role("button", name="Markierten Text übernehmen").count() == 0

    page.locator("#id_comment-body").fill("Mehr Kurse am Abend, bitte.")
    page.locator("#id_comment-email").fill("ayse@example.org")
    page.locator("#id_comment-consent").check()
    page.get_by_role("button", name="Kommentar senden").click()
    page.wait_for_url(re.compile(re.escape(SECTION) + "#main$"))

    assert (
        "Bitte sehen Sie in Ihrem Postfach nach"
        in page.locator(".messages").inner_text()
    )
    comment = Contribution.objects.get(email="ayse@example.org")
    assert comment.body == "Mehr Kurse am Abend, bitte."
    assert comment.state == Contribution.State.UNCONFIRMED


def test_without_javascript_a_wrong_passage_is_answered_beside_the_field(
    consultation, page_without_js
):
    page = page_without_js
    page.goto(SECTION)

    page.locator("#id_suggestion-passage").fill("Teilhabe in manchen Bereichen")
    page.locator("#id_suggestion-proposal").fill("Teilhabe überall")
    page.locator("#id_suggestion-body").fill("Kürzer.")
    page.locator("#id_suggestion-email").fill("jonas@example.org")
    page.locator("#id_suggestion-consent").check()
    page.get_by_role("button", name="Formulierung vorschlagen").click()
    page.wait_for_load_state()

    passage = page.locator("#id_suggestion-passage")
    assert passage.get_attribute("aria-invalid") == "true"
    error = page.locator("#div_id_suggestion-passage .invalid-feedback")
    assert "kommt in diesem Abschnitt nicht vor" in error.inner_text()
    assert passage.input_value() == "Teilhabe in manchen Bereichen"
    assert page.locator("#id_suggestion-proposal").input_value() == "Teilhabe überall"
    assert page.locator("#suggestion-errors").is_visible()
    assert not Contribution.objects.filter(email="jonas@example.org").exists()


def _link_pages(edition) -> list[str]:
    """The pages behind the links of contribution e-mails: confirming a
    contribution, withdrawing it, confirming a support, and a damaged link."""
    from contributions.emails import (
        contribution_confirm_url,
        contribution_withdraw_url,
        support_confirm_url,
    )
    from contributions.models import Support

    mine = make_contribution(
        edition, state=Contribution.State.UNCONFIRMED, published_at=None
    )
    support = Support.objects.create(
        contribution=make_contribution(edition), email="fan@example.org"
    )
    return [
        contribution_confirm_url(mine),
        contribution_withdraw_url(mine),
        support_confirm_url(support),
        "/beitrag/bestaetigen/kaputt/",
    ]


def test_the_pages_behind_e_mail_links_have_no_axe_violations(
    consultation, page, axe, settings, live_server
):
    settings.SITE_URL = live_server.url
    for url in _link_pages(consultation):
        response = page.goto(url)
        assert response.status in (200, 400), url
        assert page.locator("h1").count() == 1, url
        assert_no_axe_violations(axe, page)
        button = page.locator("main form button[type=submit]")
        if button.count():
            # After pressing the button: the page that says what happened.
            button.first.click()
            page.wait_for_load_state()
            assert page.locator("h1").count() == 1, url
            assert_no_axe_violations(axe, page)
