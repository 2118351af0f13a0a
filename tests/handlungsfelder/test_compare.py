"""Comparing two editions: the word diff, the pairing of sections, what
became of the action fields, and the page /leitbild/vergleich/.

Münster is loaded once for the module (`muenster_shared`). Its 2019 edition
has action fields but no sections; the 2025 edition continues five of the
2019 fields (two under the same name, three renamed) and adds five. Cases
the shipped data lacks (merged, split, dropped fields, changed wording) are
built as a draft edition of 2030.
"""

from xml.etree import ElementTree

import pytest
from django.core.cache import cache
from django.db import connection
from django.db.models import prefetch_related_objects
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from handlungsfelder.compare import (
    COMPARISON_PREFETCH,
    compare_editions,
    compare_texts,
    pair_sections,
)
from handlungsfelder.forms import EditionCompareForm
from handlungsfelder.models import ActionField
from leitbild.models import Edition, Section
from tests.conftest import get, make_action_field, make_city, make_edition

# The word diff


def test_compare_texts_marks_added_and_removed_words():
    result = compare_texts(
        "Integration ist eine Aufgabe der Verwaltung.",
        "Integration ist eine gemeinsame Aufgabe der ganzen Stadtgesellschaft.",
    )

    inserted = [s.text for s in result.segments if s.kind == "insert"]
    deleted = [s.text for s in result.segments if s.kind == "delete"]
    assert inserted == ["gemeinsame", "ganzen Stadtgesellschaft"]
    assert deleted == ["Verwaltung"]
    assert result.words_added == 3
    assert result.words_removed == 1


def test_compare_texts_keeps_every_word_of_both_texts():
    old = "Erstens.\n\nZweitens, mit Komma; drittens. Schluss"
    new = "Null.\n\nErstens.\n\nZweitens ohne Komma; viertens!\nSchluss"

    result = compare_texts(old, new)

    def words(kinds):
        return "".join(s.text for s in result.segments if s.kind in kinds).split()

    # Spacing shows as in the new text; every word is kept.
    assert words({"equal", "insert"}) == new.split()
    assert words({"equal", "delete"}) == old.split()


def test_compare_texts_joins_a_reworded_phrase_into_one_change():
    result = compare_texts("wir fördern die Teilhabe", "wir stärken alle Menschen")

    assert [(s.kind, s.text) for s in result.segments] == [
        ("equal", "wir "),
        ("delete", "fördern die Teilhabe"),
        ("insert", "stärken alle Menschen"),
    ]


def test_compare_texts_of_equal_texts_has_no_change():
    result = compare_texts("Gleicher Text.", "Gleicher Text.")

    assert not result.changed
    assert (result.words_added, result.words_removed) == (0, 0)
    assert str(result.html) == "Gleicher Text."


def test_compare_texts_ignores_rewrapped_lines():
    result = compare_texts(
        "Ein langer\nSatz, umbrochen.", "Ein langer Satz,\numbrochen."
    )

    assert not result.changed


def test_compare_texts_sees_a_change_of_punctuation():
    result = compare_texts("Wir handeln.", "Wir handeln!")

    assert result.changed
    assert (result.words_added, result.words_removed) == (0, 0)


def test_diff_html_escapes_section_text():
    result = compare_texts(
        "Sicher <b>fett</b>.",
        "Sicher <b>fett</b>. <script>alert('x')</script> & <img src=x>",
    )

    html = str(result.html)
    assert "<script>" not in html
    assert "<img" not in html
    assert "<b>" not in html
    assert "&lt;b&gt;fett&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &lt;img" in html


def test_diff_html_escapes_removed_text():
    html = str(compare_texts("<i onclick=x>weg</i> bleibt", "bleibt").html)

    assert "<i " not in html
    assert "&lt;i onclick=x&gt;weg&lt;/i&gt;" in html


def test_diff_html_announces_each_change_to_screen_readers():
    with translation.override("en"):
        html = str(compare_texts("alt bleibt", "neu bleibt").html)

    assert html == (
        '<del><span class="visually-hidden">[removed] </span>alt'
        '<span class="visually-hidden"> [end of removal]</span></del>'
        '<ins><span class="visually-hidden">[added] </span>neu'
        '<span class="visually-hidden"> [end of addition]</span></ins>'
        " bleibt"
    )


