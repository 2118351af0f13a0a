"""The data file's `translations:` section and how the loader stores it.

Münster is loaded once for the module (`muenster_shared`); each test runs in
its own savepoint, so loading again or editing here is undone.
"""

import copy
import html
import re

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation
from modeltranslation.translator import translator

from core.models import City
from events.models import Phase, Process
from handlungsfelder.models import ActionField
from leitbild.models import Edition, Section
from portal.services import city_load
from tests.conftest import html_of
from tests.portal.test_load_city import row_counts

# The languages the issue names; the portal must offer exactly these.
LANGUAGES = ("en", "tr", "ar", "uk", "ru")
ARABIC = re.compile(r"[\u0600-\u06ff]")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def translations_of(data: dict, code: str) -> dict:
    return data["translations"][code]


def edition_item(data: dict, year: int) -> dict:
    return next(item for item in data["editions"] if item["year"] == year)


def listed_texts(data: dict):
    """(where, German, {language: translation}) of every text the file must
    carry in all five languages: the home page's texts, the 2025 edition's
    summary and section titles, its action fields' names and short
    descriptions (where it has them in German), and the work phases'
    titles."""
    tr = data["translations"]

    def each(path, german):
        found = {}
        for code in LANGUAGES:
            node = tr.get(code, {})
            for key in path:
                node = node.get(key, {}) if isinstance(node, dict) else {}
            found[code] = node if isinstance(node, str) else None
        return ("/".join(map(str, path)), german, found)

    city = data["city"]
    for name in ("portal_name", "leitbild_title", "authority", "organisation", "intro"):
        yield each(("city", name), city[name])
    edition = edition_item(data, 2025)
    yield each(("editions", 2025, "summary"), edition["summary"])
    for section in edition["sections"]:
        slug = section["slug"]
        yield each(("editions", 2025, "sections", slug, "title"), section["title"])
    for entry in edition["action_fields"]:
        slug = entry["slug"]
        yield each(("editions", 2025, "action_fields", slug, "name"), entry["name"])
        if entry.get("short_description"):
            yield each(
                ("editions", 2025, "action_fields", slug, "short_description"),
                entry["short_description"],
            )
    for process in data["processes"]:
        for phase in process.get("phases", []):
            path = ("processes", process["slug"], "phases", phase["number"], "title")
            yield each(path, phase["title"])


def stored_translations(data: dict):
    """(row, column, text) for every translation in the file, as stored."""
    city = City.objects.get(slug=data["city"]["slug"])
    for code, parts in data["translations"].items():
        for name, text in parts.get("city", {}).items():
            yield city, f"{name}_{code}", text
        for year, entry in parts.get("editions", {}).items():
            edition = Edition.objects.get(city=city, year=year)
            for slug, texts in entry.get("sections", {}).items():
                section = Section.objects.get(edition=edition, slug=slug)
                for name, text in texts.items():
                    yield section, f"{name}_{code}", text
            for slug, texts in entry.get("action_fields", {}).items():
                field = ActionField.objects.get(edition=edition, slug=slug)
                for name, text in texts.items():
                    yield field, f"{name}_{code}", text
            for name in ("title", "summary"):
                if name in entry:
                    yield edition, f"{name}_{code}", entry[name]
        for slug, entry in parts.get("processes", {}).items():
            process = Process.objects.get(city=city, slug=slug)
            for number, texts in entry.get("phases", {}).items():
                phase = Phase.objects.get(process=process, number=number)
                for name, text in texts.items():
                    yield phase, f"{name}_{code}", text
            for name in ("title", "description"):
                if name in entry:
                    yield process, f"{name}_{code}", entry[name]


# What the shipped file carries


def test_the_five_languages_are_the_portals_besides_german():
    codes = [code for code, _name in settings.LANGUAGES]
    assert codes == [settings.LANGUAGE_CODE, *LANGUAGES]


