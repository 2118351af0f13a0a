"""The public pages in the reader's language: translated content where it
exists, German marked lang="de" with a note where it does not, and the note
that translations of an adopted edition are unofficial."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from handlungsfelder.models import ActionField, Goal
from leitbild.models import Edition
from tests.conftest import adopt, make_action_field, make_edition

NOTE = {
    "de": "Dieser Text ist nur auf Deutsch verfügbar.",
    "en": "This text is available in German only.",
    "tr": "Bu metin yalnızca Almanca olarak mevcuttur.",
    "ar": "هذا النص متوفر باللغة الألمانية فقط.",
}
UNOFFICIAL = {
    "en": "This is an unofficial translation.",
    "tr": "Bu, resmî olmayan bir çeviridir.",
    "ar": "هذه ترجمة غير رسمية.",
}
GERMAN = ' lang="de" dir="ltr"'


def without_language_links(html: str) -> str:
    """The page's text without its links to other language versions (of the
    page, of the PDF), which are marked with their own language."""
    return re.sub(r"<a [^>]*hreflang=[^>]*>.*?</a>", "", html, flags=re.S)


def page(client, path) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def build_edition(city, *, fields: int = 2, adopted: bool = True) -> Edition:
    """The 2025 edition in German: summary, a section, a term, action fields
    with a goal each."""
    edition = make_edition(city, summary="Gemeinsam in einer vielfältigen Stadt.")
    edition.sections.create(
        order=1, slug="praeambel", title="Präambel", body="Alle gehören dazu."
    )
    edition.terms.create(order=1, term="Teilhabe", definition="Dabei sein.")
    for number in range(fields):
        field = make_action_field(
            edition, short_description=f"Kurzbeschreibung {number + 1}"
        )
        field.goals.create(order=1, title=f"Ziel {number + 1}")
    return adopt(edition) if adopted else edition


def translate(obj, language: str, **values) -> None:
    """Staff add a translation: only that language's columns change."""
    for name, value in values.items():
        setattr(obj, f"{name}_{language}", value)
    obj.save()


def translate_edition(edition: Edition, language: str) -> None:
    summary = "Çeşitli bir şehirde birlikte."
    translate(edition, language, title="Leitbild (tr)", summary=summary)
    for section in edition.sections.all():
        translate(section, language, title="Önsöz", body="Herkes buraya aittir.")
    for term in edition.terms.all():
        translate(term, language, term="Katılım", definition="Dahil olmak.")
    for field in edition.action_fields.all():
        translate(field, language, name=f"Alan {field.order}", short_description="Kısa")
        for goal in field.goals.all():
            translate(goal, language, title=f"Hedef {field.order}")


def add_fields(edition: Edition, number: int) -> None:
    """More action fields with a goal each, in an adopted edition (which
    takes no new content: it is a draft for the while)."""
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.DRAFT)
    edition.refresh_from_db()
    # German: a request leaves its language active in the thread.
    with translation.override("de"):
        for _ in range(number):
            field = make_action_field(edition, short_description="Noch eins")
            field.goals.create(order=1, title="Weiteres Ziel")
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.ADOPTED)


# The edition's page


def test_an_adopted_edition_in_turkish_is_marked_as_an_unofficial_translation(
    client, city
):
    edition = build_edition(city)
    translate_edition(edition, "tr")

    main = page(client, "/tr/leitbild/2025/")

    assert "Çeşitli bir şehirde birlikte." in main
    assert UNOFFICIAL["tr"] in main
    binding = "Yalnızca belediye meclisinin kabul ettiği Almanca metin bağlayıcıdır."
    assert binding in main
    assert (
        '<a href="/leitbild/2025/" lang="de" hreflang="de" dir="ltr">'
        "Deutsche Fassung dieser Seite</a>"
    ) in main
    # Everything is translated: no German passage, no German-only note.
    assert NOTE["tr"] not in main
    assert GERMAN not in without_language_links(main)


def test_the_german_page_of_an_adopted_edition_has_no_translation_note(client, city):
    edition = build_edition(city)
    translate_edition(edition, "tr")

    main = page(client, "/leitbild/2025/")

    assert "Gemeinsam in einer vielfältigen Stadt." in main
    assert "nicht amtliche Übersetzung" not in main
    assert NOTE["de"] not in main
    assert " lang=" not in without_language_links(main)


def test_a_draft_in_another_language_is_not_called_an_unofficial_translation(
    client, city
):
    build_edition(city, adopted=False)

    main = page(client, "/en/leitbild/2025/")

    assert UNOFFICIAL["en"] not in main
    assert "may lag behind" not in main


def test_a_translated_draft_says_its_translation_may_lag_behind(client, city):
    edition = build_edition(city, adopted=False)
    translate(edition, "en", summary="Together in a diverse city.")

    main = page(client, "/en/leitbild/2025/")

    assert "This translation of a draft may lag behind the German text." in main
    assert UNOFFICIAL["en"] not in main