def test_diff_html_is_well_formed():
    html = str(compare_texts("a <b> c & d", "a x </i> c d e").html)

    ElementTree.fromstring(f"<div>{html}</div>")


# Pairing sections (unsaved sections: no database)


def section(slug, kind=Section.Kind.OTHER, title="", body=""):
    return Section(slug=slug, kind=kind, title=title or slug.title(), body=body)


def test_sections_pair_by_slug_then_kind_then_title():
    old = [
        section("praeambel", Section.Kind.PREAMBLE),
        section("grundsaetze", Section.Kind.PRINCIPLES),
        section("ausblick", title="Ausblick"),
        section("anhang"),
    ]
    new = [
        section("praeambel", Section.Kind.OTHER),
        section("grundhaltung", Section.Kind.PRINCIPLES),
        section("perspektiven", title="ausblick "),
        section("neu"),
    ]

    rows = [
        (o.slug if o else None, n.slug if n else None, how)
        for o, n, how in pair_sections(old, new)
    ]

    assert rows == [
        ("praeambel", "praeambel", "slug"),
        ("grundsaetze", "grundhaltung", "kind"),
        ("ausblick", "perspektiven", "title"),
        ("anhang", None, ""),
        (None, "neu", ""),
    ]


def test_sections_do_not_pair_by_a_kind_that_is_ambiguous():
    old = [
        section("a", Section.Kind.GOALS),
        section("b", Section.Kind.GOALS),
    ]
    new = [section("c", Section.Kind.GOALS)]

    rows = [(o and o.slug, n and n.slug) for o, n, _how in pair_sections(old, new)]

    # Sections with nothing paired before them come first.
    assert rows == [("a", None), ("b", None), (None, "c")]


def test_removed_section_stays_where_it_was():
    old = [section("eins"), section("zwei"), section("drei")]
    new = [section("drei"), section("eins")]

    rows = [(o and o.slug, n and n.slug) for o, n, _how in pair_sections(old, new)]

    assert rows == [("drei", "drei"), ("eins", "eins"), ("zwei", None)]


# Editions: the shipped data


def edition(city, year) -> Edition:
    edition = Edition.objects.get(city=city, year=year)
    prefetch_related_objects([edition], *COMPARISON_PREFETCH)
    return edition


def names(fields) -> set[str]:
    return {field.name for field in fields}


def pairs(items) -> set[tuple[str, str]]:
    return {(item.old.name, item.new.name) for item in items}


def test_2019_to_2025_sorts_the_action_fields_by_their_links(muenster_shared):
    comparison = compare_editions(
        edition(muenster_shared, 2019), edition(muenster_shared, 2025)
    )

    assert pairs(comparison.fields_renamed) == {
        (
            "(Politische) Partizipation und zivilgesellschaftliches Engagement",
            "Politische Partizipation und zivilgesellschaftliches Engagement",
        ),
        ("Religion", "Kultur und Religion"),
        ("Freizeit", "Sport und Freizeit"),
    }
    assert pairs(comparison.fields_unchanged) == {
        ("Bildung und Sprachen", "Bildung und Sprachen"),
        (
            "Interkulturelle Öffnung der öffentlichen Verwaltungen",
            "Interkulturelle Öffnung der öffentlichen Verwaltungen",
        ),
    }
    assert names(comparison.fields_added) == {
        "Wirtschaft und Arbeit",
        "Rechtliche Beratung und Integrationsbegleitung",
        "Kinder- und Jugendhilfe, soziale Leistungen und Dienste",
        "Wohnen und sozialräumliche Stadtentwicklung",
        "Gesundheit und Pflege",
    }
    assert comparison.fields_dropped == ()
    assert comparison.fields_merged == ()
    assert comparison.fields_split == ()


def test_2019_to_2025_adds_every_section(muenster_shared):
    comparison = compare_editions(
        edition(muenster_shared, 2019), edition(muenster_shared, 2025)
    )

    assert [(c.status, c.new.slug) for c in comparison.sections] == [
        ("added", "praeambel"),
        ("added", "grundhaltung"),
        ("added", "zentrale-begriffe"),
    ]
    assert comparison.sections[1].diff.words_added > 10


