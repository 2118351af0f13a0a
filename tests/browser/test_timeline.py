"""The process at a glance in a real browser: on the home page and the
agenda, at 320 px and 1280 px, nothing scrolls sideways, the picture scales
to the column, its text equivalent opens without JavaScript, and axe-core
finds nothing. (The mirroring in right-to-left languages, which the portal
does not offer yet, is checked in tests/events/test_timeline.py.)"""

import pytest

from events.services import examples_load

from .conftest import assert_no_axe_violations
from .test_reflow import NARROW, WIDE, sideways_scroll

PAGES = ["/", "/veranstaltungen/"]


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    """The shipped data with the examples: the running example process, its
    events and its open consultation are what the timeline shows."""
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    examples_load(city=city)
    return city


@pytest.mark.parametrize("width", [NARROW, WIDE])
@pytest.mark.parametrize("path", PAGES)
def test_the_timeline_fits_the_page(shipped_data, page, path, width):
    page.set_viewport_size({"width": width, "height": 800})
    assert page.goto(path).status == 200

    chart = page.locator("svg.process-timeline")
    assert chart.count() == 1
    box = chart.bounding_box()
    assert 0 < box["x"] and box["x"] + box["width"] <= width
    # It scales: narrow, the whole picture shrinks to the column.
    assert box["width"] < 320 if width == NARROW else box["width"] >= 560
    assert sideways_scroll(page) is None
    assert page.get_by_role("img", name="Zeitleiste des Prozesses").count() == 1


@pytest.mark.parametrize("path", PAGES)
def test_the_timeline_has_no_axe_violations_at_320_px(shipped_data, page, axe, path):
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto(path)
    assert page.locator("#timeline-heading").is_visible()
    assert_no_axe_violations(axe, page)


def test_the_timeline_as_text_opens_from_the_keyboard(shipped_data, page):
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto("/")
    entries = page.locator(".timeline-text li a")
    assert not entries.first.is_visible()

    page.locator(".timeline-text summary").focus()
    page.keyboard.press("Enter")

    assert entries.first.is_visible()
    assert (
        "Beispiel: Workshop zum Ausprobieren"
        in page.locator(".timeline-text").inner_text()
    )
    assert sideways_scroll(page) is None
