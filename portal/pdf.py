"""The portal's documents as tagged PDFs (PDF/UA-1), rendered by WeasyPrint:
an edition of the Leitbild, and an edition's participation report.

`render_edition_pdf` and `render_participation_report_pdf` are the pure
parts: data in, bytes out. Rendering takes a second or more, so
`edition_pdf` and `participation_report_pdf` serve a stored or cached copy:
the file the council adopted (Edition.pdf_file) for adopted and archived
editions, else a file under MEDIA_ROOT/cache/pdf/ named after the content
hash of everything that goes into the PDF (`_cached_pdf`). The file cache
survives restarts and is shared by all workers; a changed text gives a new
hash and so a new file, never a stale one. Computing the hash takes some ten
queries, so it is remembered in Django's cache under the portal's content
version (core.cache), which every save moves on; bulk updates that send no
signal show after a minute at most, as on the public pages.

Every PDF is rendered in the active language (the address's prefix), each
text in its translation where there is one and in German, marked
lang="de", where there is none. The stored file of an adopted edition is
the German original: other languages are rendered and cached like drafts,
with a note on the cover that only the German text is binding. Arabic is set
right to left. The fonts are shipped with the project (static/fonts/noto/),
and nothing else is read: the PDF looks the same on every machine.
"""

import datetime as dt
import functools
import hashlib
import json
import logging
import os
import re
import tempfile
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from urllib import request
from urllib.parse import urlsplit

import django
import weasyprint
import weasyprint.text.fonts
import weasyprint.urls
from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import (
    get_language_bidi,
    override,
    pgettext,
    to_locale,
)
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname, get_language

from core.cache import PAGE_CACHE_SECONDS, content_version
from events.models import Event, Phase, Process
from handlungsfelder.models import ActionField
from leitbild.models import Edition

from .report import Report, participation_report

logger = logging.getLogger(__name__)

# Move this on whenever a change to this module alters the PDF's bytes: the
# cached files of every edition are then rebuilt. (Changes to the template,
# the stylesheet, the translations, WeasyPrint or Django are noticed by
# themselves, see _renderer_fingerprint.)
RENDER_VERSION = "2"
PDF_VARIANT = "pdf/ua-1"
TEMPLATES = Path(__file__).resolve().parent / "templates"
TEMPLATE_NAME = "portal/pdf/edition.html"
TEMPLATE_DIR = TEMPLATES / "portal" / "pdf"
STYLESHEET = TEMPLATE_DIR / "pdf.css"
# The fonts, shipped with the project (SIL Open Font License, see OFL.txt
# there); pdf.css names them relative to this folder, the only one read.
FONTS_DIR = Path(settings.BASE_DIR) / "static" / "fonts"
FONT_FILES = tuple(sorted((FONTS_DIR / "noto").glob("*.ttf")))
# The templates each document is made of (their changes are noticed).
EDITION_TEMPLATES = (TEMPLATE_NAME,)
REPORT_TEMPLATE_NAME = "portal/pdf/participation_report.html"
REPORT_TEMPLATES = (REPORT_TEMPLATE_NAME, "portal/report/body.html")
CACHE_SUBDIR = Path("cache") / "pdf"
# Cached files not written for this long are removed when another is written.
CACHE_MAX_AGE = dt.timedelta(days=30)


# --------------------------------------------------------------------------
# What goes into the PDF


def _german_shown(obj, fields: tuple[str, ...], language: str) -> dict[str, str]:
    """Each of `fields` with "de" where it has no text of its own in
    `language`, so that its German text is shown (modeltranslation falls
    back to it), else "": the template marks those passages lang="de"."""
    german = settings.LANGUAGE_CODE
    return {
        field: german
        if language != german
        and not getattr(obj, build_localized_fieldname(field, language), None)
        else ""
        for field in fields
    }