def test_untranslated_text_is_shown_in_german_marked_and_noted_on_arabic_pages(
    client, city
):
    edition = build_edition(city)
    # Only the summary has an Arabic translation.
    translate(edition, "ar", summary="معًا في مدينة متنوعة.")

    main = page(client, "/ar/leitbild/2025/")

    assert "معًا في مدينة متنوعة." in main
    assert f'<h2 id="praeambel"><span{GERMAN}>Präambel</span></h2>' in main
    assert f"<div{GERMAN}><p>Alle gehören dazu.</p>" in main
    assert f"<dt{GERMAN}>Teilhabe</dt>" in main
    assert f'"{GERMAN}>Handlungsfeld 1</a>' in main
    assert f'"{GERMAN}>Ziel 1</a>' in main
    # The translated summary is not marked; the note is said once.
    assert "<div><p>معًا في مدينة متنوعة.</p>" in main
    assert main.count(NOTE["ar"]) == 1
    assert UNOFFICIAL["ar"] in main


def test_the_german_only_note_shows_only_when_a_text_falls_back(client, city):
    edition = build_edition(city)
    translate_edition(edition, "tr")
    assert NOTE["tr"] not in page(client, "/tr/leitbild/2025/")

    section = edition.sections.get()
    section.title_tr = ""
    section.save()

    main = page(client, "/tr/leitbild/2025/")
    assert NOTE["tr"] in main
    assert f'<h2 id="praeambel"><span{GERMAN}>Präambel</span></h2>' in main


def test_the_edition_page_asks_no_more_queries_for_more_action_fields(
    client, city, django_assert_num_queries
):
    build_edition(city, fields=2)
    page(client, "/ar/impressum/")  # the city is cached from now on
    with CaptureQueriesContext(connection) as few:
        page(client, "/ar/leitbild/2025/")
    count = len(few)
    add_fields(Edition.objects.get(), 8)

    with django_assert_num_queries(count):
        main = page(client, "/ar/leitbild/2025/")
    assert main.count(f'"{GERMAN}>Handlungsfeld') == 10


# Sections, action fields, goals


def test_the_section_page_of_an_adopted_edition_in_english(client, city):
    edition = build_edition(city)
    translate(edition.sections.get(), "en", title="Preamble")

    main = page(client, "/en/leitbild/2025/abschnitte/praeambel/")

    assert "<h1>Preamble</h1>" in main
    # The body is German only.
    assert f'id="abschnitt-text"{GERMAN}' in main
    assert NOTE["en"] in main
    assert UNOFFICIAL["en"] in main
    assert 'href="/leitbild/2025/abschnitte/praeambel/" lang="de"' in main


def test_the_action_field_page_marks_its_german_goals(client, city):
    edition = build_edition(city, fields=1)
    field = edition.action_fields.get()
    translate(field, "tr", name="Eğitim", short_description="Herkes için eğitim.")

    main = page(client, f"/tr/leitbild/2025/handlungsfelder/{field.slug}/")

    assert "<h1>Eğitim</h1>" in main
    assert "Herkes için eğitim." in main
    assert f'"{GERMAN}>Ziel 1</a>' in main
    assert main.count(NOTE["tr"]) == 1  # for the goals, not the field
    assert UNOFFICIAL["tr"] in main


def test_the_goal_page_in_arabic(client, city):
    edition = build_edition(city, fields=1)
    field = edition.action_fields.get()
    goal = field.goals.get()

    path = f"/ar/leitbild/2025/handlungsfelder/{field.slug}/ziele/{goal.pk}/"
    main = page(client, path)

    assert f"<h1><span{GERMAN}>Ziel 1</span></h1>" in main
    assert NOTE["ar"] in main
    assert UNOFFICIAL["ar"] in main


def test_the_action_field_list_asks_no_more_queries_for_more_fields(
    client, city, django_assert_num_queries
):
    edition = build_edition(city, fields=2)
    page(client, "/uk/impressum/")  # the city is cached from now on
    with CaptureQueriesContext(connection) as few:
        main = page(client, "/uk/handlungsfelder/")
    assert main.count(f'"{GERMAN}>Handlungsfeld') == 2
    add_fields(edition, 8)

    with django_assert_num_queries(len(few)):
        main = page(client, "/uk/handlungsfelder/")
    assert main.count(f'"{GERMAN}>Handlungsfeld') == 10
    assert main.count('class="translation-note') == 1


def test_the_action_field_list_shows_translations_without_a_note(client, city):
    edition = build_edition(city, fields=2)
    translate_edition(edition, "tr")
    for field in edition.action_fields.all():
        translate(field, "tr", short_description=f"Özet {field.order}")

    main = page(client, "/tr/handlungsfelder/")

    assert '">Alan 1</a>' in main and "Özet 2" in main
    assert NOTE["tr"] not in main
    assert GERMAN not in main
    assert UNOFFICIAL["tr"] in main


