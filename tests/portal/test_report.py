"""The participation report of an edition: its figures, the protection of
small numbers on the page and in the PDF, the queries it takes, the PDF's
structure, and that no one's name or address shows."""

import datetime as dt
import io
import re
from html.parser import HTMLParser

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from contributions.models import Contribution, Support
from handlungsfelder.models import Goal
from portal import pdf
from portal.privacy import Figure
from portal.report import participation_report
from registrations.models import District, Registration, StakeholderGroup
from tests.conftest import (
    get,
    html_of,
    make_consultation,
    make_contribution,
    make_edition,
    make_event,
    make_phase,
    make_process,
    make_registration,
)

URL = "/leitbild/2030/beteiligung/"
PDF_URL = "/leitbild/2030/beteiligung.pdf"
ATTENDED = Registration.Status.ATTENDED
CONFIRMED = Registration.Status.CONFIRMED
WAITLISTED = Registration.Status.WAITLISTED
SMALL = Figure(small=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def group(city, name) -> StakeholderGroup:
    return StakeholderGroup.objects.create(
        city=city, name=name, slug=name.lower(), order=StakeholderGroup.objects.count()
    )


def district(city, name) -> District:
    return District.objects.create(
        city=city, name=name, slug=name.lower(), order=District.objects.count()
    )


def sign_up(event, email, status=CONFIRMED, **extra) -> Registration:
    return make_registration(event, email=email, status=status, **extra)


def contribute(edition, email, **extra) -> Contribution:
    return make_contribution(edition, email=email, **extra)


def support(contribution, email) -> Support:
    return Support.objects.create(
        contribution=contribution, email=email, confirmed_at=timezone.now()
    )


@pytest.fixture
def edition(city):
    return make_consultation(city)


@pytest.fixture
def process(city, edition):
    return make_process(city, edition=edition, title="Fortschreibung 2030")


@pytest.fixture
def scenario(city, edition, process):
    """An edition where every count is 0 or at least 5, so the report shows
    them all. Thirty people: 15 only at events, 10 only online, 5 both.

    - Event A (phase I): a1-a15 sign up, a1-a10 checked in; five more on the
      waiting list. Event B (phase II): a1-a5 again (their address in
      capitals) and b1-b5, nobody checked in.
    - a6-a10 comment on the preamble, c1-c5 on the goal of "sprache" (taken
      up, leading to that goal); s1-s5 only support a6's comment.
    - Groups by latest answer: G1 a6-a10; G2 a1-a5 (changed at B), a11-a15;
      G3 b1-b5; no answer c1-c5, s1-s5.
    - Districts: D1 a1-a5 (B left it open), b1-b5; D2 a11-a15; D3 a6-a10
      (changed when commenting), c1-c5; no answer s1-s5.
    """
    g1, g2, g3 = (group(city, name) for name in ("Verwaltung", "Vereine", "Polizei"))
    d1, d2, d3 = (district(city, name) for name in ("Mitte", "Ost", "West"))
    first = make_phase(process, number=1, title="Auftakt")
    second = make_phase(process, number=2, title="Ziele")
    a = make_event(process, days=-30, phase=first, title="Auftaktforum")
    b = make_event(process, days=-10, phase=second, title="Zielwerkstatt")
    for n in range(1, 16):
        sign_up(
            a,
            f"a{n}@example.org",
            ATTENDED if n <= 10 else CONFIRMED,
            stakeholder_group=g1 if n <= 10 else g2,
            district=d1 if n <= 5 else d2,
        )
    for n in range(1, 6):
        sign_up(a, f"w{n}@example.org", WAITLISTED, stakeholder_group=g3)
    sign_up(a, "gone@example.org", Registration.Status.CANCELLED, district=d1)
    sign_up(a, "pending@example.org", Registration.Status.PENDING, district=d1)
    for n in range(1, 6):
        sign_up(b, f"A{n}@Example.org", stakeholder_group=g2)
        sign_up(b, f"b{n}@example.org", stakeholder_group=g3, district=d1)
    # Not held, so none of these counts.
    for event in (
        make_event(process, days=5, phase=second, title="Künftig"),
        make_event(process, days=-3, is_cancelled=True, title="Abgesagt"),
        make_event(process, days=-3, is_example=True, title="Beispiel"),
        make_event(process, days=-3, is_published=False, title="Entwurf"),
    ):
        for n in range(1, 6):
            sign_up(event, f"x{n}@example.org", ATTENDED, stakeholder_group=g3)
    comments = [
        contribute(edition, f"a{n}@example.org", district=d3) for n in range(6, 11)
    ]
    goal = Goal.objects.get(action_field__edition=edition)
    for n in range(1, 6):
        contribute(
            edition,
            f"c{n}@example.org",
            goal=goal,
            district=d3,
            state=Contribution.State.TAKEN_UP,
            result_goal=goal,
        )
    contribute(
        edition,
        "unbestaetigt@example.org",
        state=Contribution.State.UNCONFIRMED,
        confirmed_at=None,
        stakeholder_group=g1,
    )
    for n in range(1, 6):
        support(comments[0], f"s{n}@example.org")
    Support.objects.create(contribution=comments[1], email="offen@example.org")
    return {"a": a, "b": b, "groups": (g1, g2, g3), "districts": (d1, d2, d3)}


def rows(table) -> dict[str, int | None]:
    return {row.label: row.figure.value for row in table.rows}


def event_lines(report) -> dict[str, object]:
    return {
        event.title: event
        for process in report.processes
        for phase in process.phases
        for event in phase.events
    } | {
        event.title: event
        for process in report.processes
        for event in process.other_events
    }


# The figures


def test_report_lists_the_events_held_by_phase_with_their_sign_ups(edition, scenario):
    with translation.override("de"):
        report = participation_report(edition)

    (process,) = report.processes
    assert [phase.title for phase in process.phases] == ["Auftakt", "Ziele"]
    assert [[e.title for e in p.events] for p in process.phases] == [
        ["Auftaktforum"],
        ["Zielwerkstatt"],
    ]
    assert report.events_held == 2
    forum, workshop = event_lines(report).values()
    assert (forum.sign_ups, forum.attended, forum.waitlisted) == (
        Figure(15),
        Figure(10),
        Figure(5),
    )
    # Nobody checked in: attendance was not recorded.
    assert (workshop.sign_ups, workshop.attended) == (Figure(10), None)


def test_report_counts_people_once_in_person_online_and_both(edition, scenario):
    people = participation_report(edition).participation

    assert people.only_in_person == Figure(15)
    assert people.only_online == Figure(10)
    assert people.both == Figure(5)
    assert people.in_person == Figure(20)
    assert people.online == Figure(15)
    assert people.total == Figure(30)


def test_report_counts_people_by_their_latest_group_and_district(edition, scenario):
    with translation.override("de"):
        report = participation_report(edition)

    assert rows(report.stakeholder_groups) == {
        "Verwaltung": 5,
        "Vereine": 10,
        "Polizei": 5,
        "Keine Angabe": 10,
    }
    assert report.stakeholder_groups.total == Figure(30)
    assert rows(report.districts) == {
        "Mitte": 10,
        "Ost": 5,
        "West": 10,
        "Keine Angabe": 5,
    }


def test_report_counts_contributions_by_part_and_state_and_lists_results(
    edition, scenario
):
    with translation.override("de"):
        report = participation_report(edition)

    assert report.contributions == Figure(10)
    assert rows(report.by_part) == {
        "Präambel": 5,
        "Grundsätze": 0,
        "Handlungsfeld „Sprache und Bildung“ und seine Ziele": 5,
    }
    states = rows(report.by_state)
    assert states["Veröffentlicht, noch nicht entschieden"] == 5
    assert states["Aufgegriffen"] == 5
    assert sum(states.values()) == 10
    assert [(r.kind, r.title) for r in report.results] == [
        ("Ziel", "Sprachkurse für alle, die sie brauchen")
    ]


def test_report_never_counts_unconfirmed_contributions_or_other_editions(
    city, edition, scenario
):
    other = make_consultation(
        city, number=10, year=2035, period_start=2035, period_end=2040
    )
    contribute(other, "a1@example.org")
    contribute(edition, "neu@example.org", state=Contribution.State.UNCONFIRMED)

    report = participation_report(edition)

    assert report.contributions == Figure(10)
    assert report.participation.total == Figure(30)


def test_anonymised_rows_count_as_people_of_their_own(edition, process, scenario):
    event = scenario["a"]
    for _n in range(5):
        make_registration(
            event, name="", email="", status=ATTENDED, anonymised_at=timezone.now()
        )

    people = participation_report(edition).participation

    assert people.only_in_person == Figure(20)
    assert people.total == Figure(35)


# Small numbers


class Figures(HTMLParser):
    """The text of every element with the class "figure", and the tables:
    by caption, the cells of each row of their body and foot."""

    def __init__(self):
        super().__init__()
        self.figures: list[str] = []
        self.tables: dict[str, list[tuple[str, str]]] = {}
        self._depth = 0
        self._figure = None
        self._caption = self._table = self._cell = None
        self._row: list[str] = []
        self._head = False

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._figure is not None:
            self._depth += 1
        elif "figure" in classes:
            self._figure, self._depth = "", 1
        if tag == "table":
            self._table = []
        elif tag == "caption":
            self._caption = ""
        elif tag in ("th", "td") and self._table is not None:
            self._cell = ""
        elif tag == "tr":
            self._row = []
        elif tag == "thead":
            self._head = True

    def handle_endtag(self, tag):
        if self._figure is not None:
            self._depth -= 1
            if self._depth == 0:
                self.figures.append(" ".join(self._figure.split()))
                self._figure = None
        if tag == "caption":
            self._caption_text = " ".join(self._caption.split())
            self._caption = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "thead":
            self._head = False
        elif tag == "tr" and self._table is not None and not self._head:
            self._table.append(tuple(self._row))
        elif tag == "table":
            self.tables[self._caption_text] = self._table
            self._table = None

    def handle_data(self, data):
        if self._figure is not None:
            self._figure += data
        if self._caption is not None:
            self._caption += data
        if self._cell is not None:
            self._cell += data


def figures_of(html: str) -> Figures:
    parser = Figures()
    parser.feed(html)
    return parser


def assert_no_small_figure(html: str) -> None:
    figures = figures_of(html).figures
    assert figures
    for text in figures:
        assert not re.fullmatch(r"[1-4]", text), figures
        assert (
            text.isdigit()
            or text in ("weniger als 5", "nicht gezeigt", "–")
            or (text in ("nicht erfasst", "fewer than 5", "not shown", "not recorded"))
        ), text


def report_html(edition) -> str:
    with translation.override("de"):
        return pdf._report_html(participation_report(edition))


def test_three_and_twenty_in_two_districts_cannot_be_told_apart(
    client, city, edition, process
):
    # The differencing attack: 23 people, 3 from Mitte and 20 from Ost, all
    # in one group. The group table shows the total 23; if the district
    # table showed Ost's 20, 23 - 20 would give Mitte's 3 away.
    police = group(city, "Polizei")
    mitte, ost = district(city, "Mitte"), district(city, "Ost")
    district(city, "West")
    event = make_event(process, days=-5)
    for n in range(23):
        sign_up(
            event,
            f"p{n}@example.org",
            ATTENDED,
            stakeholder_group=police,
            district=mitte if n < 3 else ost,
        )

    html = html_of(client, URL)

    tables = figures_of(html).tables
    districts = {label: figure for label, figure in tables["Personen nach Stadtbezirk"]}
    groups = {label: figure for label, figure in tables["Personen nach Akteursgruppe"]}
    assert groups["Polizei"] == "23" and groups["Gesamt"] == "23"
    assert districts["Gesamt"] == "23"
    assert districts["West"] == "0"
    # Mitte and Ost are only shown together.
    assert "Mitte" not in districts and "Ost" not in districts
    assert districts["Weitere, zusammengefasst: Mitte, Ost"] == "23"
    # Subtracting every shown district from either total leaves nothing.
    shown = sum(int(v) for k, v in districts.items() if k != "Gesamt")
    assert int(groups["Gesamt"]) - shown == 0
    assert_no_small_figure(html)


def test_few_people_online_are_not_given_away_by_the_one_event(
    client, city, edition, process
):
    # 20 came to the one event held, 3 others only commented: the total 23
    # minus the event's 20 sign-ups would give the 3 away.
    event = make_event(process, days=-5, title="Einzige Veranstaltung")
    for n in range(20):
        sign_up(event, f"p{n}@example.org", ATTENDED)
    for n in range(3):
        contribute(edition, f"online{n}@example.org")

    with translation.override("de"):
        report = participation_report(edition)

    line = event_lines(report)["Einzige Veranstaltung"]
    assert report.participation.total == Figure(23)
    assert report.participation.only_online == SMALL
    assert not line.sign_ups.shown and not line.attended.shown
    assert not report.participation.in_person.shown
    html = html_of(client, URL)
    assert ">20<" not in html
    assert_no_small_figure(html)


def test_an_events_attendance_does_not_give_a_few_no_shows_away(edition, process):
    full = make_event(process, days=-9, title="Voll")
    for n in range(20):
        sign_up(full, f"v{n}@example.org", ATTENDED if n < 17 else CONFIRMED)
    few = make_event(process, days=-8, title="Wenige da")
    for n in range(20):
        sign_up(few, f"w{n}@example.org", ATTENDED if n < 3 else CONFIRMED)
    small = make_event(process, days=-7, title="Klein")
    for n in range(3):
        sign_up(small, f"k{n}@example.org", ATTENDED)
    sign_up(small, "warte@example.org", WAITLISTED)

    lines = event_lines(participation_report(edition))

    assert lines["Voll"].sign_ups == Figure(20)
    assert not lines["Voll"].attended.shown and not lines["Voll"].attended.small
    assert (lines["Wenige da"].sign_ups, lines["Wenige da"].attended) == (
        Figure(20),
        SMALL,
    )
    assert lines["Klein"].sign_ups == SMALL
    assert not lines["Klein"].attended.shown
    assert lines["Klein"].waitlisted == SMALL


def test_no_figure_of_one_to_four_shows_on_page_or_in_the_pdf(
    client, city, edition, process, scenario
):
    # Small counts everywhere on top of the scenario.
    loners = group(city, "Einzelne")
    lonely = district(city, "Rand")
    event = make_event(process, days=-2, title="Kleine Runde")
    for n in range(2):
        sign_up(event, f"r{n}@example.org", ATTENDED, district=lonely)
    contribute(edition, "einzeln@example.org", stakeholder_group=loners)
    contribute(
        edition,
        "nein@example.org",
        state=Contribution.State.REJECTED,
        section=edition.sections.get(slug="grundsaetze"),
    )

    html = html_of(client, URL)

    assert_no_small_figure(html)
    assert "weniger als 5" in html
    assert_no_small_figure(report_html(edition))


def test_page_explains_how_people_are_counted_and_privacy_protected(
    client, edition, scenario
):
    html = html_of(client, URL)

    assert "Wie wir zählen" in html
    assert "Wie wir die Privatsphäre schützen" in html
    assert "eigene Person" in html


# Queries


def grow(edition, process, n: int) -> None:
    """n more events, sign-ups, people, contributions and supports."""
    city = edition.city
    phase = make_phase(process, number=10 + n, title=f"Phase {n}")
    groups = [group(city, f"Gruppe{n}-{i}") for i in range(2)]
    districts = [district(city, f"Bezirk{n}-{i}") for i in range(2)]
    for e in range(n):
        event = make_event(process, days=-20 + e, phase=phase)
        for p in range(n):
            sign_up(
                event,
                f"g{n}-{p}@example.org",
                ATTENDED if p % 2 else CONFIRMED,
                stakeholder_group=groups[p % 2],
                district=districts[p % 2],
            )
    goal = Goal.objects.get(action_field__edition=edition)
    for p in range(n):
        comment = contribute(
            edition, f"g{n}-{p}@example.org", district=districts[p % 2], goal=goal
        )
        support(comment, f"u{n}-{p}@example.org")


REPORT_QUERIES = 17


def test_report_takes_the_same_queries_however_much_took_part(
    edition, process, django_assert_num_queries
):
    grow(edition, process, 2)
    edition.refresh_from_db()
    with django_assert_num_queries(REPORT_QUERIES):
        participation_report(edition)

    grow(edition, process, 12)
    edition.refresh_from_db()
    with django_assert_num_queries(REPORT_QUERIES):
        participation_report(edition)


def test_page_takes_the_same_queries_however_much_took_part(
    client, edition, process, django_assert_max_num_queries
):
    grow(edition, process, 2)
    with django_assert_max_num_queries(REPORT_QUERIES + 3):
        html_of(client, URL)

    grow(edition, process, 12)
    with django_assert_max_num_queries(REPORT_QUERIES + 3):
        html_of(client, URL)


# The page


def test_page_renders_in_german_and_english(client, edition, scenario):
    german = html_of(client, URL)
    english = html_of(client, f"/en{URL}")

    assert "<h1>Beteiligungsbericht: Leitbild Entwurf 2030–2030</h1>" in german
    assert "<h1>Participation report: Leitbild Entwurf 2030–2030</h1>" in english
    assert "Auftaktforum" in german and "Auftaktforum" in english
    assert 'lang="en"' in english


def test_page_tables_have_captions_and_header_scopes(client, edition, scenario):
    html = html_of(client, URL)

    assert html.count("<table") == html.count("<caption")
    assert html.count("<table") >= 6
    assert 'scope="col"' in html and 'scope="row"' in html


def test_page_links_to_the_pdf(client, edition, scenario):
    assert f'href="{PDF_URL}"' in html_of(client, URL)


def test_edition_page_links_to_the_report(client, edition):
    html = html_of(client, edition.get_absolute_url())

    assert f'href="{URL}"' in html


def test_page_of_an_unknown_year_is_not_found(client, edition):
    assert get(client, "/leitbild/1999/beteiligung/").status_code == 404


def test_page_without_process_or_participants_says_so(client, city):
    make_edition(city, year=2030, period_start=2030)

    html = html_of(client, URL)

    assert "Für diese Auflage ist kein Prozess erfasst." in html
    assert "Bisher hat niemand teilgenommen." in html


NAMES_AND_ADDRESSES = ["Person 1", "Person 30", "a1@example.org", "@example.org"]


def test_page_shows_no_name_or_address(client, edition, scenario):
    html = html_of(client, URL)

    for text in NAMES_AND_ADDRESSES:
        assert text not in html


# The PDF


@pytest.fixture
def report_pdf(client, edition, scenario) -> tuple:
    response = get(client, PDF_URL)
    assert response.status_code == 200
    return response, PdfReader(io.BytesIO(response.content))


def test_pdf_is_tagged_with_language_and_title(report_pdf):
    _response, reader = report_pdf
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "de"
    assert reader.metadata.title == "Beteiligungsbericht: Leitbild Entwurf 2030–2030"
    assert reader.metadata.author == "Stadt Beispielstadt"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


def test_pdf_holds_the_figures_and_bookmarks_the_parts(report_pdf):
    _response, reader = report_pdf
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    titles = [item.title for item in reader.outline if not isinstance(item, list)]

    assert "Auftaktforum" in text
    assert "Polizei 5" in text
    assert "Wie wir die Privatsphäre schützen" in titles
    assert "Wer teilgenommen hat" in titles
    for name in NAMES_AND_ADDRESSES:
        assert name not in text


def test_pdf_is_served_inline_with_validators(client, report_pdf):
    response, _reader = report_pdf

    assert response["Content-Type"] == "application/pdf"
    assert (
        "Beteiligungsbericht-Leitbild-Entwurf-2030.pdf"
        in response["Content-Disposition"]
    )
    again = client.get(
        PDF_URL, HTTP_ACCEPT_LANGUAGE="de", HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304


def test_pdf_is_rendered_once_and_then_served_from_the_cache(
    client, edition, scenario, monkeypatch
):
    calls = []
    original = pdf.render_participation_report_pdf

    def counted(report):
        calls.append(report)
        return original(report)

    monkeypatch.setattr(pdf, "render_participation_report_pdf", counted)
    first = get(client, PDF_URL).content
    second = get(client, PDF_URL).content

    assert first == second
    assert len(calls) == 1


def test_pdf_takes_the_language_of_the_request(edition, scenario):
    with translation.override("en"):
        report = participation_report(edition)
        reader = PdfReader(io.BytesIO(pdf.render_participation_report_pdf(report)))

    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert reader.metadata.title.startswith("Participation report")


def test_report_date_is_the_day_it_was_made(edition, scenario):
    now = timezone.now() + dt.timedelta(days=3)

    report = participation_report(edition, now=now)

    assert report.as_of == timezone.localdate(now)