def test_the_shipped_file_lists_what_the_issue_asks_for(muenster_data):
    texts = list(listed_texts(muenster_data))
    where = [place for place, _german, _found in texts]

    assert len([p for p in where if p.startswith("editions/2025/action_fields")]) >= 10
    assert len([p for p in where if "/phases/" in p]) == 5
    assert "city/intro" in where and "editions/2025/summary" in where


def test_every_listed_text_is_translated_into_all_five_languages(muenster_data):
    missing = [
        (place, code)
        for place, _german, found in listed_texts(muenster_data)
        for code, text in found.items()
        if not (text and text.strip())
    ]

    assert missing == []


def test_no_listed_translation_is_the_german_text_left_as_it_was(muenster_data):
    for place, german, found in listed_texts(muenster_data):
        for code, text in found.items():
            assert text.strip() != german.strip(), (place, code)
        assert ARABIC.search(found["ar"]), place
        assert CYRILLIC.search(found["uk"]) and CYRILLIC.search(found["ru"]), place


def test_terms_are_used_consistently_in_the_intro_and_summary(muenster_data):
    # Leitbild and Handlungsfeld as the data file's comment fixes them.
    terms = {
        "en": ("mission statement", "action field"),
        "tr": ("Misyon Belgesi", "eylem alan"),
        "ar": ("الوثيقة التوجيهية", "مجالات عمل"),
        "uk": ("Концепці", "напрями дій"),
        "ru": ("Концепци", "направления деятельности"),
    }
    for code, (leitbild, field) in terms.items():
        parts = translations_of(muenster_data, code)
        summary = " ".join(parts["editions"][2025]["summary"].split())
        intro = " ".join(parts["city"]["intro"].split())
        assert leitbild.lower() in intro.lower(), code
        assert field.lower() in summary.lower(), code
        # The German proper name is given once, beside the translation.
        assert "Leitbild Migration und Integration" in intro, code
        assert "(Integrationsrat)" in intro, code


def test_the_summary_names_the_priorities_as_the_action_fields_are_named(
    muenster_data,
):
    edition = edition_item(muenster_data, 2025)
    priorities = [e["slug"] for e in edition["action_fields"] if e.get("priority")]
    for code in LANGUAGES:
        parts = translations_of(muenster_data, code)["editions"][2025]
        summary = " ".join(parts["summary"].split())
        for slug in priorities:
            assert parts["action_fields"][slug]["name"] in summary, (code, slug)


# What the loader stores


def test_loading_puts_every_translation_into_its_language_column(
    muenster_shared, muenster_data
):
    stored = list(stored_translations(muenster_data))

    assert len(stored) >= 5 * 24
    for row, column, text in stored:
        assert getattr(row, column) == text.strip(), (row, column)


def test_the_german_columns_keep_the_file_german_text(muenster_shared, muenster_data):
    field = ActionField.objects.get(edition__year=2025, slug="wirtschaft-und-arbeit")
    edition = Edition.objects.get(year=2025)

    assert field.name_de == "Wirtschaft und Arbeit"
    assert field.name_tr == "Ekonomi ve Çalışma Hayatı"
    assert edition.summary_de == edition_item(muenster_data, 2025)["summary"].strip()


def test_a_text_without_a_translation_stays_null_never_empty(muenster_shared):
    city = muenster_shared
    assert city.imprint_en is None
    assert Edition.objects.get(year=2019).summary_ar is None
    assert (
        ActionField.objects.get(
            edition__year=2025, slug="sport-und-freizeit"
        ).short_description_ru
        is None
    )
    # No translation column anywhere holds an empty string: that would hide
    # the German fallback.
    for model in (City, Edition, Section, ActionField, Process, Phase):
        for name in translator.get_options_for_model(model).all_fields:
            for code in LANGUAGES:
                column = f"{name}_{code}"
                empty = model.objects.filter(**{column: ""}).count()
                assert empty == 0, (model.__name__, column)


