"""What changed between two editions of the Leitbild: pure functions.

`compare_texts` diffs two Markdown source texts word by word;
`compare_editions` pairs the sections of two editions and sorts their
action fields into added, dropped, renamed, merged, split and unchanged by
the fields' `continues` links. Neither queries the database when the
editions come with their sections, action fields and the fields' `continues`
prefetched (see `COMPARISON_PREFETCH`).

They compare the German text, the one the council adopts, in every language
of the page: translations are not binding, and one edition may be translated
where the other is not (the pages mark the German passages lang="de").
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Literal

from django.conf import settings
from django.db.models import Prefetch
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from leitbild.models import Edition, Section

from .models import ActionField

# A token is a word, a run of whitespace or a run of punctuation (so that
# "entworfen." still matches "entworfen"); joined, they give back the text.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]+")
_WORD = re.compile(r"\w+")


def german(obj, field: str) -> str:
    """The German (adopted) text of a translated field, whatever the page's
    language."""
    return getattr(obj, build_localized_fieldname(field, settings.LANGUAGE_CODE)) or ""


EQUAL = "equal"
INSERT = "insert"
DELETE = "delete"

# The lookups an edition needs before `compare_editions` reads it.
COMPARISON_PREFETCH = (
    Prefetch("sections", queryset=Section.objects.order_by("order", "id")),
    Prefetch(
        "action_fields",
        queryset=ActionField.objects.order_by(
            "-is_priority", "order", "name"
        ).prefetch_related(
            Prefetch("continues", queryset=ActionField.objects.only("id", "edition_id"))
        ),
    ),
)


# Texts


@dataclass(frozen=True)
class Segment:
    """A run of text that both versions share, or that one of them adds or
    removes."""

    kind: Literal["equal", "insert", "delete"]
    text: str


@dataclass(frozen=True)
class DiffResult:
    segments: tuple[Segment, ...]
    words_added: int
    words_removed: int

    @property
    def changed(self) -> bool:
        """Whether any text differs, if only punctuation."""
        return any(segment.kind != EQUAL for segment in self.segments)

    @property
    def html(self) -> SafeString:
        return render_diff(self)


def _count_words(text: str) -> int:
    return len(_WORD.findall(text))


def _match_key(token: str) -> str:
    """What a token is compared by: re-wrapping a paragraph changes only
    whitespace, which is not worth showing; a blank line (a new paragraph in
    Markdown) still differs from a space."""
    if token.isspace():
        return "\n\n" if token.count("\n") >= 2 else " "
    return token


def _hunks(old: list[str], new: list[str]) -> list[tuple[str, str, str]]:
    """(kind, removed, added) runs; kind "equal" carries its text in added."""
    matcher = SequenceMatcher(
        None,
        [_match_key(token) for token in old],
        [_match_key(token) for token in new],
        autojunk=False,
    )
    hunks: list[tuple[str, str, str]] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed, added = "".join(old[i1:i2]), "".join(new[j1:j2])
        if tag == "equal" or not (removed.strip() or added.strip()):
            # Equal, or a change of whitespace only: show the new spacing.
            hunks.append((EQUAL, "", added))
            continue
        # Two replacements with a single space between them become one, so
        # that a reworded phrase reads "~~old words~~ new words", not word
        # by word in turns.
        if (
            removed
            and added
            and len(hunks) >= 2
            and hunks[-1][0] == EQUAL
            and hunks[-1][2].isspace()
            and hunks[-2][0] != EQUAL
            and hunks[-2][1]
            and hunks[-2][2]
        ):
            space = hunks.pop()[2]
            _kind, removed_before, added_before = hunks.pop()
            removed = removed_before + space + removed
            added = added_before + space + added
        hunks.append(("change", removed, added))
    return hunks


def _split_space(text: str) -> tuple[str, str, str]:
    """Leading whitespace, the rest without trailing whitespace, trailing
    whitespace."""
    core = text.strip()
    if not core:
        return text, "", ""
    start = text.index(core)
    return text[:start], core, text[start + len(core) :]


def compare_texts(old: str, new: str) -> DiffResult:
    """Word-level diff of two texts; whitespace is kept as it is."""
    segments: list[Segment] = []

    def push(kind: str, text: str) -> None:
        if not text:
            return
        if segments and segments[-1].kind == kind:
            text = segments.pop().text + text
        segments.append(Segment(kind, text))

    words_added = words_removed = 0
    for kind, removed, added in _hunks(_TOKEN.findall(old), _TOKEN.findall(new)):
        if kind == EQUAL:
            push(EQUAL, added)
            continue
        words_removed += _count_words(removed)
        words_added += _count_words(added)
        if removed.strip() and added.strip():
            push(DELETE, removed)
            push(INSERT, added)
        else:
            # A pure insertion or deletion: its surrounding spaces are not
            # part of the change and are shown unmarked.
            is_removal = bool(removed.strip())
            lead, core, trail = _split_space(removed if is_removal else added)
            push(EQUAL, lead)
            push(DELETE if is_removal else INSERT, core)
            push(EQUAL, trail)
    return DiffResult(tuple(segments), words_added, words_removed)


def render_diff(result: DiffResult) -> SafeString:
    """The diff as HTML: <ins> and <del>, each opened and closed by words
    that only screen readers hear, since many do not announce ins and del.
    Every piece of text is escaped."""
    markers = {
        INSERT: ("ins", gettext("added"), gettext("end of addition")),
        DELETE: ("del", gettext("removed"), gettext("end of removal")),
    }

    parts = []
    for segment in result.segments:
        if segment.kind == EQUAL:
            parts.append(format_html("{}", segment.text))
        else:
            tag, start, end = markers[segment.kind]
            parts.append(
                format_html(
                    '<{tag}><span class="visually-hidden">[{start}] </span>{text}'
                    '<span class="visually-hidden"> [{end}]</span></{tag}>',
                    tag=tag,
                    start=start,
                    text=segment.text,
                    end=end,
                )
            )
    return format_html_join("", "{}", ((part,) for part in parts))


# Editions


@dataclass(frozen=True)
class SectionChange:
    """A section of either edition, with its counterpart in the other."""

    old: Section | None
    new: Section | None
    diff: DiffResult
    paired_by: Literal["slug", "kind", "title", ""] = ""

    @property
    def status(self) -> Literal["added", "removed", "changed", "unchanged"]:
        if self.old is None:
            return "added"
        if self.new is None:
            return "removed"
        return "changed" if self.diff.changed else "unchanged"

    @property
    def title(self) -> str:
        return german(self.new or self.old, "title")

    @property
    def text(self) -> str:
        """The wording of a section that only one edition has."""
        return german(self.new or self.old, "body").strip()

    @property
    def title_changed(self) -> bool:
        return bool(
            self.old
            and self.new
            and german(self.old, "title") != german(self.new, "title")
        )


@dataclass(frozen=True)
class FieldPair:
    """An action field of the old edition and the one that continues it."""

    old: ActionField
    new: ActionField


@dataclass(frozen=True)
class FieldMerge:
    """One new action field that continues several old ones."""

    new: ActionField
    olds: tuple[ActionField, ...]


@dataclass(frozen=True)
class FieldSplit:
    """One old action field that several new ones continue."""

    old: ActionField
    news: tuple[ActionField, ...]


@dataclass(frozen=True)
class EditionComparison:
    old: Edition
    new: Edition
    sections: tuple[SectionChange, ...]
    fields_added: tuple[ActionField, ...]
    fields_dropped: tuple[ActionField, ...]
    fields_renamed: tuple[FieldPair, ...]
    fields_merged: tuple[FieldMerge, ...]
    fields_split: tuple[FieldSplit, ...]
    fields_unchanged: tuple[FieldPair, ...]

    @property
    def drafts(self) -> list[Edition]:
        """The compared editions that the council has not adopted."""
        return [edition for edition in (self.old, self.new) if edition.is_draft]

    @property
    def has_fields(self) -> bool:
        return bool(
            self.fields_added
            or self.fields_dropped
            or self.fields_renamed
            or self.fields_merged
            or self.fields_split
            or self.fields_unchanged
        )


def _normal_title(title: str) -> str:
    return " ".join(title.split()).casefold()


def pair_sections(
    old: Sequence[Section], new: Sequence[Section]
) -> list[tuple[Section | None, Section | None, str]]:
    """Pair sections by slug, else by kind, else by title.

    A kind pairs two sections only when each edition has exactly one
    unpaired section of that kind, and never "other", which says nothing
    about the content. The result follows the new edition's order; a
    section only the old edition has comes after the section it followed
    there.
    """
    partner: dict[int, tuple[Section, str]] = {}  # new index → old section
    paired_old: set[int] = set()

    def pair(key, how: str, *, unique: bool = False) -> None:
        old_by_key: dict[object, list[int]] = {}
        for index, section in enumerate(old):
            if index not in paired_old and key(section) is not None:
                old_by_key.setdefault(key(section), []).append(index)
        new_by_key: dict[object, list[int]] = {}
        for index, section in enumerate(new):
            if index not in partner and key(section) is not None:
                new_by_key.setdefault(key(section), []).append(index)
        for value, new_indexes in new_by_key.items():
            old_indexes = old_by_key.get(value, [])
            if unique and (len(old_indexes) != 1 or len(new_indexes) != 1):
                continue
            for new_index, old_index in zip(new_indexes, old_indexes, strict=False):
                partner[new_index] = (old[old_index], how)
                paired_old.add(old_index)

    pair(lambda section: section.slug, "slug")
    pair(
        lambda section: None if section.kind == Section.Kind.OTHER else section.kind,
        "kind",
        unique=True,
    )
    pair(lambda section: _normal_title(german(section, "title")), "title")

    rows: list[tuple[Section | None, Section | None, str]] = []
    for index, section in enumerate(new):
        old_section, how = partner.get(index, (None, ""))
        rows.append((old_section, section, how))
    # Each old section without a partner goes after the row of the old
    # section before it (or first, if none came before it).
    position = {id(row[0]): number for number, row in enumerate(rows) if row[0]}
    inserted_after: dict[int, list[Section]] = {}
    anchor = -1
    for index, section in enumerate(old):
        if index in paired_old:
            anchor = position[id(section)]
        else:
            inserted_after.setdefault(anchor, []).append(section)
    result = [(section, None, "") for section in inserted_after.get(-1, [])]
    for number, row in enumerate(rows):
        result.append(row)
        result.extend((section, None, "") for section in inserted_after.get(number, []))
    return result


def _field_links(
    old_fields: Iterable[ActionField], new_fields: Iterable[ActionField]
) -> tuple[dict[int, list[ActionField]], dict[int, list[ActionField]]]:
    """Continuation links between the two editions' fields, whichever way
    they point: a comparison can run from the newer edition to the older."""
    old_by_id = {field.pk: field for field in old_fields}
    new_by_id = {field.pk: field for field in new_fields}
    edges: set[tuple[int, int]] = set()
    for field in new_by_id.values():
        edges.update(
            (earlier.pk, field.pk)
            for earlier in field.continues.all()
            if earlier.pk in old_by_id
        )
    for field in old_by_id.values():
        edges.update(
            (field.pk, later.pk)
            for later in field.continues.all()
            if later.pk in new_by_id
        )
    olds_of: dict[int, list[ActionField]] = {pk: [] for pk in new_by_id}
    news_of: dict[int, list[ActionField]] = {pk: [] for pk in old_by_id}
    for old_pk, new_pk in edges:
        olds_of[new_pk].append(old_by_id[old_pk])
        news_of[old_pk].append(new_by_id[new_pk])
    return olds_of, news_of


def compare_editions(old_edition: Edition, new_edition: Edition) -> EditionComparison:
    """Sections and action fields of two editions, side by side.

    Action fields count as the same field only through `continues`; a field
    with the same name but no link is added in one edition and dropped in
    the other.
    """
    sections = []
    for old, new, how in pair_sections(
        list(old_edition.sections.all()), list(new_edition.sections.all())
    ):
        diff = compare_texts(
            german(old, "body").strip() if old else "",
            german(new, "body").strip() if new else "",
        )
        sections.append(SectionChange(old, new, diff, how))

    old_fields = list(old_edition.action_fields.all())
    new_fields = list(new_edition.action_fields.all())
    olds_of, news_of = _field_links(old_fields, new_fields)
    order = {field.pk: number for number, field in enumerate(old_fields + new_fields)}

    def ordered(fields: Iterable[ActionField]) -> tuple[ActionField, ...]:
        return tuple(sorted(fields, key=lambda field: order[field.pk]))

    renamed, unchanged, merged = [], [], []
    for field in new_fields:
        olds = olds_of[field.pk]
        if len(olds) >= 2:
            merged.append(FieldMerge(field, ordered(olds)))
        elif len(olds) == 1 and len(news_of[olds[0].pk]) == 1:
            pair = FieldPair(olds[0], field)
            same = _normal_title(german(olds[0], "name")) == _normal_title(
                german(field, "name")
            )
            (unchanged if same else renamed).append(pair)
    return EditionComparison(
        old=old_edition,
        new=new_edition,
        sections=tuple(sections),
        fields_added=tuple(field for field in new_fields if not olds_of[field.pk]),
        fields_dropped=tuple(field for field in old_fields if not news_of[field.pk]),
        fields_renamed=tuple(renamed),
        fields_merged=tuple(merged),
        fields_split=tuple(
            FieldSplit(field, ordered(news_of[field.pk]))
            for field in old_fields
            if len(news_of[field.pk]) >= 2
        ),
        fields_unchanged=tuple(unchanged),
    )


def default_base(editions: Sequence[Edition], target: Edition) -> Edition | None:
    """The edition to compare `target` with when the visitor chose none:
    the newest adopted or archived edition before it, else the newest
    edition before it."""
    earlier = sorted(
        (edition for edition in editions if edition.year < target.year),
        key=lambda edition: edition.year,
        reverse=True,
    )
    settled = {Edition.Status.ADOPTED, Edition.Status.ARCHIVED}
    return next(
        (edition for edition in earlier if edition.status in settled),
        earlier[0] if earlier else None,
    )
