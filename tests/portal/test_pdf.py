"""The edition as a PDF: what it contains, its structure, the download and its
caching, and the file kept at adoption.

Rendering takes a second, so the 2025 edition is rendered once for the module
(`adopted_pdf`), through the file cache under a module-wide MEDIA_ROOT: the
download tests then find it there. Münster is loaded once (`muenster_shared`).
"""

import datetime as dt
import hashlib
import io
import unicodedata
from pathlib import Path

import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from django.utils.translation import gettext
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from handlungsfelder.models import ActionField, Goal, Measure
from leitbild.models import Edition, Section, Term
from portal import pdf
from tests.conftest import (
    get,
    html_of,
    make_action_field,
    make_city,
    make_edition,
    make_event,
    make_phase,
    make_process,
)

URL_2025 = "/leitbild/2025/pdf/"
TITLE_AR = "الرؤية التوجيهية للهجرة والاندماج"
SUMMARY_AR = "أكثر من 400 شخص شاركوا في إعداد هذه الرؤية."
SUMMARY_TR = "Bu kılavuzun hazırlanmasına 400'den fazla kişi katıldı."


@pytest.fixture(scope="module")
def media_root(tmp_path_factory):
    return tmp_path_factory.mktemp("media")


@pytest.fixture(autouse=True)
def _media(settings, media_root):
    settings.MEDIA_ROOT = media_root


@pytest.fixture(scope="module")
def adopted_pdf(_muenster_in_module, django_db_blocker, media_root) -> bytes:
    """The 2025 edition in German, rendered once, left in the file cache."""
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media_root),
        translation.override("de"),
    ):
        edition = Edition.objects.get(city_id=_muenster_in_module, year=2025)
        content, _etag, _modified = pdf.edition_pdf(edition)
    return content


@pytest.fixture(scope="module")
def translated_pdfs(adopted_pdf, _muenster_in_module, django_db_blocker, media_root):
    """The 2025 edition with an Arabic title and summary and a Turkish
    summary (kept for the module), downloaded once in Arabic and in Turkish:
    {"ar": bytes, "tr": bytes}, left in the file cache."""
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media_root):
        edition = Edition.objects.get(city_id=_muenster_in_module, year=2025)
        # An adopted edition's translations stay editable.
        edition.title_ar = TITLE_AR
        edition.summary_ar = SUMMARY_AR
        edition.summary_tr = SUMMARY_TR
        edition.save()
        client = Client()
        pdfs = {}
        for language in ("ar", "tr"):
            response = client.get(f"/{language}{URL_2025}")
            assert response.status_code == 200
            pdfs[language] = response.content
    return pdfs


@pytest.fixture
def reader(adopted_pdf) -> PdfReader:
    return PdfReader(io.BytesIO(adopted_pdf))


@pytest.fixture
def renders(monkeypatch) -> list:
    """Counts WeasyPrint renderings."""
    calls = []
    original = weasyprint.HTML.write_pdf

    def write_pdf(self, *args, **kwargs):
        calls.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(weasyprint.HTML, "write_pdf", write_pdf)
    return calls


def flat(text: str) -> str:
    """Text on one line, words hyphenated at line ends joined again (WeasyPrint
    hyphenates with U+2010, which the texts themselves never use)."""
    return " ".join(text.replace("\u2010\n", "").split())


def outline_titles(outline) -> list[str]:
    titles = []
    for item in outline:
        if isinstance(item, list):
            titles += outline_titles(item)
        else:
            titles.append(item.title)
    return titles


def draft_mark() -> str:
    with translation.override("de"):
        return gettext("Draft").upper()


def make_long_draft(city) -> Edition:
    edition = make_edition(
        city,
        number=5,
        year=2030,
        period_start=2030,
        title="Leitbild Migration und Integration",
    )
    paragraph = "Vielfalt ist eine Stärke der Stadtgesellschaft. " * 40
    Section.objects.create(
        edition=edition,
        order=1,
        kind=Section.Kind.PREAMBLE,
        title="Präambel",
        slug="praeambel",
        body="\n\n".join(f"# Teil {n}\n\n{paragraph}" for n in range(6)),
    )
    return edition


