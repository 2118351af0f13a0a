"""The process at a glance: which process the timeline shows, what it holds,
how it is drawn (accessible, mirrored in right-to-left languages) and the
pages that show it."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from events.models import Event
from events.timeline import WIDTH, process_timeline, render_timeline_svg
from leitbild.models import Edition
from tests.conftest import (
    get,
    html_of,
    make_consultation,
    make_edition,
    make_event,
    make_phase,
    make_process,
)

HOME = "/"
AGENDA = "/veranstaltungen/"


@pytest.fixture
def process(city):
    return make_process(city, title="Überarbeitung 2025", slug="2025", start_year=2025)


def example_process(city, **overrides):
    """A process holding an example event, as `load_examples` makes it."""
    values = {"title": "Beispielprozess", "slug": "beispiele", "start_year": 2030}
    values.update(overrides)
    example = make_process(city, **values)
    make_event(example, days=10, title="Beispiel", is_example=True)
    return example


def svg_of(timeline) -> str:
    with translation.override("de"):
        return str(render_timeline_svg(timeline))


def today_x(svg: str) -> float:
    line = re.search(r'<line x1="([\d.]+)"[^>]*class="timeline-today"', svg)
    return float(line.group(1))


# Which process


def test_the_timeline_shows_the_newest_real_process_with_events(city, process):
    older = make_process(city, title="Alt", slug="alt", start_year=2018)
    make_event(older, days=-3000)
    make_event(process, days=-30)
    make_process(city, title="Ohne Termine", slug="leer", start_year=2029)

    assert process_timeline(city=city).process == process


def test_a_running_example_is_shown_only_while_no_real_process_runs(city, process):
    make_event(process, days=-30)
    example = example_process(city)

    timeline = process_timeline(city=city)

    assert timeline.process == example
    assert timeline.is_example

    make_event(process, days=20)

    timeline = process_timeline(city=city)
    assert timeline.process == process
    assert not timeline.is_example


def test_an_example_that_is_over_is_not_shown(city, process):
    make_event(process, days=-30)
    example = make_process(city, title="Beispiel", slug="beispiele", start_year=2030)
    make_event(example, days=-5, is_example=True)

    assert process_timeline(city=city).process == process


def test_a_real_process_with_an_open_consultation_counts_as_running(city, process):
    make_event(process, days=-30)
    process.edition = make_consultation(city)
    process.save()
    example_process(city)

    timeline = process_timeline(city=city)

    assert timeline.process == process
    assert timeline.consultation_open


def test_a_city_without_a_process_has_no_timeline(city):
    assert process_timeline(city=city) is None


# What it holds


def test_each_phase_spans_from_its_first_to_its_last_event(city, process):
    first = make_phase(process, number=1, title="Arbeitsphase", period="2025")
    second = make_phase(process, number=2, title="Fachforen", period="ab Mai")
    early = make_event(process, days=-60, phase=first)
    late = make_event(process, days=-20, phase=first)
    make_event(process, days=-10, phase=second)
    loose = make_event(process, days=-5)

    timeline = process_timeline(city=city)

    rows = timeline.rows
    with translation.override("en"):
        labels = [str(row.label) for row in rows]
    assert labels == [
        "I. Arbeitsphase",
        "II. Fachforen",
        "Further events",
    ]
    assert rows[0].start == timezone.localdate(early.start)
    assert rows[0].end == timezone.localdate(late.end)
    assert rows[0].period == "2025"
    assert list(rows[0].events) == [early, late]
    assert list(rows[2].events) == [loose]
    assert timeline.past_count == 4 and timeline.upcoming_count == 0


def test_unpublished_events_stay_off_the_timeline(city, process):
    shown = make_event(process, days=-3)
    make_event(process, days=-2, is_published=False)

    assert process_timeline(city=city).events == [shown]


def test_a_phase_without_events_is_listed_with_its_announced_period(
    client, city, process
):
    make_event(process, days=-3)
    make_phase(process, number=1, title="Später", period="Herbst 2027")

    timeline = process_timeline(city=city)

    assert not timeline.rows[0].has_span
    assert "Herbst 2027" in svg_of(timeline)
    assert "Herbst 2027" in html_of(client, HOME)


def test_the_consultation_window_of_the_edition_is_a_span(city, process):
    edition = make_consultation(city)
    process.edition = edition
    process.save()
    make_event(process, days=-3)

    timeline = process_timeline(city=city)

    consultation = timeline.consultation
    assert consultation is not None
    assert consultation.start == timezone.localdate(edition.consultation_opens)
    assert consultation.end == timezone.localdate(edition.consultation_closes)
    assert timeline.consultation_open
    assert timeline.start <= consultation.start
    assert timeline.end >= consultation.end


def test_the_axis_reaches_today_even_after_the_process(city, process):
    make_event(process, days=-400)

    timeline = process_timeline(city=city)

    assert timeline.start <= timeline.today - dt.timedelta(days=399)
    assert timeline.end >= timeline.today


def test_open_now_lists_the_upcoming_events_that_take_sign_ups(city, process):
    now = timezone.now()
    open_ = make_event(process, days=5, capacity=1)
    make_event(process, days=5, is_cancelled=True)
    make_event(process, days=5, registration_closes=now - dt.timedelta(hours=1))
    make_event(process, days=9, registration_opens=now + dt.timedelta(days=2))
    make_event(process, days=-5)

    timeline = process_timeline(city=city)

    assert list(timeline.signup_events) == [open_]
    assert timeline.is_open


def test_when_nothing_is_open_the_next_chance_is_named(city, process):
    now = timezone.now()
    later = make_event(process, days=20, registration_opens=now + dt.timedelta(days=3))
    make_event(process, days=30, registration_opens=now + dt.timedelta(days=6))

    timeline = process_timeline(city=city)

    assert not timeline.is_open
    assert timeline.next_step.kind == "signup"
    assert timeline.next_step.title == later.title
    assert timeline.next_step.when == later.registration_opens


def test_a_consultation_that_opens_soon_is_the_next_step(city, process):
    edition = make_consultation(
        city,
        consultation_opens=timezone.now() + dt.timedelta(days=2),
        consultation_closes=timezone.now() + dt.timedelta(days=30),
    )
    process.edition = edition
    process.save()
    make_event(process, days=-3)

    timeline = process_timeline(city=city)

    assert not timeline.consultation_open
    assert timeline.next_step.kind == "consultation"
    assert timeline.next_step.url == edition.get_absolute_url()


# The picture


def test_the_picture_is_an_image_with_a_title_and_a_description(city, process):
    make_phase(process, number=1, title="Arbeitsphase")
    make_event(process, days=-3, phase=process.phases.get())
    make_event(process, days=4, phase=process.phases.get())

    svg = svg_of(process_timeline(city=city))

    assert svg.startswith("<svg")
    assert 'role="img"' in svg
    assert 'aria-labelledby="timeline-title"' in svg
    assert 'aria-describedby="timeline-desc"' in svg
    assert '<title id="timeline-title">' in svg
    desc = re.search(r'<desc id="timeline-desc">(.*?)</desc>', svg).group(1)
    assert "1 vergangene Veranstaltung" in desc
    assert "1 kommende Veranstaltung" in desc
    assert "Heute ist" in desc
    assert 'viewBox="0 0 560 ' in svg


def test_past_and_upcoming_events_differ_in_shape_not_only_colour(city, process):
    make_event(process, days=-3)
    make_event(process, days=4)

    svg = svg_of(process_timeline(city=city))

    past = re.search(r"<circle [^>]*timeline-event-past[^>]*>", svg).group(0)
    upcoming = re.search(r"<circle [^>]*timeline-event-upcoming[^>]*>", svg).group(0)
    # A filled dot and a ring: the fill differs, and the ring's outline is wider.
    assert 'fill="#fff"' in upcoming and 'fill="#fff"' not in past
    assert 'stroke-width="3"' in upcoming
    # Today is a dashed line with a label in words.
    assert re.search(r'stroke-dasharray="6 4" class="timeline-today"', svg)
    assert "Heute, " in svg


def test_the_consultation_is_hatched_not_only_coloured(city, process):
    process.edition = make_consultation(city)
    process.save()
    make_event(process, days=-3)

    svg = svg_of(process_timeline(city=city))

    assert 'fill="url(#timeline-hatch)"' in svg
    assert '<pattern id="timeline-hatch"' in svg


def test_titles_are_escaped_in_the_picture(city):
    process = make_process(city, title="<script>alert(1)</script>")
    make_event(process, days=-3, title="A & B <b>")

    svg = svg_of(process_timeline(city=city))

    assert "<script>" not in svg and "&lt;script&gt;" in svg
    assert "A &amp; B &lt;b&gt;" in svg


def test_the_picture_is_mirrored_in_a_right_to_left_language(city, process):
    make_phase(process, number=1, title="Arbeitsphase")
    make_event(process, days=-90, phase=process.phases.get())
    timeline = process_timeline(city=city)

    with translation.override("de"):
        ltr = str(render_timeline_svg(timeline))
    with translation.override("ar"):
        rtl = str(render_timeline_svg(timeline))

    assert 'direction="ltr"' in ltr and 'direction="rtl"' in rtl
    # Time runs the other way: today, at the end of the axis, is on the left.
    assert today_x(ltr) > WIDTH / 2
    assert today_x(rtl) == pytest.approx(WIDTH - today_x(ltr))
    dot = r'<circle cx="([\d.]+)"'
    assert float(re.search(dot, rtl).group(1)) == pytest.approx(
        WIDTH - float(re.search(dot, ltr).group(1))
    )
    # The row's label starts at the right edge.
    label = r'<text x="([\d.]+)" y="\d+" font-size="15" text-anchor="start"'
    assert re.search(label, ltr).group(1) == "0"
    assert re.search(label, rtl).group(1) == str(WIDTH)


# The pages


def test_home_and_agenda_show_the_timeline_with_what_is_open(client, city, process):
    edition = make_consultation(city)
    process.edition = edition
    process.save()
    make_event(process, days=6, title="Werkstatt Sprache")

    for path in (HOME, AGENDA):
        html = html_of(client, path)
        assert 'aria-labelledby="timeline-heading"' in html
        assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
        assert "Jetzt offen:" in html
        assert f'<a href="{edition.get_absolute_url()}">' in html
        assert f'<a href="{AGENDA}">' in html
        # The text equivalent names every event with its date and link.
        assert "Werkstatt Sprache</a> (kommend)" in html


def test_the_pages_say_when_nothing_is_open(client, city, process):
    make_event(process, days=-6)

    html = html_of(client, HOME)

    assert "Gerade ist nichts offen." in html
    assert "Jetzt offen:" not in html


def test_an_example_process_is_marked_as_one(client, city):
    example_process(city)

    html = html_of(client, HOME)
    section = html[html.index('aria-labelledby="timeline-heading"') :]
    section = section[: section.index("</section>")]

    assert "Beispielprozess" in section
    assert 'class="badge badge-example"' in section


def test_a_filtered_agenda_shows_no_timeline(client, city, process):
    make_event(process, days=6, title="Werkstatt", type=Event.Type.WORKSHOP)
    make_event(process, days=7, title="Forum", type=Event.Type.SPECIALIST_FORUM)

    html = html_of(client, AGENDA + "?art=workshop")

    assert "timeline-heading" not in html
    assert "Forum" not in html


def test_a_city_without_process_shows_no_timeline(client, city):
    make_edition(city, status=Edition.Status.DRAFT)

    assert "timeline-heading" not in html_of(client, HOME)


@pytest.mark.parametrize("path", [HOME, AGENDA])
def test_the_timeline_costs_the_same_queries_for_many_events(
    client, city, process, path
):
    process.edition = make_consultation(city)
    process.save()

    def queries() -> int:
        from django.core.cache import cache

        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert get(client, path).status_code == 200
        return len(captured)

    phases = [make_phase(process, number=n, title=f"Phase {n}") for n in (1, 2)]
    for days in (-20, 5):
        make_event(process, days=days, phase=phases[0])
    few = queries()
    for index in range(30):
        make_event(process, days=index * 3 - 45, phase=phases[index % 2])
    make_phase(process, number=3, title="Phase 3")

    assert queries() == few
