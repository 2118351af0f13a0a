"""Browser tests: Playwright driving Debian's Chromium against a live server.

No browser is downloaded: Playwright launches /usr/bin/chromium (Debian's
package, installed by `make test`). The network is closed here, so Chromium
starts with its background networking switched off.
"""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls
# the tests make around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}. Run: apt-get install -y chromium "
            "(make test does this for you)."
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(locale="de-DE", base_url=live_server.url)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


# axe-core's rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA, and its best
# practices. Named by tag, so that target-size (WCAG 2.2, 2.5.8), which
# axe-core leaves off by default, runs too.
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": [
            "wcag2a",
            "wcag2aa",
            "wcag21a",
            "wcag21aa",
            "wcag22aa",
            "best-practice",
        ],
    },
    "resultTypes": ["violations"],
}


def axe_violations(axe, page) -> str:
    """Run axe-core on the page: a readable list of its violations, or ""."""
    results = axe.run(page, options=AXE_OPTIONS)
    return results.generate_report() if results.response["violations"] else ""


def axe_summary(axe, page) -> list[str]:
    """Run axe-core on the page: a line per violated rule, naming the rule
    and (up to three of) the elements, or [] when there are none."""
    results = axe.run(page, options=AXE_OPTIONS)
    return [
        f"{violation['id']} ({violation['impact']}): "
        + ", ".join(
            str(node["target"][-1]) + " " + node["failureSummary"].splitlines()[-1]
            for node in violation["nodes"][:3]
        )
        for violation in results.response["violations"]
    ]


def assert_no_axe_violations(axe, page) -> None:
    """Run axe-core on the page and fail with a readable list of violations."""
    report = axe_violations(axe, page)
    assert not report, f"{page.url}:\n" + report


@pytest.fixture
def shipped_data(transactional_db, muenster_data):
    """The shipped data with the examples, and the measures staff add to the
    edition in force (the data file has goals, not yet measures), so that
    the implementation overview and an action field show their tables."""
    from events.services import examples_load
    from handlungsfelder.models import Goal, Measure
    from portal.services import city_load

    city, _ = city_load(data=muenster_data)
    examples_load(city=city)
    goal = Goal.objects.filter(action_field__edition__in=in_force(city)).first()
    for index, (kind, status) in enumerate(
        zip(Measure.Kind, Measure.Status, strict=False)
    ):
        Measure.objects.create(
            goal=goal,
            order=index,
            kind=kind,
            status=status,
            title="Interkulturelle Qualifizierung der Personalverantwortlichen",
            responsible_actors="Personal- und Organisationsamt, Integrationsrat",
            timeframe="2025–2027",
        )
    return city


def in_force(city):
    from leitbild.models import Edition

    return Edition.objects.for_city(city).in_force()
