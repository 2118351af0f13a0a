"""The implementation overview (/handlungsfelder/umsetzung/): measures by
status for each action field of the edition in force, as a table and as a
chart drawn on the server.

Built on the small `city` with a draft edition (the newest edition is the
one in force when none is adopted), so that the builders can add fields,
goals and measures freely.
"""

from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve
from django.utils import translation

from handlungsfelder.charts import render_status_chart
from handlungsfelder.models import Goal, Measure
from handlungsfelder.selectors import (
    StatusRow,
    implementation_overview,
    status_totals,
)
from tests.conftest import get, make_action_field, make_edition

S = Measure.Status
SVG = "{http://www.w3.org/2000/svg}"


def add_measures(field, *statuses, goals: int = 1) -> None:
    """Measures with these statuses, spread over `goals` goals."""
    targets = [
        Goal.objects.create(action_field=field, order=n, title=f"Ziel {n}")
        for n in range(goals)
    ]
    for number, status in enumerate(statuses):
        Measure.objects.create(
            goal=targets[number % goals], title=f"Maßnahme {number}", status=status
        )


@pytest.fixture
def edition(city):
    edition = make_edition(city)
    work = make_action_field(edition, name="Arbeit", slug="arbeit")
    add_measures(work, S.PLANNED, S.PLANNED, S.DONE, S.IN_PROGRESS, goals=2)
    housing = make_action_field(edition, name="Wohnen", slug="wohnen", is_priority=True)
    add_measures(housing, S.PAUSED, S.DONE, S.DONE)
    make_action_field(edition, name="Sport", slug="sport")
    return edition


@pytest.fixture
def english():
    """Chart texts in English, as the tests spell them."""
    with translation.override("en"):
        yield


def counts(row: StatusRow) -> tuple[int, ...]:
    return tuple(count for _status, count in row.cells)


# The selector


def test_overview_counts_measures_by_status_priorities_first(edition):
    rows = implementation_overview(edition)

    assert [(row.name, counts(row), row.total) for row in rows] == [
        ("Wohnen", (0, 0, 2, 1), 3),
        ("Arbeit", (2, 1, 1, 0), 4),
        ("Sport", (0, 0, 0, 0), 0),
    ]
    assert rows[0].is_priority
    assert rows[1].url == "/handlungsfelder/arbeit/"


def test_overview_counts_only_the_editions_measures(edition, city):
    other = make_edition(city, number=2, year=2030, period_start=2030, period_end=2035)
    add_measures(make_action_field(other, name="Arbeit", slug="arbeit"), S.DONE)

    rows = implementation_overview(edition)

    assert sum(row.total for row in rows) == 7


def test_overview_is_one_query(edition, django_assert_num_queries):
    with django_assert_num_queries(1):
        implementation_overview(edition)


def test_totals_add_up_each_status(edition):
    totals = status_totals(implementation_overview(edition))

    assert counts(totals) == (2, 1, 3, 1)
    assert totals.total == 7


# The chart


def chart_of(rows) -> ElementTree.Element:
    return ElementTree.fromstring(str(render_status_chart(rows)))


def test_chart_is_an_image_with_title_and_description(edition, english):
    svg = chart_of(implementation_overview(edition))

    assert svg.get("role") == "img"
    title = svg.find(f"{SVG}title")
    desc = svg.find(f"{SVG}desc")
    assert title is not None and title.text
    assert svg.get("aria-labelledby") == title.get("id")
    assert svg.get("aria-describedby") == desc.get("id")
    # The description carries the figures, field by field.
    assert "Arbeit: Planned: 2; In progress: 1; Done: 1; Paused: 0." in desc.text


def test_chart_labels_fields_statuses_and_numbers_in_text(edition, english):
    svg = chart_of(implementation_overview(edition))

    texts = [text.text for text in svg.iter(f"{SVG}text")]
    assert {"Wohnen", "Arbeit", "Sport"} <= set(texts)
    # The legend names every status.
    assert {"Planned", "In progress", "Done", "Paused"} <= set(texts)
    assert "4 measures" in texts and "3 measures" in texts
    assert "2" in texts  # a segment's own number
    assert "No measures yet" in texts


def test_chart_gives_each_status_a_pattern_besides_its_colour(edition):
    svg = chart_of(implementation_overview(edition))

    fills = {rect.get("fill") for rect in svg.iter(f"{SVG}rect")}
    patterns = {pattern.get("id") for pattern in svg.iter(f"{SVG}pattern")}
    assert len(patterns) == 3  # and "done" is solid
    assert {f"url(#{pattern})" for pattern in patterns} <= fills


def test_chart_escapes_names():
    row = StatusRow(
        name='<script>alert(1)</script> & "Quote"',
        slug="x",
        counts={S.DONE: 1},
    )

    svg = str(render_status_chart([row]))

    assert "<script>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Quote&quot;" in svg
    ElementTree.fromstring(svg)