def render_de(edition) -> PdfReader:
    with translation.override("de"):
        return PdfReader(io.BytesIO(pdf.render_edition_pdf(edition)))


# Content and structure


def test_pdf_has_cover_contents_and_parts(reader):
    assert len(reader.pages) >= 5
    cover = flat(reader.pages[0].extract_text())
    assert "Stadt Münster" in cover
    assert "Leitbild Migration und Integration" in cover
    assert "2025–2030" in cover
    assert "4. Auflage" in cover
    assert "26. Februar 2025" in cover


def test_pdf_contains_every_section_and_action_field_of_2025(muenster_shared, reader):
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    text = flat(" ".join(page.extract_text() for page in reader.pages))

    titles = list(edition.sections.values_list("title", flat=True))
    names = list(edition.action_fields.values_list("name", flat=True))
    assert len(titles) == 3 and len(names) == 10
    for title in titles + names:
        assert title in text
    assert "Mehr als 400 Menschen" in text
    assert "Beschäftigten mit internationaler" in text


def test_pdf_contents_give_page_numbers(reader):
    contents = reader.pages[1].extract_text().splitlines()

    assert "Inhalt" in contents
    numbers = [line for line in contents if line.isdigit()]
    assert len(numbers) >= 5
    assert all(3 <= int(n) <= len(reader.pages) for n in numbers)


def test_pdf_appendix_lists_the_events_of_the_process(reader):
    text = flat(" ".join(page.extract_text() for page in reader.pages))

    assert "Überarbeitung des Leitbildes 2023–2025" in text
    assert "Starterworkshop zur Weiterentwicklung des Migrationsleitbildes" in text
    assert "19. September 2024" in text
    assert "Volkshochschule, VHS Raum 104" in text
    # The process of the 2019 edition is not part of this one.
    assert "Überarbeitung des Leitbildes 2018–2019" not in text


def test_pdf_bookmarks_the_sections_and_action_fields(muenster_shared, reader):
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    titles = outline_titles(reader.outline)

    for section in edition.sections.all():
        assert section.title in titles
    top_level = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "Handlungsfelder" in top_level
    assert "Wirtschaft und Arbeit" in titles
    # The title on the cover is the document's title, not a bookmark.
    assert "Leitbild Migration und Integration" not in titles


def test_pdf_is_tagged_with_language_and_title(reader):
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert catalog["/MarkInfo"]["/Marked"].value is True
    assert catalog["/Lang"] == "de"
    assert reader.metadata.title == "Leitbild Migration und Integration 2025–2030"
    assert reader.metadata.author == "Stadt Münster"
    assert b"pdfuaid" in catalog["/Metadata"].get_object().get_data()


def test_pdf_takes_the_language_of_the_request(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)

    with translation.override("en"):
        reader = PdfReader(io.BytesIO(pdf.render_edition_pdf(edition)))

    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "DRAFT" in reader.pages[0].extract_text()


def test_pdf_counts_pages_in_the_footer(reader):
    with translation.override("de"):
        footer = gettext("Page %(page)s of %(pages)s") % {
            "page": 2,
            "pages": len(reader.pages),
        }

    assert footer in reader.pages[1].extract_text()


def test_adopted_pdf_carries_no_draft_mark(reader):
    for page in reader.pages:
        assert draft_mark() not in page.extract_text()


def test_draft_pdf_carries_the_mark_on_every_page(muenster_shared):
    reader = render_de(make_long_draft(muenster_shared))

    assert len(reader.pages) >= 4
    for page in reader.pages:
        assert draft_mark() in page.extract_text()


