"""The loader (`city_load`) and what data/muenster.yaml puts into the database.

Münster is loaded once for the whole module (`muenster_shared`); each test
runs in its own savepoint, so loading again or editing here is undone.
"""

import copy
import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import translation

from core.models import City
from events.models import Event, Phase, Process, Venue
from handlungsfelder.models import ActionField, Goal
from leitbild.models import Edition, Section, Term
from portal.services import city_load
from registrations.models import District, StakeholderGroup
from tests.conftest import make_event

BERLIN = ZoneInfo("Europe/Berlin")
PROJECT_APPS = ("leitbild", "handlungsfelder", "events", "registrations")


def berlin(year, month, day, hour, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=BERLIN)


def row_counts() -> dict[str, int]:
    """Rows of every model of the project's apps, by model label."""
    return {
        model._meta.label: model.objects.count()
        for app in PROJECT_APPS
        for model in apps.get_app_config(app).get_models()
    }


def plural(model) -> str:
    """The key a LoadReport counts a model's rows under."""
    return str(model._meta.verbose_name_plural)


def event_data(data: dict, slug: str) -> dict:
    for process in data["processes"]:
        for item in process.get("events", []):
            if item["slug"] == slug:
                return item
    raise LookupError(slug)


# The city and its lists


def test_shipped_city_has_name_and_contact(muenster_shared):
    city = muenster_shared

    assert city.slug == "muenster"
    assert city.name == "Münster"
    assert city.portal_name == "Leitbildportal Münster"
    assert city.authority == "Stadt Münster"
    assert city.organisation == "Kommunales Integrationszentrum Münster"
    assert city.contact_person == "Alesja Meiber"
    assert city.contact_email == "meiber@stadt-muenster.de"
    assert city.contact_phone == "02 51/4 92-70 77"


def test_shipped_city_has_intro_and_legal_texts(muenster_shared):
    city = muenster_shared

    assert "Integrationskonzept" in city.intro
    assert "§ 5 DDG" in city.imprint
    assert "Welche Daten wir verarbeiten" in city.privacy
    assert "BITV 2.0" in city.accessibility
    # The loader strips the block scalars' trailing newline.
    assert not city.intro.endswith("\n")


def test_shipped_data_has_six_districts_and_one_outside_entry(muenster_shared):
    districts = list(District.objects.filter(city=muenster_shared))

    inside = [d.name for d in districts if not d.is_outside]
    outside = [d.name for d in districts if d.is_outside]
    assert inside == ["Mitte", "Nord", "Ost", "West", "Süd-Ost", "Hiltrup"]
    assert outside == ["außerhalb von Münster"]
    # The outside entry is listed last.
    assert districts[-1].is_outside


def test_shipped_data_has_the_stakeholder_groups_in_order(muenster_shared):
    names = list(
        StakeholderGroup.objects.filter(city=muenster_shared).values_list(
            "name", flat=True
        )
    )

    assert names == [
        "Stadtverwaltung",
        "Integrationsrat",
        "Kammern",
        "Migrantenselbstorganisationen",
        "Politik",
        "Polizei",
        "Religionsgemeinschaften",
        "Vereine",
        "Wohlfahrtsverbände",
        "Interessierte Bürgerinnen und Bürger",
    ]


# Editions


def test_shipped_data_has_four_editions_with_their_status(muenster_shared):
    editions = {
        e.year: e for e in Edition.objects.for_city(muenster_shared).order_by("year")
    }

    assert {year: (e.number, e.status) for year, e in editions.items()} == {
        2008: (1, Edition.Status.ARCHIVED),
        2014: (2, Edition.Status.ARCHIVED),
        2019: (3, Edition.Status.ARCHIVED),
        2025: (4, Edition.Status.ADOPTED),
    }
    assert editions[2025].council_decision_date == dt.date(2025, 2, 26)
    assert editions[2019].council_decision_date == dt.date(2019, 4, 3)
    assert editions[2008].council_decision_date is None
    assert editions[2014].council_decision_date is None


def test_shipped_editions_have_their_periods(muenster_shared):
    labels = {e.year: e.period_label for e in Edition.objects.for_city(muenster_shared)}

    assert labels == {
        2008: "2008–2014",
        2014: "2014–2019",
        2019: "2019–2025",
        2025: "2025–2030",
    }