def _edition_document(edition: Edition) -> tuple[dict, dt.datetime]:
    """Everything the PDF shows, as plain data, and the newest change to it.

    A constant number of queries whatever the size of the edition. The data
    is both the template's context and the input of the content hash, so the
    hash covers exactly what is rendered.
    """
    city = edition.city
    sections = list(edition.sections.all())
    terms = list(edition.terms.all())
    fields = list(ActionField.objects.of_edition(edition).with_goals_and_measures())
    processes = list(
        Process.objects.filter(edition=edition)
        .order_by("start_year", "pk")
        .prefetch_related(
            Prefetch("phases", queryset=Phase.objects.order_by("number")),
            Prefetch(
                "events",
                # What the public agenda shows: no drafts, no example data.
                queryset=Event.objects.published()
                .filter(is_example=False)
                .select_related("venue")
                .order_by("start", "pk"),
            ),
        )
    )
    changes = [edition.updated_at, city.updated_at]
    changes += [field.updated_at for field in fields]
    changes += [
        measure.updated_at
        for field in fields
        for goal in field.goals.all()
        for measure in goal.measures.all()
    ]
    changes += [process.updated_at for process in processes]
    changes += [
        event.updated_at for process in processes for event in process.events.all()
    ]

    language = get_language()

    def german(obj, *fields: str) -> dict[str, str]:
        return _german_shown(obj, fields, language)

    def event_data(event: Event) -> dict:
        venue = event.venue
        return {
            "start": event.start,
            "end": event.end,
            "type": event.get_type_display(),
            "title": event.title,
            "venue": venue.name if venue else "",
            "address": venue.address if venue else "",
            "room": event.room,
            "is_cancelled": event.is_cancelled,
            "lang": german(event, "title"),
        }

    def process_data(process: Process) -> dict:
        events = list(process.events.all())
        return {
            "slug": process.slug,
            "title": process.title,
            "start_year": process.start_year,
            "end_year": process.end_year,
            "description": process.description,
            "lang": german(process, "title", "description"),
            "phases": [
                {
                    "numeral": phase.numeral,
                    "title": phase.title,
                    "period": phase.period,
                    "description": phase.description,
                    "lang": german(phase, "title", "period", "description"),
                    "events": [
                        event_data(event)
                        for event in events
                        if event.phase_id == phase.pk
                    ],
                }
                for phase in process.phases.all()
            ],
            "other_events": [
                event_data(event) for event in events if event.phase_id is None
            ],
        }

    # Without a title of its own, the edition goes by the city's title.
    title_lang = german(edition, "title")["title"]
    if not edition.title_de:
        title_lang = german(city, "leitbild_title")["leitbild_title"]
    document = {
        "render_version": RENDER_VERSION,
        "language": language,
        "direction": "rtl" if get_language_bidi() else "ltr",
        # Only the German text is adopted; a translation of it is not.
        "unofficial": not edition.is_draft and language != settings.LANGUAGE_CODE,
        "city": {
            "name": city.name,
            "authority": city.authority,
            "organisation": city.organisation,
            "leitbild_title": city.leitbild_title,
            "lang": german(city, "authority", "organisation"),
        },
        "edition": {
            "number": edition.number,
            "year": edition.year,
            "title": edition.title or city.leitbild_title,
            "period": edition.period_label,
            "status": edition.status,
            "status_label": edition.get_status_display(),
            "is_draft": edition.is_draft,
            "council_decision_date": edition.council_decision_date,
            "council_decision_reference": edition.council_decision_reference,
            "summary": edition.summary,
            "lang": {**german(edition, "summary"), "title": title_lang},
        },
        "sections": [
            {
                "slug": section.slug,
                "kind": section.kind,
                "title": section.title,
                "body": section.body,
                "lang": german(section, "title", "body"),
            }
            for section in sections
        ],
        "terms": [
            {
                "term": term.term,
                "definition": term.definition,
                "lang": german(term, "term", "definition"),
            }
            for term in terms
        ],
        "action_fields": [
            {
                "slug": field.slug,
                "name": field.name,
                "is_priority": field.is_priority,
                "short_description": field.short_description,
                "description": field.description,
                "lang": german(field, "name", "short_description", "description"),
                "goals": [
                    {
                        "title": goal.title,
                        "description": goal.description,
                        "lang": german(goal, "title", "description"),
                        "measures": [
                            {
                                "title": measure.title,
                                "description": measure.description,
                                "kind": measure.get_kind_display(),
                                "responsible_actors": measure.responsible_actors,
                                "timeframe": measure.timeframe,
                                "status": measure.get_status_display(),
                                "lang": german(
                                    measure,
                                    "title",
                                    "description",
                                    "responsible_actors",
                                    "timeframe",
                                ),
                            }
                            for measure in goal.measures.all()
                        ],
                    }
                    for goal in field.goals.all()
                ],
            }
            for field in fields
        ],
        "processes": [process_data(process) for process in processes],
    }
    return document, max(changes)