def test_2008_to_2025_pairs_sections_by_slug_and_kind(muenster_shared):
    comparison = compare_editions(
        edition(muenster_shared, 2008), edition(muenster_shared, 2025)
    )

    rows = [
        (c.old and c.old.slug, c.new and c.new.slug, c.paired_by)
        for c in comparison.sections
    ]
    # 2025 puts its terms last; the 2008 section that followed the terms
    # (Integrationsverständnis) follows them here too.
    assert rows == [
        ("praeambel", "praeambel", "slug"),
        ("grundsaetze", "grundhaltung", "kind"),
        ("erfolgsfaktoren", None, ""),
        ("integrationsleitziele", None, ""),
        ("begriffsklaerung", "zentrale-begriffe", "kind"),
        ("integrationsverstaendnis", None, ""),
    ]


def test_comparing_backwards_swaps_added_and_dropped(muenster_shared):
    comparison = compare_editions(
        edition(muenster_shared, 2025), edition(muenster_shared, 2019)
    )

    assert "Wirtschaft und Arbeit" in names(comparison.fields_dropped)
    assert comparison.fields_added == ()
    assert ("Freizeit", "Sport und Freizeit") not in pairs(comparison.fields_renamed)
    assert ("Sport und Freizeit", "Freizeit") in pairs(comparison.fields_renamed)


# Editions: built cases


def field_2025(slug) -> ActionField:
    return ActionField.objects.get(edition__year=2025, slug=slug)


@pytest.fixture
def edition_2030(muenster_shared) -> Edition:
    """A draft fifth edition that merges, splits, keeps and drops fields of
    2025 and rewords one section."""
    new = make_edition(
        muenster_shared, number=5, year=2030, period_start=2030, period_end=2035
    )
    merged = make_action_field(new, name="Arbeit und Recht", slug="arbeit-und-recht")
    merged.continues.set(
        [
            field_2025("wirtschaft-und-arbeit"),
            field_2025("rechtliche-beratung-und-integrationsbegleitung"),
        ]
    )
    for name, slug in [("Bildung", "bildung"), ("Sprachen", "sprachen")]:
        make_action_field(new, name=name, slug=slug).continues.add(
            field_2025("bildung-und-sprachen")
        )
    make_action_field(
        new, name="Gesundheit und Pflege", slug="gesundheit-und-pflege"
    ).continues.add(field_2025("gesundheit-und-pflege"))
    make_action_field(new, name="Digitale Teilhabe", slug="digitale-teilhabe")
    Section.objects.create(
        edition=new,
        order=1,
        kind=Section.Kind.PRINCIPLES,
        title="Grundhaltung",
        slug="grundhaltung",
        body=(
            "Im Fachaustausch 2029 wurde eine gemeinsame Grundhaltung bestätigt: "
            "eine Sprache, die das Leitbild mit dem Alltag der Menschen "
            "verbindet. <script>alert('x')</script>"
        ),
    )
    return new


def test_merged_split_and_dropped_fields(muenster_shared, edition_2030):
    comparison = compare_editions(
        edition(muenster_shared, 2025), edition(muenster_shared, 2030)
    )

    [merge] = comparison.fields_merged
    assert merge.new.name == "Arbeit und Recht"
    assert [field.name for field in merge.olds] == [
        "Wirtschaft und Arbeit",
        "Rechtliche Beratung und Integrationsbegleitung",
    ]
    [split] = comparison.fields_split
    assert split.old.name == "Bildung und Sprachen"
    assert names(split.news) == {"Bildung", "Sprachen"}
    assert pairs(comparison.fields_unchanged) == {
        ("Gesundheit und Pflege", "Gesundheit und Pflege")
    }
    assert comparison.fields_renamed == ()
    assert names(comparison.fields_added) == {"Digitale Teilhabe"}
    assert names(comparison.fields_dropped) == {
        "Politische Partizipation und zivilgesellschaftliches Engagement",
        "Interkulturelle Öffnung der öffentlichen Verwaltungen",
        "Kinder- und Jugendhilfe, soziale Leistungen und Dienste",
        "Wohnen und sozialräumliche Stadtentwicklung",
        "Kultur und Religion",
        "Sport und Freizeit",
    }


