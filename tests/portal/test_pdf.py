"""The edition as a PDF: what it contains, its structure, the download and its
caching, and the file kept at adoption.

Rendering takes a second, so the 2025 edition is rendered once for the module
(`adopted_pdf`), through the file cache under a module-wide MEDIA_ROOT: the
download tests then find it there. Münster is loaded once (`muenster_shared`).
"""

import datetime as dt
import hashlib
import io

import pytest
import weasyprint
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils import translation
from django.utils.translation import gettext
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