def test_the_2025_edition_is_the_one_in_force(muenster_shared):
    in_force = Edition.objects.for_city(muenster_shared).in_force()

    assert [e.year for e in in_force] == [2025]


def test_shipped_editions_have_sections_and_terms(muenster_shared):
    edition_2025 = Edition.objects.get(city=muenster_shared, year=2025)
    edition_2008 = Edition.objects.get(city=muenster_shared, year=2008)

    assert list(edition_2025.sections.values_list("slug", flat=True)) == [
        "praeambel",
        "grundhaltung",
        "zentrale-begriffe",
    ]
    assert edition_2008.sections.count() == 6
    assert list(edition_2008.terms.values_list("term", flat=True)) == [
        "Zuwanderer",
        "Migranten",
        "Menschen mit Migrationsvorgeschichte",
    ]


# Action fields


def test_the_2025_edition_has_ten_action_fields(muenster_shared):
    edition = Edition.objects.get(city=muenster_shared, year=2025)

    assert ActionField.objects.filter(edition=edition).count() == 10


def test_the_2025_edition_has_exactly_three_priorities(muenster_shared):
    edition = Edition.objects.get(city=muenster_shared, year=2025)

    priorities = ActionField.objects.filter(edition=edition, is_priority=True)

    assert sorted(priorities.values_list("name", flat=True)) == sorted(
        [
            "Wirtschaft und Arbeit",
            "Politische Partizipation und zivilgesellschaftliches Engagement",
            "Interkulturelle Öffnung der öffentlichen Verwaltungen",
        ]
    )


def test_the_2019_edition_has_the_five_fields_the_city_names(muenster_shared):
    edition = Edition.objects.get(city=muenster_shared, year=2019)

    names = ActionField.objects.filter(edition=edition).values_list("name", flat=True)

    assert list(names) == [
        "Bildung und Sprachen",
        "(Politische) Partizipation und zivilgesellschaftliches Engagement",
        "Interkulturelle Öffnung der öffentlichen Verwaltungen",
        "Freizeit",
        "Religion",
    ]
    assert not ActionField.objects.filter(edition=edition, is_priority=True).exists()


@pytest.mark.parametrize(
    ("slug_2025", "continued_2019"),
    [
        ("sport-und-freizeit", ["Freizeit"]),
        ("kultur-und-religion", ["Religion"]),
        ("bildung-und-sprachen", ["Bildung und Sprachen"]),
        (
            "politische-partizipation-und-zivilgesellschaftliches-engagement",
            ["(Politische) Partizipation und zivilgesellschaftliches Engagement"],
        ),
        (
            "interkulturelle-oeffnung-der-oeffentlichen-verwaltungen",
            ["Interkulturelle Öffnung der öffentlichen Verwaltungen"],
        ),
        ("wirtschaft-und-arbeit", []),
        ("gesundheit-und-pflege", []),
    ],
)
def test_2025_action_fields_continue_their_2019_predecessors(
    muenster_shared, slug_2025, continued_2019
):
    field = ActionField.objects.get(
        edition__city=muenster_shared, edition__year=2025, slug=slug_2025
    )

    continues = list(field.continues.select_related("edition"))

    assert [f.name for f in continues] == continued_2019
    assert all(f.edition.year == 2019 for f in continues)


def test_a_2019_action_field_knows_what_continues_it(muenster_shared):
    freizeit = ActionField.objects.get(
        edition__city=muenster_shared, edition__year=2019, slug="freizeit"
    )

    assert [f.name for f in freizeit.continued_by.all()] == ["Sport und Freizeit"]


def test_goal_titles_are_loaded_on_one_line(muenster_shared):
    goal = Goal.objects.get(
        action_field__edition__year=2025,
        action_field__slug="interkulturelle-oeffnung-der-oeffentlichen-verwaltungen",
    )

    assert goal.title == (
        "Der Anteil der Beschäftigten mit internationaler Familiengeschichte in "
        "der öffentlichen Verwaltung entspricht mit der Zeit ihrem Anteil an der "
        "Bevölkerung."
    )


# The 2023–2025 process


def test_the_2023_2025_process_prepares_the_2025_edition(muenster_shared):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")

    assert process.edition.year == 2025
    assert (process.start_year, process.end_year) == (2023, 2025)