def test_consultation_pdf_is_marked_as_draft_too(muenster_shared):
    edition = make_edition(
        muenster_shared,
        number=5,
        year=2030,
        period_start=2030,
        status=Edition.Status.CONSULTATION,
    )

    reader = render_de(edition)

    assert all(draft_mark() in page.extract_text() for page in reader.pages)


def test_terms_are_listed_in_the_section_on_terms(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)
    Section.objects.create(
        edition=edition, order=1, kind=Section.Kind.TERMS, title="Begriffe", slug="b"
    )
    Term.objects.create(edition=edition, term="Teilhabe", definition="Alle *zählen*.")

    text = flat(" ".join(page.extract_text() for page in render_de(edition).pages))

    assert "Teilhabe Alle zählen." in text
    assert "Zentrale Begriffe" not in text


def test_measures_show_kind_actors_timeframe_and_status(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)
    field = make_action_field(edition, name="Arbeit", slug="arbeit")
    goal = Goal.objects.create(action_field=field, title="Mehr Ausbildung")
    Measure.objects.create(
        goal=goal,
        title="Ausbildungslotsen",
        kind=Measure.Kind.PROJECT,
        responsible_actors="Jobcenter",
        timeframe="2030–2032",
        status=Measure.Status.IN_PROGRESS,
    )

    text = flat(" ".join(page.extract_text() for page in render_de(edition).pages))

    assert "Mehr Ausbildung" in text
    assert "Ausbildungslotsen Projekt Jobcenter 2030–2032 In Umsetzung" in text


def test_markdown_headings_sit_below_the_section_title(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)
    Section.objects.create(
        edition=edition, order=1, title="Grundsätze", slug="g", body="# Erstens\n\nText"
    )

    with translation.override("de"):
        document, _changed = pdf._edition_document(edition)
    html = pdf._edition_html(document)

    assert '<h2 id="pdf-section-g">Grundsätze</h2>' in html
    assert "<h3" in html and ">Erstens</h3>" in html


# The content hash


def add_one_of_everything(edition, n: int) -> None:
    field = make_action_field(edition)
    goal = Goal.objects.create(action_field=field, title=f"Ziel {n}")
    Measure.objects.create(goal=goal, title=f"Maßnahme {n}")
    Section.objects.create(edition=edition, title=f"Teil {n}", slug=f"t{n}")
    Term.objects.create(edition=edition, term=f"Begriff {n}")
    process = make_process(edition.city, slug=f"p{n}", edition=edition)
    phase = make_phase(process)
    make_event(process, phase=phase)
    make_event(process)


def test_content_hash_takes_the_same_queries_for_a_bigger_edition(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)
    add_one_of_everything(edition, 0)
    edition = Edition.objects.get(pk=edition.pk)

    with CaptureQueriesContext(connection) as small:
        pdf.edition_content_hash(edition)
    for n in range(1, 4):
        add_one_of_everything(edition, n)
    edition = Edition.objects.get(pk=edition.pk)
    with CaptureQueriesContext(connection) as big:
        pdf.edition_content_hash(edition)

    assert len(big.captured_queries) == len(small.captured_queries) <= 10


def test_content_hash_changes_with_text_and_language(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)
    section = Section.objects.create(edition=edition, title="Teil", slug="t")

    with translation.override("de"):
        before = pdf.edition_content_hash(edition)
        assert pdf.edition_content_hash(edition) == before
        section.body = "Neu."
        section.save()
        after = pdf.edition_content_hash(edition)
    with translation.override("en"):
        english = pdf.edition_content_hash(edition)

    assert len({before, after, english}) == 3


def test_content_hash_moves_with_the_render_version(muenster_shared, monkeypatch):
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    before = pdf.edition_content_hash(edition)

    monkeypatch.setattr(pdf, "RENDER_VERSION", "test")

    assert pdf.edition_content_hash(edition) != before


# The download


def test_download_is_inline_with_the_titles_file_name(
    muenster_shared, client, adopted_pdf
):
    response = get(client, URL_2025)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'inline; filename="Leitbild-Migration-und-Integration-2025.pdf"'
    )
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"]
    assert response.content == adopted_pdf