def test_the_implementation_page_marks_german_field_names(client, city):
    edition = build_edition(city, fields=2, adopted=False)
    for goal in Goal.objects.all():
        goal.measures.create(order=1, title="Maßnahme")
    adopt(edition)
    first = edition.action_fields.order_by("order").first()
    translate(first, "tr", name="Eğitim")

    main = page(client, "/tr/handlungsfelder/umsetzung/")

    assert '">Eğitim</a>' in main
    assert f'"{GERMAN}>Handlungsfeld 2</a>' in main
    # In the chart too: the label of the German name carries its language.
    assert re.search(r'<text [^>]* lang="de">Handlungsfeld 2</text>', main)
    assert not re.search(r'lang="de">Eğitim</text>', main)
    assert NOTE["tr"] in main
    assert UNOFFICIAL["tr"] in main


# The comparison compares the German texts


def test_the_comparison_shows_the_german_texts_marked_as_german(client, city):
    old = build_edition(city, fields=1)
    new = make_edition(
        city, number=2, year=2030, period_start=2030, period_end=2035, title="Leitbild"
    )
    new.sections.create(
        order=1, slug="praeambel", title="Präambel", body="Alle gehören dazu, immer."
    )
    # A translation of one edition only: the comparison must not set it
    # against the other edition's German.
    translate(old.sections.get(), "en", title="Preamble", body="Everyone belongs.")

    main = page(client, "/en/leitbild/vergleich/?von=2025&zu=2030")

    assert f'class="h5"{GERMAN}>Präambel</h4>' in main
    assert f'<div class="diff-text"{GERMAN}>' in main
    assert "Everyone" not in main
    assert "<ins>immer</ins>" in main or "immer" in main
    assert "The comparison shows the original German texts." in main
    german = page(client, "/leitbild/vergleich/?von=2025&zu=2030")
    assert GERMAN not in german


# The home page, the header, the legal pages


def test_the_home_page_shows_the_city_texts_translated_or_marked(client, city):
    city.intro = "Willkommen im Portal."
    city.leitbild_title_tr = "Göç ve Uyum Misyon Belgesi"
    city.save()

    main = page(client, "/tr/")
    html = client.get("/tr/").content.decode()

    assert "<h1>Göç ve Uyum Misyon Belgesi</h1>" in main
    assert f'<div class="prose lead-text"{GERMAN}><p>Willkommen im Portal.</p>' in main
    assert NOTE["tr"] in main
    # The portal's name and authority in the header are German, marked so.
    assert f"<span{GERMAN}>Leitbildportal Beispielstadt</span>" in html


def test_the_home_page_in_german_marks_nothing(client, city):
    city.intro = "Willkommen im Portal."
    city.save()

    html = client.get("/").content.decode()

    assert html.count(GERMAN) == 1  # <html lang="de" dir="ltr">
    assert NOTE["de"] not in html


@pytest.mark.parametrize("path", ["/impressum/", "/datenschutz/", "/barrierefreiheit/"])
def test_a_legal_page_without_translation_is_german_and_says_so(client, city, path):
    City = type(city)
    City.objects.filter(pk=city.pk).update(
        imprint_de="Angaben gemäß § 5 DDG.",
        privacy_de="Wir schützen Ihre Daten.",
        accessibility_de="Wir arbeiten an der Barrierefreiheit.",
    )

    main = page(client, f"/ru{path}")

    assert f'<div class="prose"{GERMAN}>' in main
    assert NOTE.get("ru", "Этот текст доступен только на немецком языке.") in main


def test_a_translated_legal_page_has_no_note(client, city):
    city.imprint = "Angaben gemäß § 5 DDG."
    city.imprint_en = "Information pursuant to § 5 DDG."
    city.save()

    main = page(client, "/en/impressum/")

    assert "Information pursuant to § 5 DDG." in main
    assert NOTE["en"] not in main
    assert GERMAN not in main


def test_the_page_title_and_description_are_translated(client, city):
    edition = build_edition(city)
    translate_edition(edition, "tr")

    html = client.get("/tr/leitbild/2025/").content.decode()

    assert "<title>Leitbild (tr) 2025–2030" in html
    assert '<meta name="description" content="Çeşitli bir şehirde birlikte.">' in html


def test_action_field_names_of_another_language_do_not_leak_into_german(client, city):
    edition = build_edition(city, fields=1)
    translate(edition.action_fields.get(), "tr", name="Eğitim")

    main = page(client, "/handlungsfelder/")

    assert "Eğitim" not in main
    assert ActionField.objects.get().name == "Handlungsfeld 1"