def test_the_2023_2025_process_has_five_phases(muenster_shared):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")

    phases = [(p.number, p.title, p.period) for p in process.phases.all()]

    assert phases == [
        (1, "Arbeitsphase", "Mai 2023 bis April 2024"),
        (2, "Arbeitsphase", "ab Mai 2024"),
        (3, "Fachforen", "2024"),
        (4, "Arbeitsphase", "Oktober 2024"),
        (5, "Arbeitsphase", "ab November 2024 bis Januar 2025"),
    ]


def test_the_2023_2025_process_has_sixteen_published_events(muenster_shared):
    events = Event.objects.filter(process__slug="2023-2025")

    assert events.count() == 16
    assert events.published().count() == 16
    assert not events.filter(is_example=True).exists()


STADTWEINHAUS = ("Stadtweinhaus", "Prinzipalmarkt 8")
VHS = ("Volkshochschule", "Aegidiimarkt 3")
STADTHAUS_2 = ("Stadthaus 2", "")
DOMPLATZ_1_3 = ("Bezirksregierung Münster", "Domplatz 1-3")
DOMPLATZ_36 = ("Bezirksregierung Münster", "Domplatz 36")

# slug, phase, type, title, start, end, (venue, street) or None, room
EVENTS_2023_2025 = [
    ("2023-05-23-starterworkshop", 1, "workshop",
     "Starterworkshop zur Weiterentwicklung des Migrationsleitbildes",
     berlin(2023, 5, 23, 14, 30), berlin(2023, 5, 23, 17), None, ""),
    ("2023-08-24-workshop-2", 1, "workshop",
     "Workshop 2: Weiterentwicklung des Leitbildes: Wirkungs- und "
     "Quartiersorientierung?",
     berlin(2023, 8, 24, 15), berlin(2023, 8, 24, 18), None, ""),
    ("2023-11-02-workshop-3", 1, "workshop",
     "Workshop 3: Weiterentwicklung des Leitbildes: Entwicklungsbedarfe, "
     "Priorisierung weiterer Handlungsfelder",
     berlin(2023, 11, 2, 16), berlin(2023, 11, 2, 19), None, ""),
    ("2024-03-19-expertenrunde-1", 1, "expert_round", "1. Expertenrunde",
     berlin(2024, 3, 19, 17), berlin(2024, 3, 19, 19), None, ""),
    ("2024-04-10-expertenrunde-2", 1, "expert_round", "2. Expertenrunde",
     berlin(2024, 4, 10, 17), berlin(2024, 4, 10, 19), None, ""),
    ("2024-04-18-workshop-4", 1, "workshop",
     "Workshop 4: Diskussion und Überarbeitung übergeordneter Inhalte, "
     "Überarbeitung der übrigen Handlungsfelder",
     berlin(2024, 4, 18, 16), berlin(2024, 4, 18, 19, 30), None, ""),
    ("2024-05-07-expertenrunde-3", 2, "expert_round", "3. Expertenrunde",
     berlin(2024, 5, 7, 17), berlin(2024, 5, 7, 19), STADTWEINHAUS, "Lublin Zimmer"),
    ("2024-09-19-expertenrunde-4", 2, "expert_round", "4. Expertenrunde",
     berlin(2024, 9, 19, 16), berlin(2024, 9, 19, 19), VHS, "VHS Raum 104"),
    ("2024-05-14-fachforum-wirtschaft-und-arbeit", 3, "specialist_forum",
     "1. Fachforum: HF „Wirtschaft und Arbeit“",
     berlin(2024, 5, 14, 16), berlin(2024, 5, 14, 19), STADTHAUS_2, "Raum 2-1"),
    ("2024-06-14-fachforum-politische-partizipation", 3, "specialist_forum",
     "2. Fachforum: HF „Politische Partizipation“",
     berlin(2024, 6, 14, 15), berlin(2024, 6, 14, 19), STADTWEINHAUS,
     "Hauptausschusszimmer"),
    ("2024-06-21-workshop-ehrenamt", 3, "workshop", "Workshop Ehrenamt",
     berlin(2024, 6, 21, 17), berlin(2024, 6, 21, 20, 15), VHS, ""),
    # The page gives no year for the next two: 2024.
    ("2024-08-22-fachforum-interkulturelle-oeffnung", 3, "specialist_forum",
     "3. Fachforum: HF „Interkulturelle Öffnung“",
     berlin(2024, 8, 22, 16), berlin(2024, 8, 22, 19, 30), DOMPLATZ_1_3, "Saal 1"),
    ("2024-09-10-workshop-uebergang-schule-beruf", 3, "workshop",
     "Workshop: „Migrationssensibler Übergang Schule-Beruf“",
     berlin(2024, 9, 10, 17), berlin(2024, 9, 10, 20), VHS, "VHS Forum"),
    ("2024-10-08-workshop-ziele-weitere-handlungsfelder", 4, "workshop",
     "Workshop zur Erarbeitung von Zielen für die weiteren Handlungsfelder",
     berlin(2024, 10, 8, 16), berlin(2024, 10, 8, 20), DOMPLATZ_36,
     "Freiherr-vom-Stein-Saal"),
    ("2024-11-19-zusammenfuehrung-der-ergebnisse", 5, "plenary",
     "Zusammenführung der Ergebnisse aus dem MLB-Prozess 2023-2024",
     berlin(2024, 11, 19, 17), berlin(2024, 11, 19, 20), DOMPLATZ_36,
     "Freiherr-vom-Stein-Saal"),
    ("2025-01-24-abschlussveranstaltung", 5, "final_event",
     "Abschlussveranstaltung/ Verabschiedung des neuen Migrationsleitbildes der "
     "Stadt Münster",
     berlin(2025, 1, 24, 17), berlin(2025, 1, 24, 20), STADTWEINHAUS,
     "Rathausfestsaal"),
]  # fmt: skip