def test_a_field_with_the_same_name_but_no_link_is_added_and_dropped(
    muenster_shared, edition_2030
):
    make_action_field(edition_2030, name="Sport und Freizeit", slug="sport")

    comparison = compare_editions(
        edition(muenster_shared, 2025), edition(muenster_shared, 2030)
    )

    assert "Sport und Freizeit" in names(comparison.fields_added)
    assert "Sport und Freizeit" in names(comparison.fields_dropped)


def test_compare_editions_reads_nothing_more_once_prefetched(
    muenster_shared, edition_2030, django_assert_num_queries
):
    old, new = edition(muenster_shared, 2025), edition(muenster_shared, 2030)

    with django_assert_num_queries(0):
        compare_editions(old, new)


# The page


def main_of(response) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def table_after(html: str, heading_text: str) -> str:
    return html.split(heading_text, 1)[1].split("</table>", 1)[0]


def selected_year(html: str, name: str) -> str:
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return select.split(" selected>", 1)[0].rsplit('value="', 1)[1].split('"')[0]


def test_compare_page_shows_2019_to_2025(muenster_shared, client):
    main = main_of(get(client, "/leitbild/vergleich/?von=2019&zu=2025"))

    assert selected_year(main, "von") == "2019"
    assert selected_year(main, "zu") == "2025"
    assert "2019–2025" in main and "2025–2030" in main
    renamed = main.split('aria-labelledby="fields-heading"', 1)[1]
    row = renamed.split('<th scope="row">Freizeit</th>', 1)[1].split("</tr>", 1)[0]
    assert "<td>Sport und Freizeit</td>" in row
    assert '<th scope="row">Religion</th><td>Kultur und Religion</td>' in renamed
    assert "<li>Wirtschaft und Arbeit</li>" in renamed
    assert "<li>Bildung und Sprachen</li>" in renamed
    # The table scrolls in a region named by its caption (WCAG 1.4.10).
    assert '<caption id="fields-renamed-caption">' in renamed
    assert 'role="region" tabindex="0" aria-labelledby="fields-renamed-caption"' in (
        renamed
    )
    assert renamed.count('<th scope="col">') == 2
    # Every section of 2025 is new: its text shows in full.
    assert "Im Fachaustausch 2024 wurde eine gemeinsame Grundhaltung" in main


def test_compare_page_defaults_to_the_edition_in_force_and_the_one_before(
    muenster_shared, client
):
    main = main_of(get(client, "/leitbild/vergleich/"))

    assert selected_year(main, "von") == "2019"
    assert selected_year(main, "zu") == "2025"
    assert 'aria-labelledby="fields-heading"' in main


def test_compare_page_with_only_a_target_compares_with_the_edition_before(
    muenster_shared, client
):
    main = main_of(get(client, "/leitbild/vergleich/?zu=2019"))

    assert selected_year(main, "von") == "2014"
    assert selected_year(main, "zu") == "2019"
    assert "aria-invalid" not in main


def test_compare_page_shows_merged_split_and_dropped_fields(
    muenster_shared, edition_2030, client
):
    main = main_of(get(client, "/leitbild/vergleich/?von=2025&zu=2030"))

    fields = main.split('aria-labelledby="fields-heading"', 1)[1]
    merged = fields.split('<th scope="row">Arbeit und Recht</th>', 1)[0]
    merged = merged.rsplit("<tr>", 1)[1]
    assert "<li>Wirtschaft und Arbeit</li>" in merged
    assert "<li>Rechtliche Beratung und Integrationsbegleitung</li>" in merged
    split = fields.split('<th scope="row">Bildung und Sprachen</th>', 1)[1]
    split = split.split("</tr>", 1)[0]
    assert "<li>Bildung</li>" in split and "<li>Sprachen</li>" in split
    assert "<li>Sport und Freizeit</li>" in fields
    assert "<li>Digitale Teilhabe</li>" in fields


def test_compare_page_shows_the_word_diff_escaped(
    muenster_shared, edition_2030, client
):
    main = main_of(get(client, "/leitbild/vergleich/?von=2025&zu=2030"))

    diff = main.split('<div class="diff-text">', 1)[1].split("</div>", 1)[0]
    assert "<del>" in diff and "<ins>" in diff
    assert "2024" in diff.split("<del>", 1)[1].split("</del>", 1)[0]
    assert "2029" in diff.split("<ins>", 1)[1].split("</ins>", 1)[0]
    assert "<script>" not in main
    assert "&lt;script&gt;" in diff
    # The sections only 2025 has are listed as removed.
    assert "Zentrale Begriffe" in main


