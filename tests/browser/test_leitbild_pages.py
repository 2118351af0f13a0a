"""The comparison of editions and the implementation overview, in a real
browser, checked by axe-core."""

import pytest

from handlungsfelder.models import Goal, Measure
from leitbild.models import Section
from tests.conftest import make_action_field, make_edition

from .conftest import assert_no_axe_violations


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    return city


@pytest.fixture
def reworded_2030(shipped_data):
    """A draft edition of 2030 whose Grundhaltung differs from 2025's, so that
    the comparison shows <ins> and <del>."""
    edition = make_edition(
        shipped_data, number=5, year=2030, period_start=2030, period_end=2035
    )
    Section.objects.create(
        edition=edition,
        order=1,
        kind=Section.Kind.PRINCIPLES,
        title="Grundhaltung",
        slug="grundhaltung",
        body=(
            "Im Fachaustausch 2029 wurde eine gemeinsame Grundhaltung bestätigt: "
            "eine Sprache, die das Leitbild mit dem Alltag verbindet."
        ),
    )
    return edition


@pytest.fixture
def measures(transactional_db, city):
    """The small city's draft edition with measures in every status (the
    shipped edition in force is adopted and frozen)."""
    edition = make_edition(city)
    statuses = list(Measure.Status)
    for number in range(4):
        field = make_action_field(edition, is_priority=number == 0)
        goal = Goal.objects.create(action_field=field, title=f"Ziel {number}")
        for index in range(number * 3 + 1):
            Measure.objects.create(
                goal=goal,
                title=f"Maßnahme {index}",
                status=statuses[(index + number) % len(statuses)],
            )
    return edition


def check(page, axe, path) -> None:
    response = page.goto(path)
    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_no_axe_violations(axe, page)


def test_comparison_2019_to_2025_has_no_axe_violations(shipped_data, page, axe):
    check(page, axe, "/leitbild/vergleich/?von=2019&zu=2025")
    assert page.locator("table caption").count() >= 1


def test_comparison_with_word_diff_has_no_axe_violations(reworded_2030, page, axe):
    check(page, axe, "/leitbild/vergleich/?von=2025&zu=2030")
    assert page.locator(".diff-text ins").count() >= 1
    assert page.locator(".diff-text del").count() >= 1
    # The marks stay visible without colour.
    decoration = page.eval_on_selector(
        ".diff-text del", "el => getComputedStyle(el).textDecorationLine"
    )
    assert decoration == "line-through"


def test_comparison_form_error_has_no_axe_violations(shipped_data, page, axe):
    check(page, axe, "/leitbild/vergleich/?von=2025&zu=2025")
    select = page.locator("#id_zu")
    assert select.get_attribute("aria-invalid") == "true"
    assert page.locator("#id_zu-error").is_visible()


def test_comparison_form_works_without_javascript(shipped_data, browser, live_server):
    context = browser.new_context(
        locale="de-DE", base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    page.goto("/leitbild/vergleich/")
    page.select_option("#id_von", "2008")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert "von=2008" in page.url and "zu=2025" in page.url
    assert page.locator("#sections-heading").is_visible()
    context.close()


def test_implementation_overview_has_no_axe_violations(measures, page, axe):
    check(page, axe, "/handlungsfelder/umsetzung/")
    chart = page.locator("svg[role=img]")
    assert chart.count() == 1
    assert chart.is_visible()