def test_the_event_table_covers_every_event_of_the_process(muenster_shared):
    slugs = set(
        Event.objects.filter(process__slug="2023-2025").values_list("slug", flat=True)
    )

    assert slugs == {row[0] for row in EVENTS_2023_2025}


@pytest.mark.parametrize(
    ("slug", "phase", "type_", "title", "start", "end", "venue", "room"),
    EVENTS_2023_2025,
    ids=[row[0] for row in EVENTS_2023_2025],
)
def test_shipped_event_has_its_announced_time_and_place(
    muenster_shared, slug, phase, type_, title, start, end, venue, room
):
    event = Event.objects.select_related("phase", "venue", "process").get(slug=slug)

    assert event.process.slug == "2023-2025"
    assert event.phase.number == phase
    assert event.phase.process_id == event.process_id
    assert event.type == type_
    assert event.title == title
    assert event.start == start
    assert event.end == end
    # The announced wall-clock time, in Münster's time zone.
    assert event.start.astimezone(BERLIN).timetuple()[:5] == start.timetuple()[:5]
    if venue is None:
        assert event.venue is None
    else:
        assert (event.venue.name, event.venue.street) == venue
        assert event.venue.city_id == muenster_shared.pk
    assert event.room == room


def test_shipped_venues_with_a_street_have_postcode_and_town(muenster_shared):
    vhs = Venue.objects.get(city=muenster_shared, name="Volkshochschule")

    assert vhs.address == "Aegidiimarkt 3, 48143 Münster"
    assert Venue.objects.filter(city=muenster_shared).count() == 5


def test_event_action_fields_are_those_of_the_2025_edition(muenster_shared):
    forum = Event.objects.get(slug="2024-06-14-fachforum-politische-partizipation")
    workshop = Event.objects.get(
        slug="2024-10-08-workshop-ziele-weitere-handlungsfelder"
    )

    forum_fields = list(forum.action_fields.select_related("edition"))
    assert [(f.slug, f.edition.year) for f in forum_fields] == [
        ("politische-partizipation-und-zivilgesellschaftliches-engagement", 2025)
    ]
    assert set(workshop.action_fields.values_list("slug", flat=True)) == {
        "rechtliche-beratung-und-integrationsbegleitung",
        "bildung-und-sprachen",
        "kinder-und-jugendhilfe-soziale-leistungen-und-dienste",
        "wohnen-und-sozialraeumliche-stadtentwicklung",
        "gesundheit-und-pflege",
        "kultur-und-religion",
        "sport-und-freizeit",
    }
    assert not workshop.action_fields.exclude(edition__year=2025).exists()