def test_chart_scales_bars_to_the_largest_total():
    rows = [
        StatusRow(name="Groß", slug="a", counts={S.DONE: 10}),
        StatusRow(name="Klein", slug="b", counts={S.DONE: 5}),
    ]

    svg = chart_of(rows)

    bars = [
        float(rect.get("width"))
        for rect in svg.iter(f"{SVG}rect")
        if rect.get("y") not in ("7",) and rect.get("height") == "20"
    ]
    big, small = bars[-2:]
    assert big == pytest.approx(2 * small, rel=0.02)


def test_chart_is_mirrored_in_right_to_left():
    """In Arabic the legend and names start at the right and the bars grow
    leftwards: each box of the left-to-right chart, reflected."""
    rows = [
        StatusRow(name="Groß", slug="a", counts={S.PLANNED: 3, S.DONE: 7}),
        StatusRow(name="Klein", slug="b", counts={}),
    ]
    with translation.override("de"):
        ltr = chart_of(rows)
    with translation.override("ar"):
        rtl = chart_of(rows)

    assert (ltr.get("direction"), rtl.get("direction")) == ("ltr", "rtl")
    width = float(ltr.get("viewBox").split()[2])

    def boxes(svg):
        return [
            (float(rect.get("x")), float(rect.get("width")), rect.get("y"))
            for rect in svg.iter(f"{SVG}rect")
            if rect.get("height") == "20"
        ]

    assert len(boxes(rtl)) == len(boxes(ltr)) > 4
    for (x, w, y), (rx, rw, ry) in zip(boxes(ltr), boxes(rtl), strict=True):
        assert (rx, rw, ry) == (pytest.approx(width - x - w), pytest.approx(w), y)
    # Each text at the mirrored place (in the same order, names in Arabic
    # aside); "start" then means its right-hand end.
    ltr_texts, rtl_texts = list(ltr.iter(f"{SVG}text")), list(rtl.iter(f"{SVG}text"))
    assert len(ltr_texts) == len(rtl_texts)
    for text, mirror in zip(ltr_texts, rtl_texts, strict=True):
        assert float(mirror.get("x")) == pytest.approx(width - float(text.get("x")))
        assert mirror.get("text-anchor") == text.get("text-anchor")
    names = [t for t in rtl.iter(f"{SVG}text") if t.text in {"Groß", "Klein"}]
    assert [float(t.get("x")) for t in names] == [width, width]


# The page


def main_of(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def test_umsetzung_is_not_taken_for_a_fields_slug():
    assert resolve("/handlungsfelder/umsetzung/").url_name == "implementation"
    assert resolve("/handlungsfelder/umsetzungen/").url_name == "detail"


def test_page_shows_the_table_with_totals(edition, client):
    main = main_of(get(client, "/handlungsfelder/umsetzung/"))

    # The table scrolls in a region named by its caption (WCAG 1.4.10).
    assert 'role="region" tabindex="0" aria-labelledby="implementation-caption"' in (
        main
    )
    table = main.split("<table", 1)[1].split("</table>", 1)[0]
    assert '<caption id="implementation-caption">' in table
    assert table.count('<th scope="col"') == 6
    body = table.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = body.split("<tr>")[1:]
    assert 'href="/handlungsfelder/wohnen/">Wohnen</a>' in rows[0]
    assert [
        [cell.split("<", 1)[0] for cell in row.split('<td class="text-end">')[1:]]
        for row in rows
    ] == [["0", "0", "2", "1", "3"], ["2", "1", "1", "0", "4"], ["0"] * 5]
    foot = table.split("<tfoot>", 1)[1].split("</tfoot>", 1)[0]
    assert '<th scope="row">' in foot
    assert [
        cell.split("<", 1)[0] for cell in foot.split('<td class="text-end">')[1:]
    ] == ["2", "1", "3", "1", "7"]


def test_page_shows_the_chart(edition, client):
    main = main_of(get(client, "/handlungsfelder/umsetzung/"))

    svg = main.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg
    assert "<title" in svg and "<desc" in svg
    assert "<script" not in main


def test_page_without_action_fields_says_so(city, client):
    make_edition(city)

    main = main_of(get(client, "/handlungsfelder/umsetzung/"))

    assert "<table" not in main and "<svg" not in main


def test_page_answers_404_without_an_edition(city, client):
    assert get(client, "/handlungsfelder/umsetzung/").status_code == 404


def test_action_field_list_links_to_the_overview(edition, client):
    main = main_of(get(client, "/handlungsfelder/"))

    assert 'href="/handlungsfelder/umsetzung/"' in main


def page_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        main_of(get(client, "/handlungsfelder/umsetzung/"))
    return len(queries.captured_queries)


def test_page_runs_the_same_queries_for_3_and_15_fields(edition, client):
    small = page_queries(client)

    for _number in range(12):
        add_measures(make_action_field(edition), S.PLANNED, S.DONE, goals=2)
    large = page_queries(client)

    assert edition.action_fields.count() == 15
    assert large == small


def test_page_without_measures_says_so_instead_of_an_empty_chart(city, client):
    edition = make_edition(city)
    make_action_field(edition, name="Wohnen")
    main = main_of(get(client, "/handlungsfelder/umsetzung/"))
    assert "Für die Handlungsfelder dieser Auflage sind noch keine Maßnahmen" in main
    assert "<svg" not in main and "<table" not in main