def test_reading_in_a_language_gives_its_translation(muenster_shared):
    field = ActionField.objects.get(edition__year=2025, slug="gesundheit-und-pflege")

    with translation.override("uk"):
        assert field.name == "Здоров’я та догляд"
    with translation.override("ar"):
        assert City.objects.get(pk=muenster_shared.pk).authority == "مدينة مونستر"


# The pages


def test_the_arabic_home_page_shows_the_arabic_intro(muenster_shared, client):
    page = html.unescape(html_of(client, "/ar/"))

    assert "<h1>الوثيقة التوجيهية للهجرة والاندماج</h1>" in page
    assert "<strong>الوثيقة التوجيهية للهجرة والاندماج</strong>" in page
    assert "هي استراتيجية الاندماج الخاصة بمدينة" in page
    assert "Integrationskonzept der Stadt Münster" not in page


def test_the_turkish_action_field_list_shows_the_turkish_names(
    muenster_shared, muenster_data, client
):
    page = html.unescape(html_of(client, "/tr/handlungsfelder/"))

    names = translations_of(muenster_data, "tr")["editions"][2025]["action_fields"]
    assert len(names) == 10
    for texts in names.values():
        assert texts["name"] in page
    assert "Wirtschaft und Arbeit" not in page


def test_the_german_pages_stay_german(muenster_shared, client):
    page = html.unescape(html_of(client, "/handlungsfelder/"))

    assert "Wirtschaft und Arbeit" in page
    assert "Economy and Employment" not in page


# Loading again


def test_loading_again_reports_every_translated_row_unchanged(
    muenster_shared, muenster_data
):
    _city, report = city_load(data=muenster_data)

    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0


def test_loading_again_in_another_language_changes_nothing(
    muenster_shared, muenster_data
):
    # Rows are found by their German keys (a central term by its German
    # wording) and the file's German goes into the German columns, whatever
    # language the command runs in.
    before = row_counts()

    with translation.override("ar"):
        _city, report = city_load(data=muenster_data)

    assert row_counts() == before
    assert sum(report.created.values()) == 0
    assert sum(report.updated.values()) == 0


def test_a_corrected_translation_of_the_adopted_edition_loads(
    muenster_shared, muenster_data
):
    edition = Edition.objects.get(year=2025)
    assert edition.status == Edition.Status.ADOPTED
    data = copy.deepcopy(muenster_data)
    parts = data["translations"]["en"]["editions"][2025]
    parts["summary"] = "A corrected summary."
    parts["sections"]["praeambel"]["title"] = "Preamble (corrected)"
    parts["action_fields"]["gesundheit-und-pflege"]["name"] = "Health and Nursing Care"

    _city, report = city_load(data=data)

    edition.refresh_from_db()
    assert edition.status == Edition.Status.ADOPTED
    assert edition.summary_en == "A corrected summary."
    assert edition.summary_de == edition_item(data, 2025)["summary"].strip()
    assert edition.sections.get(slug="praeambel").title_en == "Preamble (corrected)"
    field = edition.action_fields.get(slug="gesundheit-und-pflege")
    assert field.name_en == "Health and Nursing Care"
    assert field.name_de == "Gesundheit und Pflege"
    assert report.updated[str(Edition._meta.verbose_name_plural)] == 1
    assert report.updated[str(Section._meta.verbose_name_plural)] == 1
    assert report.updated[str(ActionField._meta.verbose_name_plural)] == 1


def test_a_new_translation_of_an_archived_edition_loads(muenster_shared, muenster_data):
    data = copy.deepcopy(muenster_data)
    data["translations"]["ru"]["editions"][2019] = {
        "action_fields": {"religion": {"name": "Религия"}}
    }

    city_load(data=data)

    field = ActionField.objects.get(edition__year=2019, slug="religion")
    assert field.edition.status == Edition.Status.ARCHIVED
    assert field.name_ru == "Религия"
    assert field.name_de == "Religion"