def test_the_2018_2019_process_has_its_workshop(muenster_shared):
    process = Process.objects.get(city=muenster_shared, slug="2018-2019")

    event = process.events.get()

    assert process.edition.year == 2019
    assert event.start == berlin(2018, 10, 30, 17)
    assert event.end == berlin(2018, 10, 30, 20)
    assert event.phase is None
    assert (event.venue.name, event.room) == ("Stadtweinhaus", "Hauptausschusszimmer")


# Loading again


def test_loading_again_changes_nothing(muenster_shared, muenster_data):
    before = row_counts()

    city, report = city_load(data=muenster_data)

    assert city.pk == muenster_shared.pk
    assert row_counts() == before
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0
    assert report.unchanged[plural(Event)] == 17


def test_loading_again_keeps_the_links_between_rows(muenster_shared, muenster_data):
    workshop = Event.objects.get(
        slug="2024-10-08-workshop-ziele-weitere-handlungsfelder"
    )
    fields_before = set(workshop.action_fields.values_list("pk", flat=True))
    sport = ActionField.objects.get(edition__year=2025, slug="sport-und-freizeit")
    continues_before = set(sport.continues.values_list("pk", flat=True))

    city_load(data=muenster_data)

    assert set(workshop.action_fields.values_list("pk", flat=True)) == fields_before
    assert set(sport.continues.values_list("pk", flat=True)) == continues_before


def test_loading_edited_data_updates_the_event_in_place(muenster_shared, muenster_data):
    slug = "2024-09-19-expertenrunde-4"
    event = Event.objects.get(slug=slug)
    before = row_counts()
    data = copy.deepcopy(muenster_data)
    item = event_data(data, slug)
    item["start"] = "2024-09-19 17:00"
    item["end"] = "2024-09-19 20:30"
    item["room"] = "VHS Raum 105"

    _city, report = city_load(data=data)

    event.refresh_from_db()
    assert event.start == berlin(2024, 9, 19, 17)
    assert event.end == berlin(2024, 9, 19, 20, 30)
    assert event.room == "VHS Raum 105"
    assert row_counts() == before
    assert report.updated == {plural(Event): 1}
    assert sum(report.created.values()) == 0


def test_loading_edited_city_data_updates_the_city(muenster_shared, muenster_data):
    data = copy.deepcopy(muenster_data)
    data["city"]["contact"]["email"] = "integration@stadt-muenster.de"

    _city, report = city_load(data=data)

    assert City.objects.get(pk=muenster_shared.pk).contact_email == (
        "integration@stadt-muenster.de"
    )
    assert City.objects.count() == 1
    assert report.updated == {plural(City): 1}


def test_loading_keeps_rows_staff_added(muenster_shared, muenster_data):
    process = Process.objects.get(city=muenster_shared, slug="2023-2025")
    added = make_event(process, days=30, slug="nachtreffen", title="Nachtreffen")

    city_load(data=muenster_data)

    assert Event.objects.filter(pk=added.pk, title="Nachtreffen").exists()


def test_loading_can_adopt_a_new_edition_and_archive_the_old(
    muenster_shared, muenster_data
):
    data = copy.deepcopy(muenster_data)
    for item in data["editions"]:
        if item["year"] == 2025:
            item["status"] = "archived"
    data["editions"].append(
        {
            "number": 5,
            "year": 2030,
            "title": "Leitbild Migration und Integration",
            "period": [2030, 2035],
            "status": "adopted",
            "council_decision_date": dt.date(2030, 3, 1),
        }
    )

    city_load(data=data)

    in_force = Edition.objects.for_city(muenster_shared).in_force()
    assert [e.year for e in in_force] == [2030]


# Validation


def test_loading_rejects_an_event_that_ends_before_it_starts(
    muenster_shared, muenster_data
):
    data = copy.deepcopy(muenster_data)
    item = event_data(data, "2025-01-24-abschlussveranstaltung")
    item["end"] = "2025-01-24 16:00"

    with pytest.raises(ValidationError):
        city_load(data=data)


