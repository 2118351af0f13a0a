"""The action fields of the Leitbild in force, and each field's page.

Münster is loaded once for the module (`muenster_shared`).
"""

import pytest

from events.models import Event, Process
from handlungsfelder.models import ActionField, Goal, Measure
from handlungsfelder.services import edition_copy_as_draft
from tests.conftest import adopt, get, make_event

PRIORITIES = [
    "Wirtschaft und Arbeit",
    "Politische Partizipation und zivilgesellschaftliches Engagement",
    "Interkulturelle Öffnung der öffentlichen Verwaltungen",
]
OTHERS = [
    "Rechtliche Beratung und Integrationsbegleitung",
    "Bildung und Sprachen",
    "Kinder- und Jugendhilfe, soziale Leistungen und Dienste",
    "Wohnen und sozialräumliche Stadtentwicklung",
    "Gesundheit und Pflege",
    "Kultur und Religion",
    "Sport und Freizeit",
]


def main_of(client, path) -> str:
    response = get(client, path)
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def section_of(html: str, labelledby: str) -> str:
    return html.split(f'aria-labelledby="{labelledby}"', 1)[1].split("</section>", 1)[0]


def field_2025(slug: str) -> ActionField:
    return ActionField.objects.get(edition__year=2025, slug=slug)


# The list


