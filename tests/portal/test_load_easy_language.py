"""The texts in Leichte Sprache of data/muenster.yaml (its `leichte_sprache:`
section) and how the loader puts them into the database; their sitemap;
the admin's fields for them.

Münster is loaded once for the module (`muenster_shared`); each test runs in
its own savepoint, so loading again or editing here is undone.
"""

import copy
import re
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.models import City
from handlungsfelder.models import ActionField
from leitbild.models import Edition, Section
from portal.services import city_load


def easy_texts(data: dict) -> list[tuple[str, str]]:
    """Every text in Leichte Sprache of the file, with where it is."""
    entry = data["leichte_sprache"]
    texts = [("home", entry["home"]), ("participation", entry["participation"])]
    for year, parts in entry["editions"].items():
        for key in ("sections", "action_fields"):
            texts += [
                (f"{year}.{key}.{slug}", text) for slug, text in parts[key].items()
            ]
    return texts


def sentences(text: str) -> list[str]:
    """The sentences of a Markdown text: headings and list items count as
    one each."""
    plain = re.sub(r"^\s*(#+|-|\d+\.)\s+", "", text, flags=re.MULTILINE)
    plain = plain.replace("**", "")
    return [
        sentence.strip()
        for line in plain.split("\n\n")
        for sentence in re.split(r"(?<=[.?!])\s+", " ".join(line.split()))
        if sentence.strip()
    ]


# The shipped file


def test_the_file_has_leichte_sprache_for_every_section_and_field_of_2025(
    muenster_data,
):
    (edition,) = [item for item in muenster_data["editions"] if item["year"] == 2025]
    easy = muenster_data["leichte_sprache"]["editions"][2025]

    assert set(easy["sections"]) == {item["slug"] for item in edition["sections"]}
    assert set(easy["action_fields"]) == {
        item["slug"] for item in edition["action_fields"]
    }
    assert len(easy["action_fields"]) == 10
    for where, text in easy_texts(muenster_data):
        assert len(sentences(text)) >= 4, where


def test_the_leichte_sprache_section_is_the_file_s_own(muenster_data):
    assert set(muenster_data["leichte_sprache"]) == {
        "home",
        "participation",
        "editions",
    }


def test_the_shipped_texts_keep_the_rules_of_leichte_sprache(muenster_data):
    """Short sentences, numbers as digits, no abbreviations, "Sie"."""
    number_words = (
        r"\b(zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|hundert)\b"
    )
    abbreviations = (
        r"\b(z\. ?B|bzw|usw|ca|ggf|evtl|d\. ?h|u\. ?a|HF|MLB|KI|VHS|Nr)\b\.?|%"
    )
    problems = []
    for where, text in easy_texts(muenster_data):
        # On the whole text: "z. B." would split into two sentences.
        if found := re.search(abbreviations, text):
            problems.append(f"{where}: abbreviation: {found[0]}")
        for sentence in sentences(text):
            if len(sentence.split()) > 16:
                problems.append(f"{where}: long: {sentence}")
            if re.search(number_words, sentence, flags=re.IGNORECASE):
                problems.append(f"{where}: number in words: {sentence}")
            if re.search(r"\b(du|dein|deine|euch|ihr)\b", sentence):
                problems.append(f"{where}: not addressed as Sie: {sentence}")
    assert not problems, "\n".join(problems)


# The loader


def test_loading_puts_the_texts_into_the_city_sections_and_fields(muenster_shared):
    city = City.objects.get(pk=muenster_shared.pk)
    edition = Edition.objects.get(city=city, year=2025)

    assert city.easy_home.startswith("# Worum geht es auf dieser Internet-Seite?")
    assert "Sie können auf 2 Arten mitmachen:" in city.easy_participation
    assert not city.easy_home.endswith("\n")
    assert Section.objects.get(
        edition=edition, slug="praeambel"
    ).easy_language.startswith("Eine Präambel ist der Anfang von einem Text.")
    assert all(section.easy_language for section in edition.sections.all())
    fields = ActionField.objects.filter(edition=edition)
    assert fields.count() == 10
    assert all(field.easy_language for field in fields)
    # Earlier editions have none.
    assert not Section.objects.filter(edition__year=2008).exclude(easy_language="")


def test_loading_changed_texts_updates_an_adopted_edition(
    muenster_shared, muenster_data
):
    data = copy.deepcopy(muenster_data)
    easy = data["leichte_sprache"]
    easy["home"] = "Ein neuer Text.\n"
    easy["editions"][2025]["sections"]["grundhaltung"] = "Ein Satz.\n"
    easy["editions"][2025]["action_fields"]["sport-und-freizeit"] = "Sport.\n"

    city, report = city_load(data=data)

    edition = Edition.objects.get(city=city, year=2025)
    assert edition.status == Edition.Status.ADOPTED
    assert city.easy_home == "Ein neuer Text."
    assert City.objects.get(pk=city.pk).easy_home == "Ein neuer Text."
    assert edition.sections.get(slug="grundhaltung").easy_language == "Ein Satz."
    assert ActionField.objects.get(
        edition=edition, slug="sport-und-freizeit"
    ).easy_language == ("Sport.")
    assert report.updated[str(Section._meta.verbose_name_plural)] == 1
    assert report.updated[str(ActionField._meta.verbose_name_plural)] == 1