def test_cached_download_needs_few_queries(
    muenster_shared, client, adopted_pdf, django_assert_max_num_queries
):
    get(client, URL_2025)

    with django_assert_max_num_queries(2):
        response = get(client, URL_2025)

    assert response.content == adopted_pdf


def test_download_answers_304_to_a_matching_etag(muenster_shared, client, adopted_pdf):
    etag = get(client, URL_2025)["ETag"]

    response = client.get(URL_2025, HTTP_ACCEPT_LANGUAGE="de", HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""


def test_download_answers_304_if_not_modified_since(
    muenster_shared, client, adopted_pdf
):
    last_modified = get(client, URL_2025)["Last-Modified"]

    response = client.get(
        URL_2025, HTTP_ACCEPT_LANGUAGE="de", HTTP_IF_MODIFIED_SINCE=last_modified
    )

    assert response.status_code == 304


def test_download_answers_a_head_request(muenster_shared, client, adopted_pdf):
    response = client.head(URL_2025, HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["ETag"]


def test_download_of_an_unknown_year_is_not_found(muenster_shared, client):
    other = make_city()
    make_edition(other, year=2031, period_start=2031, period_end=None)

    assert get(client, "/leitbild/1999/pdf/").status_code == 404
    assert get(client, "/leitbild/2031/pdf/").status_code == 404


def test_download_renders_once_and_again_after_a_draft_changes(
    muenster_shared, client, renders, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)
    section = Section.objects.create(edition=edition, title="Teil", slug="t", body="A")

    first = get(client, "/leitbild/2030/pdf/")
    second = get(client, "/leitbild/2030/pdf/")
    assert len(renders) == 1
    assert first["ETag"] == second["ETag"]
    assert second.content == first.content
    assert list((tmp_path / "cache" / "pdf").glob("*.pdf"))

    section.body = "B"
    section.save()
    third = get(client, "/leitbild/2030/pdf/")
    fourth = get(client, "/leitbild/2030/pdf/")

    assert len(renders) == 2
    assert third["ETag"] != first["ETag"]
    assert fourth["ETag"] == third["ETag"]


def test_edition_page_links_the_pdf(muenster_shared, client):
    html = html_of(client, "/leitbild/2025/")

    assert 'href="/leitbild/2025/pdf/"' in html
    assert "PDF" in html


# The adopted file


def test_archive_stores_the_pdf_and_its_checksum(
    muenster_shared, client, adopted_pdf, renders
):
    edition = Edition.objects.get(city=muenster_shared, year=2025)

    with translation.override("de"):
        sha256 = pdf.edition_pdf_archive(edition)

    edition.refresh_from_db()
    stored = edition.pdf_file.read()
    edition.pdf_file.close()
    assert len(renders) == 1
    assert sha256 == edition.pdf_sha256 == hashlib.sha256(stored).hexdigest()
    assert edition.pdf_file.name == (
        f"leitbild/Leitbild-Migration-und-Integration-2025-{sha256[:12]}.pdf"
    )
    response = get(client, URL_2025)
    assert response.content == stored
    assert response["ETag"] == f'"{sha256}"'
    assert len(renders) == 1
    html = html_of(client, "/leitbild/2025/")
    assert f'<code class="text-break">{sha256}</code>' in html
    assert "SHA-256" in html


def test_archive_refuses_a_draft(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)

    with pytest.raises(ValueError):
        pdf.edition_pdf_archive(edition)

    edition.refresh_from_db()
    assert not edition.pdf_file and not edition.pdf_sha256


def test_stored_pdf_is_served_even_when_the_text_changes(muenster_shared, client):
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    edition.pdf_file.save("beschluss.pdf", ContentFile(b"%PDF-1.7 adopted"), save=False)
    edition.pdf_sha256 = hashlib.sha256(b"%PDF-1.7 adopted").hexdigest()
    edition.save(update_fields=["pdf_file", "pdf_sha256"])
    # Bulk updates bypass the freezing of adopted text; the file stays.
    Section.objects.filter(edition=edition).update(body="Geändert")
    ActionField.objects.filter(edition=edition).update(short_description="x")

    response = get(client, URL_2025)

    assert response.content == b"%PDF-1.7 adopted"
    assert response["ETag"] == f'"{edition.pdf_sha256}"'


def test_draft_page_shows_no_checksum(muenster_shared, client):
    make_edition(
        muenster_shared, number=5, year=2030, period_start=2030, pdf_sha256="ab" * 32
    )

    assert "ab" * 32 not in html_of(client, "/leitbild/2030/")


def test_pdf_file_stem_keeps_capitals_and_spells_out_umlauts():
    edition = Edition(title="Leitbild für Öffnung & Teilhabe", year=2030)

    assert pdf.pdf_file_stem(edition) == "Leitbild-fuer-Oeffnung-Teilhabe-2030"


def test_last_modified_is_not_older_than_the_newest_change(
    muenster_shared, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)

    _content, _etag, modified = pdf.edition_pdf(edition)

    assert modified >= edition.updated_at
    assert modified.tzinfo is not None
    assert modified <= dt.datetime.now(tz=dt.UTC)


# Languages: the PDF in each language the edition is translated into


def text_of(page) -> str:
    """A page's text as pypdf extracts it, in Unicode normal form NFKC: the
    Arabic presentation forms (the shaped letters) become the letters again."""
    return unicodedata.normalize("NFKC", flat(page.extract_text()))


def fonts_of(reader: PdfReader) -> set[str]:
    """The base names of the fonts the pages use, without the subset tag."""
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            for descendant in font.get("/DescendantFonts", [font]):
                descriptor = descendant.get_object()["/FontDescriptor"]
                # Embedded, not borrowed from the reader's machine.
                assert "/FontFile2" in descriptor or "/FontFile3" in descriptor
            names.add(font["/BaseFont"].split("+", 1)[-1])
    return names


def shipped_fonts() -> set[str]:
    """The families and styles of the fonts in static/fonts/noto/, as
    WeasyPrint names them in the PDF ("Noto-Sans-Arabic-Bold")."""
    names = set()
    for path in Path(pdf.FONTS_DIR, "noto").glob("*.ttf"):
        table = TTFont(path)["name"]
        family, style = table.getDebugName(1), table.getDebugName(2)
        name = family if style == "Regular" else f"{family} {style}"
        names.add(name.replace(" ", "-"))
    return names


def test_arabic_pdf_is_in_arabic_with_its_title(translated_pdfs):
    reader = PdfReader(io.BytesIO(translated_pdfs["ar"]))

    assert reader.trailer["/Root"]["/Lang"] == "ar"
    cover = text_of(reader.pages[0])
    assert unicodedata.normalize("NFKC", TITLE_AR) in cover
    # The interface words too: the edition's status, in Arabic.
    with translation.override("ar"):
        status = str(Edition.Status.ADOPTED.label)
    assert status in cover
    summary = " ".join(text_of(page) for page in reader.pages[2:4])
    # pypdf gives the runs of a line in the order they are set, so a number
    # amid Arabic words moves; a run of Arabic words comes out as written.
    assert "شخص شاركوا في إعداد هذه الرؤية" in summary


def test_arabic_pdf_is_set_right_to_left(muenster_shared):
    edition = make_edition(
        muenster_shared, number=5, year=2030, period_start=2030, title_ar=TITLE_AR
    )

    with translation.override("ar"):
        document, _changed = pdf._edition_document(edition)
    html = pdf._edition_html(document)

    assert '<html lang="ar" dir="rtl">' in html
    assert f'<h1 id="pdf-title">{TITLE_AR}</h1>' in html


def test_pdfs_embed_the_shipped_noto_fonts_only(adopted_pdf, translated_pdfs):
    shipped = shipped_fonts()
    assert {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Arabic"} <= shipped

    german = fonts_of(PdfReader(io.BytesIO(adopted_pdf)))
    arabic = fonts_of(PdfReader(io.BytesIO(translated_pdfs["ar"])))

    assert {"Noto-Sans", "Noto-Sans-Bold"} <= german <= shipped
    assert {"Noto-Sans-Arabic", "Noto-Sans-Arabic-Bold"} <= arabic <= shipped


def test_font_fetcher_reads_the_shipped_fonts_and_nothing_else():
    fetcher = pdf._FontFetcher()
    font = Path(pdf.FONTS_DIR, "noto", "NotoSans-Regular.ttf")

    assert fetcher.fetch(font.as_uri()).read()[:4] == font.read_bytes()[:4]
    for url in (
        "https://fonts.example.org/NotoSans-Regular.ttf",
        Path("/etc/hostname").as_uri(),
        f"{pdf.FONTS_DIR.as_uri()}/../../../config/settings.py",
        pdf.STYLESHEET.as_uri(),
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(url)


def test_unofficial_note_is_on_the_cover_of_a_translation_only(
    adopted_pdf, translated_pdfs
):
    german = flat(PdfReader(io.BytesIO(adopted_pdf)).pages[0].extract_text())
    turkish = PdfReader(io.BytesIO(translated_pdfs["tr"]))
    cover = flat(turkish.pages[0].extract_text())
    with translation.override("tr"):
        note = translation.pgettext(
            "pdf cover",
            "This is an unofficial translation. Only the German text adopted by "
            "the city council is binding.",
        )

    assert turkish.trailer["/Root"]["/Lang"] == "tr"
    assert note in cover
    assert "Belediye meclisi tarafından 26 Şubat 2025 tarihinde kabul edildi" in cover
    assert SUMMARY_TR in flat(" ".join(p.extract_text() for p in turkish.pages[2:4]))
    assert note not in german
    assert "Übersetzung" not in german


def test_draft_translation_carries_no_unofficial_note(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)

    with translation.override("tr"):
        document, _changed = pdf._edition_document(edition)

    assert document["unofficial"] is False


def test_pdf_is_cached_per_language(muenster_shared, client, translated_pdfs, renders):
    turkish = client.get(f"/tr{URL_2025}")
    arabic = client.get(f"/ar{URL_2025}")
    german = get(client, URL_2025)

    assert len(renders) == 0
    assert turkish.content == translated_pdfs["tr"]
    assert arabic.content == translated_pdfs["ar"]
    assert len({turkish["ETag"], arabic["ETag"], german["ETag"]}) == 3
    assert turkish["Content-Disposition"] == (
        'inline; filename="Leitbild-Migration-und-Integration-2025-tr.pdf"'
    )
    assert (turkish["Content-Language"], german["Content-Language"]) == ("tr", "de")
    # The address alone says the language: a browser asking for another
    # one gets the same file.
    assert client.get(URL_2025, HTTP_ACCEPT_LANGUAGE="ar").content == german.content


def test_stored_german_file_is_not_served_in_another_language(
    muenster_shared, client, translated_pdfs
):
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    edition.pdf_file.save("beschluss.pdf", ContentFile(b"%PDF-1.7 adopted"), save=False)
    edition.pdf_sha256 = hashlib.sha256(b"%PDF-1.7 adopted").hexdigest()
    edition.save(update_fields=["pdf_file", "pdf_sha256"])

    assert get(client, URL_2025).content == b"%PDF-1.7 adopted"
    assert client.get(f"/tr{URL_2025}").content == translated_pdfs["tr"]


def test_archive_stores_the_german_text_whatever_the_language(muenster_shared):
    edition = make_edition(
        muenster_shared,
        number=5,
        year=2030,
        period_start=2030,
        title_tr="Göç ve Uyum Kılavuzu",
        status=Edition.Status.ARCHIVED,
        council_decision_date=dt.date(2030, 1, 1),
    )

    with translation.override("tr"):
        pdf.edition_pdf_archive(edition)

    edition.refresh_from_db()
    reader = PdfReader(edition.pdf_file.open("rb"))
    cover = flat(reader.pages[0].extract_text())
    edition.pdf_file.close()
    assert reader.trailer["/Root"]["/Lang"] == "de"
    assert "Göç" not in cover
    assert edition.pdf_file.name.startswith("leitbild/Leitbild-")
    assert "-tr" not in edition.pdf_file.name


def test_untranslated_passages_are_german_and_marked_so(muenster_shared):
    edition = make_edition(
        muenster_shared, number=5, year=2030, period_start=2030, summary="Kurz."
    )
    edition.summary_tr = "Kısaca."
    edition.save()
    Section.objects.create(
        edition=edition, order=1, title="Präambel", slug="p", body="Vielfalt."
    )
    field = make_action_field(edition, name="Arbeit", slug="arbeit")
    field.name_tr = "Çalışma"
    field.save()
    Goal.objects.create(action_field=field, title="Mehr Ausbildung")

    with translation.override("tr"):
        document, _changed = pdf._edition_document(edition)
    html = pdf._edition_html(document)

    assert '<html lang="tr" dir="ltr">' in html
    assert "<p>Kısaca.</p>" in html and "Kurz." not in html
    assert (
        '<h2 id="pdf-section-p"><span lang="de" dir="ltr">Präambel</span></h2>'
    ) in html
    assert '<div lang="de" dir="ltr"><p>Vielfalt.</p>' in html
    assert '<h3 id="pdf-field-arbeit">Çalışma</h3>' in html
    assert (
        '<p class="goal-title"><span lang="de" dir="ltr">Mehr Ausbildung</span></p>'
    ) in html


def test_german_pdf_marks_no_passage(muenster_shared):
    edition = make_edition(muenster_shared, number=5, year=2030, period_start=2030)
    Section.objects.create(edition=edition, title="Präambel", slug="p", body="Text.")

    with translation.override("de"):
        document, _changed = pdf._edition_document(edition)

    assert ' lang="de"' not in pdf._edition_html(document).split("<body>")[1]


def test_edition_page_links_the_pdf_in_its_language_and_the_german_original(
    muenster_shared, client, translated_pdfs
):
    # The shipped file translates 2025 into every language: take Ukrainian
    # away again, to see the page of a language without a translation.
    edition = Edition.objects.get(city=muenster_shared, year=2025)
    Edition.objects.filter(pk=edition.pk).update(title_uk=None, summary_uk=None)
    Section.objects.filter(edition=edition).update(title_uk=None, body_uk=None)
    turkish = html_of(client, "/tr/leitbild/2025/")
    ukrainian = html_of(client, "/uk/leitbild/2025/")

    assert 'href="/tr/leitbild/2025/pdf/" type="application/pdf">' in turkish
    assert '<a href="/leitbild/2025/pdf/" type="application/pdf" hreflang="de"' in (
        turkish
    )
    assert 'href="/ar/leitbild/2025/pdf/" type="application/pdf" hreflang="ar" ' in (
        turkish
    )
    # No Ukrainian translation: the German original, and the translations.
    assert 'href="/uk/leitbild/2025/pdf/"' not in ukrainian
    assert '<a href="/leitbild/2025/pdf/" type="application/pdf">' in ukrainian
    assert 'href="/tr/leitbild/2025/pdf/"' in ukrainian


def test_page_furniture_is_mirrored_in_arabic():
    with translation.override("de"):
        german = pdf._margin_css("Leitbild 2030", draft=True)
    with translation.override("ar"):
        arabic = pdf._margin_css("Leitbild 2030", draft=True)

    assert '@top-left { content: "Leitbild 2030"' in german
    assert "@bottom-right { content:" in german and "@top-right { content:" in german
    assert '@top-right { content: "Leitbild 2030"' in arabic
    assert "@bottom-left { content:" in arabic and "@top-left { content:" in arabic
