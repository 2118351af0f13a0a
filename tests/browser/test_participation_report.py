"""The participation report page in a real browser, checked by axe-core."""

import pytest

from contributions.models import Contribution
from registrations.models import District, Registration, StakeholderGroup
from tests.conftest import (
    make_consultation,
    make_contribution,
    make_event,
    make_phase,
    make_process,
    make_registration,
)

from .conftest import assert_no_axe_violations


@pytest.fixture
def report_data(transactional_db, city):
    """An edition with a held event, people in groups and districts (some
    of them few enough to be merged) and contributions."""
    edition = make_consultation(city)
    process = make_process(city, edition=edition)
    phase = make_phase(process)
    event = make_event(process, days=-7, phase=phase, title="Auftaktforum")
    groups = [
        StakeholderGroup.objects.create(city=city, name=name, slug=name.lower())
        for name in ("Verwaltung", "Vereine")
    ]
    districts = [
        District.objects.create(city=city, name=name, slug=name.lower())
        for name in ("Mitte", "Ost", "West")
    ]
    for n in range(14):
        make_registration(
            event,
            status=Registration.Status.ATTENDED if n < 10 else "confirmed",
            stakeholder_group=groups[n % 2],
            district=districts[0] if n < 12 else districts[1],
        )
    for _n in range(6):
        make_contribution(edition, state=Contribution.State.PUBLISHED)
    return edition


def test_participation_report_has_no_axe_violations(report_data, page, axe):
    response = page.goto("/leitbild/2030/beteiligung/")

    assert response.status == 200
    assert page.locator("h1").count() == 1
    # 10 of 14 checked in: the 4 who did not must not be given away.
    assert page.locator("td.figure", has_text="nicht gezeigt").count() == 1
    assert_no_axe_violations(axe, page)


def test_participation_report_tables_scroll_by_keyboard(report_data, page):
    page.goto("/leitbild/2030/beteiligung/")
    region = page.locator(".table-region").first

    region.focus()

    assert page.evaluate("document.activeElement.classList.contains('table-region')")
    assert region.get_attribute("aria-labelledby")