def test_loading_again_leaves_the_texts_unchanged(muenster_shared, muenster_data):
    _city, report = city_load(data=muenster_data)

    for model in (City, Section, ActionField):
        assert report.updated[str(model._meta.verbose_name_plural)] == 0, model


def test_a_file_without_leichte_sprache_keeps_the_stored_texts(
    muenster_shared, muenster_data
):
    data = copy.deepcopy(muenster_data)
    del data["leichte_sprache"]

    city, _report = city_load(data=data)

    assert city.easy_home.startswith("# Worum geht es")


@pytest.mark.parametrize(
    ("change", "key", "where"),
    [
        (lambda easy: easy.update(startseite="Text"), "startseite", "leichte_sprache"),
        (
            lambda easy: easy["editions"].update({2031: {}}),
            "2031",
            "leichte_sprache.editions",
        ),
        (
            lambda easy: easy["editions"][2025].update(terms={}),
            "terms",
            "leichte_sprache.editions.2025",
        ),
        (
            lambda easy: easy["editions"][2025]["sections"].update(vorwort="Text"),
            "vorwort",
            "leichte_sprache.editions.2025.sections",
        ),
        (
            # A field of 2019 alone is no field of 2025.
            lambda easy: easy["editions"][2025]["action_fields"].update(religion="X"),
            "religion",
            "leichte_sprache.editions.2025.action_fields",
        ),
    ],
)
def test_loading_rejects_an_unknown_key_and_changes_nothing(
    muenster_shared, muenster_data, change, key, where
):
    data = copy.deepcopy(muenster_data)
    data["leichte_sprache"]["home"] = "Nicht geladen."
    change(data["leichte_sprache"])

    with pytest.raises(ValidationError) as caught:
        city_load(data=data)

    (error,) = caught.value.error_list
    assert error.code == "unknown_key"
    assert str(error.params["key"]) == key
    assert error.params["where"] == where
    assert f"{key}“ in {where} " in caught.value.messages[0]
    assert City.objects.get(pk=muenster_shared.pk).easy_home.startswith("# Worum")


def test_loading_rejects_a_list_where_a_mapping_belongs(muenster_shared, muenster_data):
    data = copy.deepcopy(muenster_data)
    data["leichte_sprache"]["editions"][2025]["sections"] = ["praeambel"]

    with pytest.raises(ValidationError) as caught:
        city_load(data=data)

    assert caught.value.error_list[0].code == "not_a_mapping"


# The sitemap


def sitemap_locations(client) -> list[str]:
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    tree = ElementTree.fromstring(response.content)
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return [loc.text for loc in tree.findall("s:url/s:loc", namespace)]


def test_the_sitemap_lists_each_easy_page_once_without_language_versions(
    muenster_shared, client
):
    locations = sitemap_locations(client)
    easy = [url for url in locations if "/leichte-sprache/" in url]
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    expected = [
        reverse("easy:home"),
        reverse("easy:leitbild"),
        reverse("easy:action_fields"),
        *(
            reverse("easy:action_field", kwargs={"slug": slug})
            for slug in ActionField.objects.filter(edition=edition).values_list(
                "slug", flat=True
            )
        ),
        reverse("easy:participation"),
    ]

    assert sorted(url.split("://", 1)[1].split("/", 1)[1] for url in easy) == sorted(
        path.lstrip("/") for path in expected
    )
    assert len(easy) == 14
    assert not [url for url in easy if re.search(r"/(en|tr|ar|uk|ru)/leichte", url)]


# The admin


def test_the_city_admin_has_a_leichte_sprache_fieldset(muenster_shared, admin_client):
    url = reverse("admin:core_city_change", args=[muenster_shared.pk])
    html = admin_client.get(url).content.decode()

    assert 'name="easy_home"' in html
    assert 'name="easy_participation"' in html
    assert "Worum geht es auf dieser Internet-Seite?" in html


def test_the_edition_and_field_admin_edit_leichte_sprache(
    muenster_shared, admin_client
):
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    field = ActionField.objects.get(edition=edition, slug="gesundheit-und-pflege")

    edition_html = admin_client.get(
        reverse("admin:leitbild_edition_change", args=[edition.pk])
    ).content.decode()
    field_html = admin_client.get(
        reverse("admin:handlungsfelder_actionfield_change", args=[field.pk])
    ).content.decode()

    assert 'name="sections-0-easy_language"' in edition_html
    assert "Eine Präambel ist der Anfang von einem Text." in edition_html
    assert 'name="easy_language"' in field_html
    assert "Pflege bedeutet:" in field_html