@pytest.mark.parametrize(
    "query, field",
    [
        ("?von=2025&zu=2025", "zu"),
        ("?von=1999&zu=2025", "von"),
        ("?von=2019&zu=abc", "zu"),
        ("?von=&zu=2025", "von"),
        ("?von=2019&zu=", "zu"),
    ],
)
def test_compare_page_shows_form_errors_beside_the_field(
    muenster_shared, client, query, field
):
    main = main_of(get(client, f"/leitbild/vergleich/{query}"))

    select = main.split(f'name="{field}"', 1)[1].split(">", 1)[0]
    assert 'aria-invalid="true"' in select
    assert f'aria-describedby="id_{field}-error"' in select
    assert f'id="id_{field}-error"' in main
    assert 'aria-labelledby="sections-heading"' not in main
    assert 'aria-labelledby="fields-heading"' not in main


def test_compare_page_says_why_two_same_editions_cannot_be_compared(
    muenster_shared, client
):
    response = get(client, "/en/leitbild/vergleich/?von=2025&zu=2025")

    error = main_of(response).split('id="id_zu-error">', 1)[1].split("</p>", 1)[0]
    assert error == "Choose two different editions."


def test_compare_form_names_the_error_of_two_same_editions(muenster_shared):
    editions = list(Edition.objects.filter(city=muenster_shared))
    form = EditionCompareForm({"von": "2025", "zu": "2025"}, editions=editions)

    assert not form.is_valid()
    assert form.has_error("zu", code="same_edition")


def test_compare_form_rejects_years_of_another_city(muenster_shared):
    other = make_edition(
        make_city(), year=2031, number=1, period_start=2031, period_end=None
    )
    editions = list(Edition.objects.filter(city=muenster_shared))
    form = EditionCompareForm({"von": "2025", "zu": str(other.year)}, editions=editions)

    assert form.has_error("zu", code="invalid_choice")


def test_compare_page_answers_404_without_a_city(muenster_shared, client, settings):
    settings.CITY_SLUG = "nirgendwo"

    assert get(client, "/leitbild/vergleich/").status_code == 404


def test_edition_pages_link_to_the_comparison(muenster_shared, client):
    assert 'href="/leitbild/vergleich/?zu=2025"' in main_of(
        get(client, "/leitbild/2025/")
    )
    assert 'href="/leitbild/vergleich/"' in main_of(get(client, "/leitbild/archiv/"))
    # The first edition has nothing before it.
    assert "/leitbild/vergleich/" not in main_of(get(client, "/leitbild/2008/"))


def grow_2030(edition_2030, *, sections: int, fields: int) -> None:
    """Give the 2030 draft this many more sections and linked fields."""
    targets = list(ActionField.objects.filter(edition__year=2025))
    start = Section.objects.filter(edition=edition_2030).count()
    for number in range(start, start + sections):
        Section.objects.create(
            edition=edition_2030,
            order=number + 1,
            title=f"Abschnitt {number}",
            slug=f"abschnitt-{number}",
            body=f"Text {number} mit Worten.",
        )
    for number in range(fields):
        field = make_action_field(edition_2030)
        field.continues.add(*targets[: 1 + number % 3])


def compare_page_queries(client) -> int:
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        main_of(get(client, "/leitbild/vergleich/?von=2025&zu=2030"))
    return len(queries.captured_queries)


def test_compare_page_runs_the_same_queries_however_large_the_editions(
    muenster_shared, edition_2030, client
):
    grow_2030(edition_2030, sections=2, fields=3)
    small = compare_page_queries(client)

    grow_2030(edition_2030, sections=8, fields=10)
    large = compare_page_queries(client)

    assert Section.objects.filter(edition=edition_2030).count() == 11
    assert large == small
    assert small <= 8


def test_compare_page_marks_a_draft_edition(muenster_shared, edition_2030, client):
    main = main_of(get(client, "/leitbild/vergleich/?von=2025&zu=2030"))
    assert "ist ein Entwurf" in main
    assert "2030" in main.split("ist ein Entwurf", 1)[0].rsplit("alert", 1)[1]
    adopted = main_of(get(client, "/leitbild/vergleich/?von=2019&zu=2025"))
    assert "ist ein Entwurf" not in adopted