@functools.lru_cache(maxsize=32)
def _file_digest(path: str, size: int, mtime_ns: int) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def _renderer_fingerprint(language: str, templates: tuple[str, ...]) -> list[str]:
    """What shapes the PDF besides the data: code, templates, stylesheet and
    the translations of the interface words (a fix to a translation must
    reach cached drafts too)."""
    files = [TEMPLATES / name for name in templates] + [STYLESHEET, *FONT_FILES]
    locale = to_locale(language or settings.LANGUAGE_CODE)
    for base in settings.LOCALE_PATHS:
        files.append(Path(base) / locale / "LC_MESSAGES" / "django.mo")
    parts = [RENDER_VERSION, weasyprint.__version__, django.__version__]
    for path in files:
        try:
            stat = path.stat()
        except FileNotFoundError:
            parts.append(f"{path.name}:-")
            continue
        parts.append(_file_digest(str(path), stat.st_size, stat.st_mtime_ns))
    return parts


def _hash(document: dict, templates: tuple[str, ...] = EDITION_TEMPLATES) -> str:
    payload = {
        "document": document,
        "renderer": _renderer_fingerprint(document["language"], templates),
    }
    canonical = json.dumps(
        payload, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def edition_content_hash(edition: Edition) -> str:
    """SHA-256 over everything that goes into the edition's PDF in the active
    language: its fields, sections, terms, action fields with goals and
    measures, the process appendix, RENDER_VERSION and the renderer's files."""
    document, _changed = _edition_document(edition)
    return _hash(document)


# --------------------------------------------------------------------------
# Rendering


def _css_string(text: str) -> str:
    """A CSS string literal; safe inside <style> (no "<", no quote breaks)."""
    escaped = (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\A ")
        .replace("<", "\\3C ")
    )
    return f'"{escaped}"'


def _page_counter_css() -> SafeString:
    """The CSS `content` of the footer: the translated "Page x of y" with the
    page counters in place of the numbers, in the language's word order."""
    label = _("Page %(page)s of %(pages)s")
    counters = {"page": "counter(page)", "pages": "counter(pages)"}
    parts = []
    for piece in re.split(r"(%\((?:page|pages)\)s)", label):
        name = re.fullmatch(r"%\((page|pages)\)s", piece)
        if name:
            parts.append(counters[name[1]])
        elif piece:
            parts.append(_css_string(piece))
    return mark_safe(" ".join(parts))  # noqa: S308 - built from escaped strings


MARGIN_FONT = 'font-family: "Noto Sans", "Noto Sans Arabic"'
MARGIN_TEXT = f"{MARGIN_FONT}; font-size: 8.5pt; color: #3d3d3d"


def _margin_css(header: str, *, draft: bool = False) -> SafeString:
    """The page furniture, translated: the running header at the top of the
    side where lines start, "Page x of y" at the bottom of the other, and on
    drafts the draft mark at the top of that one (mirrored in Arabic). Not
    on the cover."""
    start, end = ("right", "left") if get_language_bidi() else ("left", "right")
    rules = [
        f"@page {{ @top-{start} {{ content: {_css_string(header)}; {MARGIN_TEXT};"
        " vertical-align: bottom; padding-bottom: 5mm; }"
        f" @bottom-{end} {{ content: {_page_counter_css()}; {MARGIN_TEXT};"
        " vertical-align: top; padding-top: 6mm; } }",
        f"@page :first {{ @top-{start} {{ content: none; }}"
        f" @bottom-{end} {{ content: none; }} }}",
    ]
    if draft:
        rules.append(
            f"@page {{ @top-{end} {{ content: {_css_string(_('Draft').upper())};"
            f" {MARGIN_FONT}; font-size: 12pt; font-weight: bold;"
            " letter-spacing: 0.2em; color: #a30000; vertical-align: bottom;"
            " padding-bottom: 4mm; } }"
        )
    return mark_safe("\n".join(rules))  # noqa: S308 - strings escaped by _css_string


def _edition_html(document: dict) -> str:
    edition = document["edition"]
    context = {
        **document,
        "doc_title": f"{edition['title']} {edition['period']}",
        "margin_css": _margin_css(
            f"{edition['title']} {edition['period']}", draft=edition["is_draft"]
        ),
        "terms_section": next(
            (s["slug"] for s in document["sections"] if s["kind"] == "terms"), None
        ),
    }
    return render_to_string(TEMPLATE_NAME, context)


class _FontFetcher(weasyprint.URLFetcher):
    """Reads the shipped fonts and nothing else: no request leaves the
    server, and no file outside static/fonts/ is read. Staff Markdown may
    hold links, but no images (the sanitiser drops them)."""

    def __init__(self):
        super().__init__(allowed_protocols=("file",), allow_redirects=False)

    def fetch(self, url, headers=None):
        path = Path(request.url2pathname(urlsplit(url).path)).resolve()
        if not (url.startswith("file:") and path.is_relative_to(FONTS_DIR)):
            raise ValueError(f"Not a shipped font: {url}")
        return weasyprint.urls.URLFetcherResponse(
            url, path.read_bytes(), {"Content-Type": "font/ttf"}
        )


def _render_html(html: str) -> bytes:
    """A tagged PDF (PDF/UA-1) of the HTML, its title, language and direction
    taken from <title> and <html lang dir>, its bookmarks from the headings
    (pdf.css), set in the shipped fonts."""
    fetcher = _FontFetcher()
    fonts = weasyprint.text.fonts.FontConfiguration()
    stylesheet = weasyprint.CSS(
        string=STYLESHEET.read_text(encoding="utf-8"),
        base_url=FONTS_DIR.as_uri() + "/",
        url_fetcher=fetcher,
        font_config=fonts,
    )
    return weasyprint.HTML(
        string=html, base_url=str(TEMPLATE_DIR), url_fetcher=fetcher
    ).write_pdf(
        stylesheets=[stylesheet],
        font_config=fonts,
        pdf_variant=PDF_VARIANT,
        # An identifier derived from the file's own objects: the same input
        # gives the same bytes.
        pdf_identifier=True,
    )


def _render_document(document: dict) -> bytes:
    return _render_html(_edition_html(document))


def render_edition_pdf(edition: Edition) -> bytes:
    """The edition as a tagged PDF (PDF/UA-1) in the active language: cover,
    contents with page numbers, summary, sections, central terms, action
    fields with goals and measures, and the process as an appendix. Drafts
    carry a "Draft" mark on every page."""
    document, _changed = _edition_document(edition)
    return _render_document(document)


# --------------------------------------------------------------------------
# Serving: the adopted file, else the cache


def _cache_dir() -> Path:
    return Path(settings.MEDIA_ROOT) / CACHE_SUBDIR


def _cache_write(path: Path, content: bytes) -> None:
    """Write atomically: readers see the whole old file or the whole new."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(content)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _cache_prune(path.parent, keep=path)


def _cache_prune(directory: Path, *, keep: Path) -> None:
    """Drop cached files nobody wrote for a while (old drafts' versions)."""
    oldest = time.time() - CACHE_MAX_AGE.total_seconds()
    for entry in directory.glob("*.pdf"):
        try:
            if entry != keep and entry.stat().st_mtime < oldest:
                entry.unlink()
        except FileNotFoundError:
            pass  # another worker pruned it first


def _stored_pdf(edition: Edition) -> tuple[bytes, str, dt.datetime] | None:
    storage, name = edition.pdf_file.storage, edition.pdf_file.name
    try:
        with storage.open(name, "rb") as file:
            content = file.read()
        modified = storage.get_modified_time(name)
    except (FileNotFoundError, NotImplementedError):
        logger.error("The adopted PDF %s of edition %s is missing.", name, edition.pk)
        return None
    etag = edition.pdf_sha256 or hashlib.sha256(content).hexdigest()
    return content, etag, modified or edition.updated_at


def _cached_pdf(
    *,
    key: str,
    build: Callable[[], tuple[dict, dt.datetime]],
    render: Callable[[dict], bytes],
    templates: tuple[str, ...],
) -> tuple[bytes, str, dt.datetime]:
    """A PDF rendered once per content hash and kept under
    MEDIA_ROOT/cache/pdf/<hash>.pdf, with the hash (its ETag) and the time of
    its newest change. `build` gives the document (its data, hashed) and
    that time; `render` turns the document into the PDF. The hash is
    remembered under `key` until the content version moves, a minute at
    most."""
    key = f"{key}:{content_version()}:{get_language()}"
    document = None
    memo = cache.get(key)
    if memo is None:
        document, changed = build()
        digest = _hash(document, templates)
        cache.set(key, (digest, changed), PAGE_CACHE_SECONDS)
    else:
        digest, changed = memo
    path = _cache_dir() / f"{digest}.pdf"
    try:
        content = path.read_bytes()
    except FileNotFoundError:
        if document is None:
            document, changed = build()
            digest = _hash(document, templates)
            path = _cache_dir() / f"{digest}.pdf"
        content = render(document)
        _cache_write(path, content)
    try:
        written = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.UTC)
    except FileNotFoundError:  # pruned by another worker in between
        written = timezone.now()
    # Not everything shown has a timestamp; the file's time covers it, as it
    # is written whenever the content hash changes.
    return content, digest, max(changed, written)


def edition_pdf(edition: Edition) -> tuple[bytes, str, dt.datetime]:
    """The edition's PDF with its ETag and Last-Modified time.

    In German, adopted and archived editions with a stored file get exactly
    that file (ETag: its SHA-256). Otherwise, and in every other language,
    the PDF is rendered once per content hash and kept under
    MEDIA_ROOT/cache/pdf/<hash>.pdf (ETag: the hash).
    """
    german = get_language() == settings.LANGUAGE_CODE
    if german and edition.pdf_file and not edition.is_draft:
        stored = _stored_pdf(edition)
        if stored is not None:
            return stored
    return _cached_pdf(
        key=f"leitbild:pdf-hash:{edition.pk}",
        build=lambda: _edition_document(edition),
        render=_render_document,
        templates=EDITION_TEMPLATES,
    )


# --------------------------------------------------------------------------
# The participation report


def _report_html(report: Report) -> str:
    title = pgettext("participation report", "Participation report")
    context = {
        "report": report,
        "direction": "rtl" if get_language_bidi() else "ltr",
        "doc_title": f"{title}: {report.title} {report.period}",
        "margin_css": _margin_css(f"{title} · {report.title} {report.period}"),
    }
    return render_to_string(REPORT_TEMPLATE_NAME, context)


def render_participation_report_pdf(report: Report) -> bytes:
    """The participation report (portal.report) as a tagged PDF (PDF/UA-1)
    in the active language: cover, then the same parts as the page."""
    return _render_html(_report_html(report))


def participation_report_pdf(
    edition: Edition, *, now: dt.datetime | None = None
) -> tuple[bytes, str, dt.datetime]:
    """The edition's participation report as a PDF with its ETag and
    Last-Modified time, rendered once per content hash (the report's
    figures carry their date, so it is rendered again each day at most)."""
    reports = {}

    def build() -> tuple[dict, dt.datetime]:
        reports["report"] = report = participation_report(edition, now=now)
        return {"render_version": RENDER_VERSION, **asdict(report)}, edition.updated_at

    def render(document: dict) -> bytes:
        # The document is the report's data; the template reads the report.
        return render_participation_report_pdf(reports["report"])

    return _cached_pdf(
        key=f"leitbild:report-pdf-hash:{edition.pk}",
        build=build,
        render=render,
        templates=REPORT_TEMPLATES,
    )


def _file_name(text: str) -> str:
    """Text as a part of a file name, capitals kept: umlauts spelled out,
    everything but letters and digits a hyphen."""
    for umlaut, spelled in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(umlaut, spelled).replace(
            umlaut.upper(), spelled.capitalize()
        )
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", ascii_text).strip("-")


def pdf_file_stem(edition: Edition) -> str:
    """The German title as a file name with capitals kept, and the year:
    "Leitbild Migration und Integration", 2025 ->
    "Leitbild-Migration-und-Integration-2025". In another language, its
    code follows: "…-2025-ar" (a title in Arabic script would leave no
    letters)."""
    title = edition.title_de or edition.city.leitbild_title_de
    stem = f"{_file_name(title) or 'Leitbild'}-{edition.year}"
    language = get_language()
    if language and language != settings.LANGUAGE_CODE:
        stem = f"{stem}-{language}"
    return stem


def participation_report_file_stem(edition: Edition) -> str:
    """The words for a participation report, in the active language, before
    the edition's stem: "Beteiligungsbericht-Leitbild-Migration-und-
    Integration-2025"."""
    words = pgettext("participation report", "Participation report")
    return f"{_file_name(words)}-{pdf_file_stem(edition)}"


def edition_pdf_archive(edition: Edition) -> str:
    """Render the edition's PDF now, store it as the adopted file and return
    its SHA-256.

    Called when the council adopts the edition, after its status and the
    date of the decision are set (the file shows both, and no draft mark):
    a draft cannot be archived. The file is the German text the council
    adopted, whatever the language of the request. Only pdf_file and
    pdf_sha256 are saved.
    """
    if edition.is_draft:
        raise ValueError("Only an adopted or archived edition can be archived.")
    with override(settings.LANGUAGE_CODE):
        content = render_edition_pdf(edition)
        name = pdf_file_stem(edition)
    sha256 = hashlib.sha256(content).hexdigest()
    name = f"{name}-{sha256[:12]}.pdf"
    edition.pdf_file.save(name, ContentFile(content), save=False)
    edition.pdf_sha256 = sha256
    edition.save(update_fields=["pdf_file", "pdf_sha256"])
    return sha256
