"""Which language a translated text is shown in, and the template tags that
mark German passages and say so (core.content_language,
core.templatetags.languages)."""

from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from core.content_language import (
    falls_back,
    shown_language,
    values_columns,
    values_language,
)
from events.models import Phase
from handlungsfelder.models import ActionField
from tests.conftest import adopt, make_action_field, make_edition, make_process

NOTE = "This text is available in German only."
UNOFFICIAL = "This is an unofficial translation."


def render(source: str, path: str = "/", **context) -> str:
    request = RequestFactory().get(path)
    template = Template("{% load languages %}" + source)
    return template.render(Context({"request": request, **context}))


def test_shown_language_is_the_page_language_where_a_translation_exists(city):
    city.intro_tr = "Hoş geldiniz."
    with translation.override("tr"):
        assert shown_language(city, "intro") == "tr"
        assert not falls_back(city, "intro")


def test_shown_language_is_german_where_the_translation_is_missing(city):
    city.intro = "Willkommen."
    with translation.override("ar"):
        assert city.intro == "Willkommen."
        assert shown_language(city, "intro") == "de"
        assert falls_back(city, "intro")


def test_an_empty_translation_counts_as_missing_like_modeltranslation_does(city):
    city.intro = "Willkommen."
    city.intro_uk = ""
    with translation.override("uk"):
        assert city.intro == "Willkommen."
        assert shown_language(city, "intro") == "de"


def test_a_text_empty_in_every_language_is_in_none(city):
    city.intro = ""
    with translation.override("ru"):
        assert shown_language(city, "intro") is None
        assert not falls_back(city, "intro")


def test_german_is_no_fallback_on_a_german_page(city):
    assert shown_language(city, "portal_name") == "de"
    assert not falls_back(city, "portal_name")


def test_an_untranslated_field_or_a_plain_value_has_no_language(city):
    assert shown_language(city, "name") is None
    assert shown_language("a string", "title") is None
    assert shown_language(None, "title") is None


def test_shown_language_asks_the_database_nothing(city):
    city = type(city).objects.get(pk=city.pk)
    with CaptureQueriesContext(connection) as queries, translation.override("tr"):
        shown_language(city, "leitbild_title")
    assert len(queries) == 0


def test_values_language_tells_the_language_of_a_values_row(city):
    edition = make_edition(city)
    make_action_field(edition, name="Bildung", slug="bildung")
    field = make_action_field(edition, name="Wohnen", slug="wohnen")
    field.name_tr = "Konut"
    field.save()
    with translation.override("tr"):
        rows = ActionField.objects.order_by("order").values(
            "name", *values_columns(ActionField, "name")
        )
        assert [values_language(ActionField, row, "name") for row in rows] == [
            "de",
            "tr",
        ]


def test_lang_attr_marks_a_german_passage_on_a_page_in_another_language(city):
    with translation.override("ar"):
        html = render('<h1{% lang_attr city "leitbild_title" %}>', city=city)
    assert html == '<h1 lang="de" dir="ltr">'


def test_lang_attr_prints_nothing_where_the_translation_is_shown(city):
    city.leitbild_title_ar = "الرؤية التوجيهية"
    with translation.override("ar"):
        html = render('<h1{% lang_attr city "leitbild_title" %}>', city=city)
    assert html == "<h1>"


def test_lang_attr_prints_nothing_on_a_german_page(city):
    assert render('<h1{% lang_attr city "leitbild_title" %}>', city=city) == "<h1>"


def test_lang_attr_with_a_language_code(city):
    with translation.override("tr"):
        assert render('<p{% lang_attr "de" %}>') == '<p lang="de" dir="ltr">'
        assert render('<p{% lang_attr "tr" %}>') == "<p>"
        assert render('<p{% lang_attr "" %}>') == "<p>"
    with translation.override("de"):
        assert render('<p{% lang_attr "ar" %}>') == '<p lang="ar" dir="rtl">'


def test_the_german_only_note_shows_only_where_a_text_falls_back(city):
    city.intro = "Willkommen."
    city.intro_en = "Welcome."
    source = '{% german_only_note city "intro" %}'
    with translation.override("en"):
        assert NOTE not in render(source, city=city)
        both = '{% german_only_note city "intro" "portal_name" %}'
        assert NOTE in render(both, city=city)
    with translation.override("de"):
        german = '{% german_only_note city "portal_name" %}'
        assert NOTE not in render(german, city=city)


def test_the_german_only_note_takes_lists_of_objects_and_shows_once(city):
    process = make_process(city)
    phases = [
        Phase(process=process, number=1, title="Auftakt", title_tr="Başlangıç"),
        Phase(process=process, number=2, title="Werkstätten"),
        Phase(process=process, number=3, title="Beschluss"),
    ]
    source = '{% german_only_note city "portal_name" phases "title" %}'
    city.portal_name_tr = "Portal"
    note = 'class="translation-note'
    with translation.override("tr"):
        assert render(source, city=city, phases=phases).count(note) == 1
        assert note not in render(source, city=city, phases=phases[:1])
        assert note not in render(source, city=city, phases=[])


def test_the_german_only_note_is_in_the_page_language(city):
    city.intro = "Willkommen."
    with translation.override("tr"):
        html = render('{% german_only_note city "intro" %}', city=city)
    assert "Bu metin yalnızca Almanca olarak mevcuttur." in html


def test_the_unofficial_note_shows_for_an_adopted_edition_in_another_language(city):
    edition = adopt(make_edition(city))
    source = "{% unofficial_translation_note edition %}"
    with translation.override("en"):
        html = render(source, "/en/leitbild/2025/", edition=edition)
    assert UNOFFICIAL in html
    assert '<a href="/leitbild/2025/" lang="de" hreflang="de" dir="ltr">' in html
    assert "Deutsche Fassung dieser Seite" in html
    assert UNOFFICIAL not in render(source, "/leitbild/2025/", edition=edition)


def test_the_unofficial_note_shows_for_an_archived_edition_not_a_draft(city):
    edition = make_edition(city)
    source = "{% unofficial_translation_note edition %}"
    with translation.override("en"):
        assert UNOFFICIAL not in render(source, "/en/leitbild/2025/", edition=edition)
        edition.status = edition.Status.ARCHIVED
        assert UNOFFICIAL in render(source, "/en/leitbild/2025/", edition=edition)


def test_a_translated_draft_says_its_translation_may_lag_behind(city):
    edition = make_edition(city, summary="Entwurf.")
    source = "{% unofficial_translation_note edition %}"
    lag = "This translation of a draft may lag behind the German text."
    with translation.override("en"):
        assert lag not in render(source, edition=edition)
        edition.summary_en = "Draft."
        assert lag in render(source, edition=edition)
    assert lag not in render(source, edition=edition)


def test_lang_text_wraps_only_a_text_in_another_language(city):
    city.portal_name = "Portal <Stadt>"
    source = '{% lang_text city "portal_name" %}'
    assert render(source, city=city) == "Portal &lt;Stadt&gt;"
    with translation.override("ar"):
        assert render(source, city=city) == (
            '<span lang="de" dir="ltr">Portal &lt;Stadt&gt;</span>'
        )
        city.portal_name_ar = "البوابة"
        assert render(source, city=city) == "البوابة"


def test_lang_text_with_a_known_language():
    source = "{% lang_text title language=language %}"
    with translation.override("tr"):
        assert render(source, title="Auftakt", language="de") == (
            '<span lang="de" dir="ltr">Auftakt</span>'
        )
        assert render(source, title="Başlangıç", language="") == "Başlangıç"