def test_list_shows_the_ten_fields_of_the_edition_in_force(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/")

    for name in PRIORITIES + OTHERS:
        assert name in main
    assert main.count('class="card mb-3"') == 10
    # Fields of the 2019 edition are not listed.
    assert "(Politische) Partizipation" not in main
    assert "2025–2030" in main


def test_list_shows_the_priorities_first(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/")

    last_priority = max(main.index(name) for name in PRIORITIES)
    first_other = min(main.index(name) for name in OTHERS)
    assert last_priority < first_other


def test_list_puts_a_priority_before_fields_ordered_earlier(muenster_shared, client):
    # "Sport und Freizeit" is the last field by order; made a priority, it
    # moves ahead of every field that is not.
    ActionField.objects.filter(pk=field_2025("sport-und-freizeit").pk).update(
        is_priority=True
    )

    main = main_of(client, "/handlungsfelder/")

    assert main.index("Sport und Freizeit") < main.index(
        "Rechtliche Beratung und Integrationsbegleitung"
    )
    assert main.index("Interkulturelle Öffnung der öffentlichen Verwaltungen") < (
        main.index("Sport und Freizeit")
    )


def test_list_links_every_field_to_its_page(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/")

    for field in ActionField.objects.filter(edition__year=2025):
        assert f'href="/handlungsfelder/{field.slug}/"' in main


def test_list_answers_404_without_a_city(muenster_shared, client, settings):
    settings.CITY_SLUG = "nirgendwo"

    assert get(client, "/handlungsfelder/").status_code == 404


# A field's page


def test_field_page_shows_its_goals(muenster_shared, client):
    main = main_of(
        client,
        "/handlungsfelder/interkulturelle-oeffnung-der-oeffentlichen-verwaltungen/",
    )

    assert "<h1>Interkulturelle Öffnung der öffentlichen Verwaltungen" in main
    goals = section_of(main, "goals-heading")
    assert (
        "Der Anteil der Beschäftigten mit internationaler Familiengeschichte in der "
        "öffentlichen Verwaltung entspricht mit der Zeit ihrem Anteil an der "
        "Bevölkerung." in goals
    )


def test_field_page_shows_the_measures_of_a_goal(muenster_shared, client):
    # The 2025 edition is adopted and frozen: measures come with a new
    # edition, drafted from it and adopted once they are in.
    draft = edition_copy_as_draft(
        edition=field_2025("sport-und-freizeit").edition, year=2030
    )
    goal = Goal.objects.get(
        action_field__edition=draft,
        action_field__slug="interkulturelle-oeffnung-der-oeffentlichen-verwaltungen",
    )
    Measure.objects.create(
        goal=goal,
        title="Mehrsprachige Stellenausschreibungen",
        responsible_actors="Personal- und Organisationsamt",
        timeframe="2025–2027",
    )
    adopt(draft)

    main = main_of(
        client,
        "/handlungsfelder/interkulturelle-oeffnung-der-oeffentlichen-verwaltungen/",
    )

    assert "Mehrsprachige Stellenausschreibungen" in main
    assert "Personal- und Organisationsamt" in main
    assert "2025–2027" in main


def test_field_page_lists_the_events_linked_to_it(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/wirtschaft-und-arbeit/")

    events = section_of(main, "events-heading")
    assert "1. Fachforum: HF „Wirtschaft und Arbeit“" in events
    assert (
        'href="/veranstaltungen/2024-05-14-fachforum-wirtschaft-und-arbeit/"' in events
    )
    assert "Stadthaus 2, Raum 2-1" in events
    assert "2. Fachforum" not in events
    assert "Abschlussveranstaltung" not in events


def test_field_page_lists_the_goals_workshop_for_each_of_its_fields(
    muenster_shared, client
):
    main = main_of(client, "/handlungsfelder/gesundheit-und-pflege/")

    events = section_of(main, "events-heading")
    assert "Workshop zur Erarbeitung von Zielen für die weiteren Handlungsfelder" in (
        events
    )
    assert "Freiherr-vom-Stein-Saal" in events


def test_field_page_lists_linked_events_in_date_order(muenster_shared, client):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    later = make_event(process, days=30, title="Wirtschaftsforum 2")
    sooner = make_event(process, days=10, title="Wirtschaftsforum 1")
    field = field_2025("wirtschaft-und-arbeit")
    field.events.add(later, sooner)

    events = section_of(main_of(client, field.get_absolute_url()), "events-heading")

    assert events.index("1. Fachforum") < events.index("Wirtschaftsforum 1")
    assert events.index("Wirtschaftsforum 1") < events.index("Wirtschaftsforum 2")


def test_field_page_hides_unpublished_linked_events(muenster_shared, client):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    hidden = make_event(process, title="Internes Treffen", is_published=False)
    field_2025("wirtschaft-und-arbeit").events.add(hidden)

    main = main_of(client, "/handlungsfelder/wirtschaft-und-arbeit/")

    assert "Internes Treffen" not in main


def test_field_page_shows_which_earlier_field_it_continues(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/sport-und-freizeit/")

    history = section_of(main, "history-heading")
    assert "Freizeit" in history
    assert "2019" in history
    assert "Religion" not in history


def test_field_without_predecessor_has_no_history(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/wirtschaft-und-arbeit/")

    assert 'aria-labelledby="history-heading"' not in main


def test_field_of_an_earlier_edition_keeps_its_address(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/freizeit/")

    assert "<h1>Freizeit" in main
    assert 'href="/leitbild/2019/"' in main
    history = section_of(main, "history-heading")
    assert "Sport und Freizeit" in history
    assert "2025" in history


def test_a_slug_used_by_two_editions_shows_the_field_in_force(muenster_shared, client):
    main = main_of(client, "/handlungsfelder/bildung-und-sprachen/")

    assert 'href="/leitbild/2025/"' in main.split("<h1>", 1)[0]


def test_unknown_field_is_not_found(muenster_shared, client):
    assert get(client, "/handlungsfelder/gibt-es-nicht/").status_code == 404


@pytest.mark.parametrize("slug", ["wirtschaft-und-arbeit", "sport-und-freizeit"])
def test_every_linked_event_of_a_field_is_shown(muenster_shared, client, slug):
    field = field_2025(slug)

    events = section_of(main_of(client, field.get_absolute_url()), "events-heading")

    linked = Event.objects.filter(action_fields=field)
    assert linked.exists()
    for event in linked:
        assert event.get_absolute_url() in events
