"""Every public page in each of the six languages, in a real browser: axe
(WCAG 2.2 AA) and the reflow check at 320 px; and Arabic, right to left, at
320 and 1280 px: nothing sticks out of the viewport and the first heading
starts at the right-hand edge of its column."""

import pytest
from django.conf import settings
from django.utils import translation

from .conftest import axe_summary
from .test_reflow import (
    NARROW,
    WIDE,
    public_paths,
    sideways_scroll,
)

LANGUAGES = [code for code, _name in settings.LANGUAGES]
RTL = {"ar"}
# Leichte Sprache is German in every language, at one address: its pages
# are checked once, not once per language.
EASY = "/leichte-sprache/"


def paths_in(city, language: str) -> list[str]:
    """The public pages, each at its address in the language: German without
    a prefix, the others under /<language>/."""
    with translation.override(language):
        paths = [path for path in public_paths(city) if not path.startswith(EASY)]
    prefix = "/" if language == settings.LANGUAGE_CODE else f"/{language}/"
    assert all(path.startswith(prefix) for path in paths), paths
    return paths


def test_the_six_languages_are_checked():
    assert LANGUAGES == ["de", "en", "tr", "ar", "uk", "ru"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_public_page_reflows_and_passes_axe(shipped_data, page, axe, language):
    """One browser page walks the whole list; each page is checked for
    sideways scrolling at 320 px and by axe, and every failure is listed."""
    paths = paths_in(shipped_data, language)
    assert len(paths) > 40
    failures = narrow_failures(page, axe, paths, language)
    assert not failures, f"{language}:\n" + "\n".join(failures)


def test_the_pages_in_leichte_sprache_reflow_and_pass_axe(shipped_data, page, axe):
    paths = [path for path in public_paths(shipped_data) if path.startswith(EASY)]
    assert len(paths) >= 5
    failures = narrow_failures(page, axe, paths, settings.LANGUAGE_CODE)
    assert not failures, "Leichte Sprache:\n" + "\n".join(failures)


def narrow_failures(page, axe, paths, language) -> list[str]:
    """Each page at 320 px in one browser page: its language and direction,
    then what scrolls sideways and what axe finds, listed."""
    page.set_viewport_size({"width": NARROW, "height": 800})
    direction = "rtl" if language in RTL else "ltr"
    failures = []
    for path in paths:
        response = page.goto(path)
        assert response.status == 200, path
        html = page.locator("html")
        assert (html.get_attribute("lang"), html.get_attribute("dir")) == (
            language,
            direction,
        ), path
        reason = sideways_scroll(page)
        if reason:
            failures.append(f"{path}: scrolls sideways at {NARROW} px: {reason}")
        failures += [f"{path}: axe: {line}" for line in axe_summary(axe, page)]
    return failures


# Run in the page: what sticks out of the viewport. The root must not be
# wider than the window, and no element's box may reach beyond either edge,
# except inside a box that clips or scrolls its overflow (a table's region)
# and boxes of at most 1 px (the visually hidden skip link and form trap).
OUTSIDE = """() => {
  const root = document.documentElement;
  const limit = window.innerWidth;
  const problems = [];
  if (root.scrollWidth > limit)
    problems.push("the page is " + root.scrollWidth + " px wide");
  const clipped = (start) => {
    for (let el = start; el && el !== root; el = el.parentElement) {
      if (el !== document.body && getComputedStyle(el).overflowX !== "visible")
        return true;
    }
    return false;
  };
  for (const el of document.body.querySelectorAll("*")) {
    const rect = el.getBoundingClientRect();
    if (rect.width <= 1 || rect.height <= 1) continue;
    const by = Math.max(rect.right - limit, -rect.left);
    if (by <= 0.5 || clipped(el.parentElement)) continue;
    problems.push(
      "<" + el.tagName.toLowerCase() +
      (el.className && typeof el.className === "string"
        ? ' class="' + el.className + '"' : "") +
      "> " + Math.round(by) + " px beyond the edge: " +
      el.textContent.replace(/\\s+/g, " ").trim().slice(0, 60)
    );
  }
  return problems.slice(0, 5);
}"""

# Run in the page: where the first heading's text starts. In right-to-left
# its lines start at the right: the rightmost line box ends at the right edge
# of the heading's content box, and the heading's box at the right edge of
# its container's content box.
HEADING = """() => {
  const h1 = document.querySelector("main h1");
  if (!h1) return null;
  const contentRight = (el) => {
    const style = getComputedStyle(el);
    return el.getBoundingClientRect().right -
      parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth);
  };
  const range = document.createRange();
  range.selectNodeContents(h1);
  const lines = [...range.getClientRects()].filter((r) => r.width > 0);
  return {
    direction: getComputedStyle(h1).direction,
    text: h1.textContent.replace(/\\s+/g, " ").trim().slice(0, 60),
    textGap: contentRight(h1) - Math.max(...lines.map((r) => r.right)),
    boxGap: contentRight(h1.parentElement) - h1.getBoundingClientRect().right,
  };
}"""


def outside_viewport(page) -> list[str]:
    return page.evaluate(OUTSIDE)


def heading_problem(page) -> str | None:
    """Why the first heading does not start at the right, or None."""
    heading = page.evaluate(HEADING)
    if heading is None:
        return "no h1 in main"
    if heading["direction"] != "rtl":
        return f"h1 “{heading['text']}” is {heading['direction']}"
    if abs(heading["textGap"]) > 2 or abs(heading["boxGap"]) > 2:
        return (
            f"h1 “{heading['text']}” starts {heading['textGap']:.0f} px "
            f"(its box {heading['boxGap']:.0f} px) left of its container's "
            "right edge"
        )
    return None


@pytest.mark.parametrize("width", [NARROW, WIDE])
def test_arabic_pages_fit_and_headings_start_at_the_right(shipped_data, page, width):
    paths = paths_in(shipped_data, "ar")
    page.set_viewport_size({"width": width, "height": 800})
    failures = []
    for path in paths:
        page.goto(path)
        problems = outside_viewport(page)
        if problems:
            failures.append(f"{path}: " + "; ".join(problems))
        problem = heading_problem(page)
        if problem:
            failures.append(f"{path}: {problem}")
    assert not failures, f"Arabic at {width} px:\n" + "\n".join(failures)


def test_the_arabic_checks_catch_what_they_look_for(shipped_data, page):
    """The two checks above fail where they should: a heading set left to
    right, or aligned left, and a box wider than the window."""
    page.set_viewport_size({"width": NARROW, "height": 800})
    page.goto(paths_in(shipped_data, "ar")[0])
    assert outside_viewport(page) == []
    assert heading_problem(page) is None

    page.add_style_tag(content="main h1 { text-align: left; }")
    assert "left of its container" in heading_problem(page)
    page.add_style_tag(content="main h1 { direction: ltr; }")
    assert "is ltr" in heading_problem(page)
    page.add_style_tag(content="main h1 { direction: rtl; margin-inline-start: 3rem; }")
    assert "left of its container" in heading_problem(page)

    page.evaluate(
        """() => { const box = document.createElement("div");
          box.style.width = "400px"; box.style.height = "10px";
          box.style.marginInlineEnd = "-200px";
          document.querySelector("main").append(box); }"""
    )
    assert outside_viewport(page)
