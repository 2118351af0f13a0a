"""WCAG 1.4.10 Reflow: no public page scrolls sideways at 320 CSS px, which is
what a 1280 px window shows at 400 % zoom, nor at 1280 px itself. Wide tables
scroll inside a region of their own that the keyboard can reach and that
screen readers announce by the table's caption."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from events.models import Event
from handlungsfelder.models import ActionField, Goal
from leitbild.models import Edition
from tests.conftest import make_registration

from .conftest import assert_no_axe_violations, in_force

NARROW = 320
WIDE = 1280
WIDTHS = [NARROW, WIDE]

# Run in the page. Returns None when the page fits its viewport, else what
# scrolls: the page's width and the widest element that sticks out beyond the
# viewport's inline end (left edge in right-to-left), or, when no element box
# does, the text that does (a long word or address in a box that fits).
# Elements inside a box that clips or scrolls its overflow (a table region)
# do not widen the page, and neither do fixed ones.
OVERFLOW = """() => {
  const root = document.documentElement;
  const limit = root.clientWidth;
  if (root.scrollWidth <= limit) return null;
  const rtl = getComputedStyle(root).direction === "rtl";
  const beyond = (rect) => (rtl ? -rect.left : rect.right - limit);
  const contained = (start) => {
    for (let el = start; el && el !== root; el = el.parentElement) {
      const style = getComputedStyle(el);
      if (style.position === "fixed") return true;
      if (el !== document.body && style.overflowX !== "visible") return true;
    }
    return false;
  };
  const snippet = (text) => text.replace(/\\s+/g, " ").trim().slice(0, 80);
  const describe = (el) =>
    "<" + el.tagName.toLowerCase() +
    (el.id ? ' id="' + el.id + '"' : "") +
    (el.classList.length ? ' class="' + el.className + '"' : "") + ">";
  let widest = null;
  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (beyond(rect) <= 0.5 || contained(el.parentElement)) continue;
    if (getComputedStyle(el).position === "fixed") continue;
    if (!widest || rect.width > widest.width) {
      widest = {
        width: rect.width,
        by: beyond(rect),
        what: describe(el) + " " + Math.round(rect.width) + " px wide",
        text: snippet(el.textContent),
      };
    }
  }
  if (!widest) {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.data.trim() || contained(node.parentElement)) continue;
      range.selectNodeContents(node);
      const rect = range.getBoundingClientRect();
      if (beyond(rect) <= 0.5) continue;
      if (!widest || beyond(rect) > widest.by) {
        const words = node.data.split(/\\s+/);
        const longest = words.reduce((a, b) => (b.length > a.length ? b : a), "");
        widest = {
          width: rect.width,
          by: beyond(rect),
          what: "text in " + describe(node.parentElement) + ", longest word “" +
            longest + "”",
          text: snippet(node.data),
        };
      }
    }
  }
  return {
    scrollWidth: root.scrollWidth,
    clientWidth: limit,
    offender: widest
      ? widest.what + ", " + Math.round(widest.by) + " px beyond the edge: “" +
        widest.text + "”"
      : "no single element found",
  };
}"""


def sideways_scroll(page) -> str | None:
    """Why the page scrolls sideways, or None when it does not.

    Compared with the root's clientWidth, the viewport without a vertical
    scroll bar, which is never wider than window.innerWidth."""
    result = page.evaluate(OVERFLOW)
    if result is None:
        return None
    return (
        f"{result['scrollWidth']} px wide in a {result['clientWidth']} px "
        f"viewport; {result['offender']}"
    )


def final_event(city) -> Event:
    return Event.objects.get(
        process__city=city, type=Event.Type.FINAL_EVENT, start__date="2025-01-24"
    )


def public_paths(city) -> list[str]:
    """Every public page of the shipped data: each edition, each section,
    action field and goal of the edition in force, each published event (the
    examples included), and how to take part."""
    editions = Edition.objects.for_city(city).public().order_by("year")
    current = in_force(city).get()
    fields = ActionField.objects.filter(edition=current).order_by("pk")
    goals = Goal.objects.filter(action_field__edition=current).order_by("pk")
    events = Event.objects.published().filter(process__city=city).order_by("start")
    field_with_events = fields.filter(events__isnull=False).first()
    return [
        reverse("home"),
        reverse("leitbild:current"),
        *(edition.get_absolute_url() for edition in editions),
        reverse("leitbild:archive"),
        *(
            reverse("contributions:section", args=[current.year, section.slug])
            for section in current.sections.order_by("order", "pk")
        ),
        reverse("leitbild:compare"),
        reverse("leitbild:compare") + "?von=2019&zu=2025",
        reverse("handlungsfelder:list"),
        *(field.get_absolute_url() for field in fields),
        *(
            reverse(
                "contributions:goal",
                args=[current.year, goal.action_field.slug, goal.pk],
            )
            for goal in goals
        ),
        reverse("handlungsfelder:implementation"),
        reverse("contributions:how"),
        reverse("events:list"),
        reverse("events:list") + f"?handlungsfeld={field_with_events.slug}&art=",
        reverse("events:list") + "?handlungsfeld=&art=workshop",
        *(event.get_absolute_url() for event in events),
        # Leichte Sprache (German in every language): before the pages last,
        # whose language the callers check.
        reverse("easy:home"),
        reverse("easy:leitbild"),
        reverse("easy:action_fields"),
        *(reverse("easy:action_field", kwargs={"slug": f.slug}) for f in fields),
        reverse("easy:participation"),
        reverse("imprint"),
        reverse("privacy"),
        reverse("accessibility"),
        reverse("account_login"),
        reverse("account_signup"),
    ]


# The text spacing a reader may set (WCAG 1.4.12), as its bookmarklets apply it.
TEXT_SPACING = """* {
  line-height: 1.5 !important;
  letter-spacing: 0.12em !important;
  word-spacing: 0.16em !important;
}
p { margin-block-end: 2em !important; }"""


def overflowing_pages(page, paths, *, style: str = "") -> list[str]:
    failures = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        if style:
            page.add_style_tag(content=style)
        reason = sideways_scroll(page)
        if reason:
            failures.append(f"{path}: {reason}")
    return failures


# At 320 px in each of the six languages: test_languages, with axe.
@pytest.mark.parametrize(
    ("width", "spacing"),
    [(NARROW, True), (WIDE, False)],
    ids=["320-de-text-spacing", "1280-de"],
)
def test_no_public_page_scrolls_sideways(shipped_data, page, width, spacing):
    paths = public_paths(shipped_data)
    # The loop covers what the issue names, not a shrunken list.
    assert final_event(shipped_data).get_absolute_url() in paths
    assert len(paths) > 40
    page.set_viewport_size({"width": width, "height": 800})

    failures = overflowing_pages(page, paths, style=TEXT_SPACING if spacing else "")

    assert page.locator("html").get_attribute("lang") == "de"
    assert not failures, (
        f"Pages that scroll sideways at {width} px"
        f"{' (text spacing)' if spacing else ''}:\n" + "\n".join(failures)
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_not_found_page_does_not_scroll_sideways(shipped_data, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto("/diese-seite-gibt-es-nicht/")
    assert response.status == 404
    assert sideways_scroll(page) is None


@pytest.fixture
def signed_in(shipped_data, page, django_user_model):
    """A resident signed in with a confirmed address and registered for the
    final event (a long title in a table) and an upcoming example."""
    user = django_user_model.objects.create_user(
        "ayse", "ayse@example.org", "ein-langes-Passwort-2025"
    )
    EmailAddress.objects.create(
        user=user, email="ayse@example.org", verified=True, primary=True
    )
    make_registration(final_event(shipped_data), user=user, email="ayse@example.org")
    example = Event.objects.get(slug="beispiel-workshop")
    make_registration(example, user=user, email="ayse@example.org")
    page.goto(reverse("account_login"))
    page.locator("input[name=login]").fill("ayse@example.org")
    page.locator("input[name=password]").fill("ein-langes-Passwort-2025")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    return user


@pytest.mark.parametrize("width", WIDTHS)
def test_my_registrations_do_not_scroll_sideways(signed_in, page, width):
    page.set_viewport_size({"width": width, "height": 800})
    response = page.goto(reverse("registrations:mine"))
    assert response.status == 200
    assert page.locator("main table").count() == 2
    assert sideways_scroll(page) is None


# Pages with data tables in the shipped data (and the measures above).
def table_paths(city) -> list[str]:
    with_measures = ActionField.objects.filter(
        edition__in=in_force(city), goals__measures__isnull=False
    ).first()
    return [
        reverse("leitbild:archive"),
        reverse("leitbild:compare") + "?von=2019&zu=2025",
        reverse("handlungsfelder:implementation"),
        with_measures.get_absolute_url(),
    ]


# In the page: each table's region, as the accessibility tree sees it.
TABLE_REGIONS = """() => [...document.querySelectorAll("main table")].map((table) => {
  const region = table.closest('[role="region"]');
  if (!region) return {table: table.outerHTML.slice(0, 120), region: null};
  const ids = (region.getAttribute("aria-labelledby") || "").split(/\\s+/);
  const labels = ids.map((id) => id && document.getElementById(id)).filter(Boolean);
  return {
    table: table.outerHTML.slice(0, 120),
    region: region.outerHTML.slice(0, 200),
    regionHoldsOnlyTheTable:
      region.querySelectorAll("table").length === 1 &&
      region.firstElementChild === table,
    tabindex: region.getAttribute("tabindex"),
    overflowX: getComputedStyle(region).overflowX,
    label: labels.map((el) => el.textContent.replace(/\\s+/g, " ").trim()).join(" "),
    labelIsInTable: labels.length > 0 && labels.every((el) => table.contains(el)),
  };
})"""


def tab_until(page, selector, *, presses=300) -> bool:
    """Press Tab until the element matching selector has the focus; False
    when it never gets it."""
    page.evaluate("document.activeElement && document.activeElement.blur()")
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return True
    return False


def table_region_problems(page) -> list[str]:
    """What is wrong with the regions around the tables of the open page: each
    must hold just its table, scroll sideways, be named by the table's caption
    and be reached by Tab, showing a focus outline then."""
    problems = []
    regions = page.evaluate(TABLE_REGIONS)
    for index, region in enumerate(regions):
        where = f"table {index + 1} {region['table']!r}"
        if not region["region"]:
            problems.append(f"{where}: not inside a role=region")
            continue
        checks = {
            "the region holds more than its table": region["regionHoldsOnlyTheTable"],
            "the region is not in the tab order": region["tabindex"] == "0",
            "the region does not scroll sideways": region["overflowX"] == "auto",
            "the region is not named by the table's caption": (
                region["label"] and region["labelIsInTable"]
            ),
        }
        problems += [f"{where}: {problem}" for problem, ok in checks.items() if not ok]
        # Playwright's own accessible-name computation finds it by its role.
        if region["label"] and not (
            page.get_by_role("region", name=region["label"], exact=True).count()
        ):
            problems.append(f"{where}: no region is named {region['label']!r}")
        page.evaluate(
            """(index) => document.querySelectorAll("main table")[index]
              .closest('[role="region"]').setAttribute("data-reflow-target", "")""",
            index,
        )
        if tab_until(page, "[data-reflow-target]"):
            style, width = page.evaluate(
                """() => { const s = getComputedStyle(document.activeElement);
                  return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"""
            )
            if style == "none" or width < 2:
                problems.append(f"{where}: no focus outline ({style}, {width} px)")
        else:
            problems.append(f"{where}: Tab never reaches the region")
        page.evaluate(
            """() => document.querySelector("[data-reflow-target]")
              .removeAttribute("data-reflow-target")"""
        )
    return problems


def test_every_table_scrolls_in_a_focusable_labelled_region(shipped_data, page):
    page.set_viewport_size({"width": NARROW, "height": 800})
    with_tables, problems = [], []
    for path in public_paths(shipped_data):
        page.goto(path)
        if page.locator("main table").count():
            with_tables.append(path)
        problems += [f"{path}: {problem}" for problem in table_region_problems(page)]

    assert set(table_paths(shipped_data)) <= set(with_tables)
    assert not problems, "\n".join(problems)


def test_my_registrations_tables_are_focusable_labelled_regions(signed_in, page):
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto(reverse("registrations:mine"))
    assert page.locator("main table").count() == 2
    assert table_region_problems(page) == []


def test_wide_table_scrolls_inside_its_region_not_the_page(shipped_data, page):
    """The archive's table is wider than 320 px: its region scrolls, the page
    does not."""
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto(reverse("leitbild:archive"))
    widths = page.evaluate(
        """() => { const r = document.querySelector("main table")
            .closest('[role="region"]');
          return r && [r.scrollWidth, r.clientWidth]; }"""
    )
    assert widths, "the table is not inside a region"
    assert widths[0] > widths[1], "the table fits; this test no longer tests"
    assert sideways_scroll(page) is None
    # Reached by Tab, the region scrolls with the arrow keys.
    page.evaluate(
        """() => document.querySelector("main table").closest('[role="region"]')
          .setAttribute("data-reflow-target", "")"""
    )
    assert tab_until(page, "[data-reflow-target]")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "Math.abs(document.querySelector('[data-reflow-target]').scrollLeft) > 0"
    )


def test_long_words_wrap_in_the_final_event_page(shipped_data, page):
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto(final_event(shipped_data).get_absolute_url())
    assert "Migrationsleitbildes" in page.locator("h1").inner_text()
    assert sideways_scroll(page) is None


def changed_pages(city) -> list[str]:
    return [*table_paths(city), final_event(city).get_absolute_url()]


def test_changed_pages_have_no_axe_violations_at_320_px(shipped_data, page, axe):
    page.set_viewport_size({"width": NARROW, "height": 800})
    for path in changed_pages(shipped_data):
        page.goto(path)
        assert_no_axe_violations(axe, page)


def test_my_registrations_have_no_axe_violations_at_320_px(signed_in, page, axe):
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto(reverse("registrations:mine"))
    assert_no_axe_violations(axe, page)