def test_loading_keeps_translations_staff_added(muenster_shared, muenster_data):
    field = ActionField.objects.get(edition__year=2025, slug="bildung-und-sprachen")
    ActionField.objects.filter(pk=field.pk).update(description_tr="Personelin metni.")

    city_load(data=muenster_data)

    field.refresh_from_db()
    assert field.description_tr == "Personelin metni."


# Mistakes in the section stop the load and say where


def mistake(data: dict, kind: str) -> None:
    parts = data["translations"]["tr"]
    if kind == "language":
        data["translations"]["fr"] = {"city": {"intro": "Bonjour."}}
    elif kind == "german":
        data["translations"]["de"] = {"city": {"intro": "Hallo."}}
    elif kind == "section":
        parts["editions"][2025]["sections"]["praembel"] = {"title": "Önsöz"}
    elif kind == "edition":
        parts["editions"][2031] = {"summary": "Yok."}
    elif kind == "phase":
        parts["processes"]["2023-2025"]["phases"][9] = {"title": "Yok"}
    elif kind == "field":
        parts["city"]["slug"] = "munster"
    elif kind == "part":
        parts["venues"] = {"vhs": {"name": "Halk Eğitim Merkezi"}}
    elif kind == "empty":
        parts["city"]["intro"] = ""
    elif kind == "no_german":
        fields = parts["editions"][2025]["action_fields"]
        fields["sport-und-freizeit"]["short_description"] = "Spor."
    elif kind == "not_a_mapping":
        parts["editions"] = ["2025"]


@pytest.mark.parametrize(
    ("kind", "code", "place"),
    [
        ("language", "translation_language", "translations → fr"),
        ("german", "translation_language", "translations → de"),
        (
            "section",
            "translation_unmatched",
            "translations → tr → editions → 2025 → sections → praembel",
        ),
        ("edition", "translation_unmatched", "translations → tr → editions → 2031"),
        (
            "phase",
            "translation_unmatched",
            "translations → tr → processes → 2023-2025 → phases → 9",
        ),
        ("field", "translation_field", "translations → tr → city → slug"),
        ("part", "translation_field", "translations → tr → venues"),
        ("empty", "translation_empty", "translations → tr → city → intro"),
        (
            "no_german",
            "translation_without_original",
            "translations → tr → editions → 2025 → action_fields → "
            "sport-und-freizeit → short_description",
        ),
        ("not_a_mapping", "translation_mapping", "translations → tr → editions"),
    ],
)
def test_a_mistake_in_the_translations_stops_the_load_and_names_its_place(
    muenster_shared, muenster_data, kind, code, place
):
    data = copy.deepcopy(muenster_data)
    mistake(data, kind)
    city = muenster_shared
    before = row_counts()

    with translation.override("en"), pytest.raises(ValidationError) as error:
        city_load(data=data)

    assert error.value.code == code
    assert f"The translations in the data file, at “{place}”" in error.value.messages[0]
    assert row_counts() == before
    city.refresh_from_db()
    assert (
        city.intro_tr == translations_of(muenster_data, "tr")["city"]["intro"].strip()
    )


def test_the_mistake_is_told_in_the_language_of_whoever_loads(
    muenster_shared, muenster_data
):
    data = copy.deepcopy(muenster_data)
    mistake(data, "language")

    with pytest.raises(ValidationError) as error:
        city_load(data=data)

    assert error.value.messages == [
        "Die Übersetzungen in der Datendatei, bei „translations → fr“: „fr“ ist "
        "keine der Sprachen des Portals neben Deutsch (en, tr, ar, uk, ru)."
    ]


def test_load_city_names_the_place_of_a_mistake(
    muenster_shared, muenster_data, tmp_path
):
    data = copy.deepcopy(muenster_data)
    mistake(data, "section")
    path = tmp_path / "city.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")

    with translation.override("en"), pytest.raises(CommandError) as error:
        call_command("load_city", str(path))

    assert "translations → tr → editions → 2025 → sections → praembel" in str(
        error.value
    )