def test_a_failed_load_leaves_nothing_half_loaded(muenster_shared, muenster_data):
    before = row_counts()
    data = copy.deepcopy(muenster_data)
    # Changes the loader makes before it reaches the broken event …
    data["city"]["name"] = "Münster (geändert)"
    data["districts"].append({"slug": "neu", "name": "Neuer Bezirk"})
    event_data(data, "2023-05-23-starterworkshop")["title"] = "Geänderter Titel"
    events = data["processes"][0]["events"]
    events.append(
        {
            "slug": "2025-02-01-neu",
            "title": "Neue Veranstaltung",
            "start": "2025-02-01 17:00",
            "end": "2025-02-01 19:00",
        }
    )
    # … and the broken one, last of all.
    events.append(
        {
            "slug": "2025-02-02-kaputt",
            "title": "Endet vor dem Anfang",
            "start": "2025-02-02 17:00",
            "end": "2025-02-02 16:00",
        }
    )

    with pytest.raises(ValidationError):
        city_load(data=data)

    assert row_counts() == before
    assert City.objects.get(pk=muenster_shared.pk).name == "Münster"
    assert not District.objects.filter(slug="neu").exists()
    assert not Event.objects.filter(slug="2025-02-01-neu").exists()
    assert Event.objects.get(slug="2023-05-23-starterworkshop").title == (
        "Starterworkshop zur Weiterentwicklung des Migrationsleitbildes"
    )


def test_loading_rejects_a_second_adopted_edition(muenster_shared, muenster_data):
    data = copy.deepcopy(muenster_data)
    for item in data["editions"]:
        if item["year"] == 2019:
            item["status"] = "adopted"

    with pytest.raises(ValidationError):
        city_load(data=data)

    assert [e.year for e in Edition.objects.in_force()] == [2025]


def test_loading_another_city_never_takes_over_an_event_of_this_one(
    muenster_shared, muenster_data
):
    # Event slugs are unique across all cities (they are the event's address),
    # so a second city's file that reuses one must not move Münster's event.
    slug = "2024-09-19-expertenrunde-4"
    other = {
        "city": {
            "slug": "anderstadt",
            "name": "Anderstadt",
            "portal_name": "Leitbildportal Anderstadt",
            "leitbild_title": "Leitbild Migration und Integration",
            "authority": "Stadt Anderstadt",
            "organisation": "Kommunales Integrationszentrum Anderstadt",
        },
        "processes": [
            {
                "slug": "2024",
                "title": "Prozess 2024",
                "years": [2024],
                "events": [
                    {
                        "slug": slug,
                        "title": "Expertenrunde in Anderstadt",
                        "start": "2024-09-19 10:00",
                        "end": "2024-09-19 12:00",
                    }
                ],
            }
        ],
    }

    try:
        city_load(data=other)
    except ValidationError:
        pass

    event = Event.objects.select_related("process").get(slug=slug)
    assert event.process.city_id == muenster_shared.pk
    assert event.title == "4. Expertenrunde"
    assert event.start == berlin(2024, 9, 19, 16)


def test_section_and_term_counts_match_the_data_file(muenster_shared, muenster_data):
    sections = sum(len(e.get("sections", [])) for e in muenster_data["editions"])
    terms = sum(len(e.get("terms", [])) for e in muenster_data["editions"])

    assert Section.objects.count() == sections
    assert Term.objects.count() == terms
    assert Phase.objects.filter(process__city=muenster_shared).count() == 5


# The file's text is German, whatever language is active


def test_the_loader_writes_german_columns_whatever_language_is_active(
    db, muenster_data
):
    with translation.override("en"):
        city, _report = city_load(data=muenster_data)
        # Loading again under English finds nothing changed.
        _city, again = city_load(data=muenster_data)

    assert not again.updated
    assert not again.created
    data = muenster_data["editions"][-1]
    edition = Edition.objects.get(city=city, year=data["year"])
    assert edition.title_de == data["title"]
    assert edition.summary_de == data["summary"].strip()
    section = edition.sections.order_by("order").first()
    assert section.title_de == data["sections"][0]["title"]
    # A term is found by its German text, not the active language's.
    with_terms = next(item for item in muenster_data["editions"] if item.get("terms"))
    term = Term.objects.get(
        edition__year=with_terms["year"], term_de=with_terms["terms"][0]["term"]
    )
    assert term.term_en is None
    field = ActionField.objects.filter(edition=edition).order_by("order").first()
    assert field.name_de
    assert City.objects.get(pk=city.pk).portal_name_de == "Leitbildportal Münster"
    # No German text landed in an English column.
    for row, name in (
        (edition, "summary"),
        (section, "title"),
        (field, "name"),
        (city, "intro"),
    ):
        german = getattr(row, f"{name}_de")
        assert getattr(type(row).objects.get(pk=row.pk), f"{name}_en") != german, name
