"""Example contributions on the example draft that `load_examples` adds
(events.services.example_edition_load), so that residents can try
supporting someone else's idea and see what becomes of a contribution.

Made through the same services as residents' and staff's own
(contribution_create, contribution_publish, and for
the outcomes contribution_take_up, suggestion_apply and
contribution_answer), so the examples exercise the real code paths. They
carry no e-mail address: no message is queued for them.
"""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from core.languages import german_columns
from handlungsfelder.models import ActionField, Goal
from leitbild.models import Edition, Section

from .models import Contribution
from .services import (
    contribution_answer,
    contribution_create,
    contribution_publish,
    contribution_take_up,
    passage_occurrences,
    suggestion_apply,
)

Kind = Contribution.Kind

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# Markdown that would make a sentence differ between the page and the source.
_MARKUP = set("*_[]`#<>|\\")


def _sentences(section: Section):
    """Sentences of a section's running text that a suggestion can quote:
    plain words only (no markup), long enough to mean something, and found
    exactly once in the text (whatever the line breaks in its source)."""
    (column,) = german_columns(Section, ("body",))
    for paragraph in (getattr(section, column) or "").split("\n\n"):
        paragraph = " ".join(paragraph.split())
        if not paragraph or paragraph[0] in "-+>0123456789":
            continue
        for sentence in _SENTENCE_END.split(paragraph):
            if (
                len(sentence.split()) >= 6
                and sentence[-1] in ".!?"
                and not _MARKUP & set(sentence)
                and passage_occurrences(section=section, passage=sentence) == 1
            ):
                yield sentence


def _passages(edition: Edition, count: int) -> list[tuple[Section, str]]:
    """Up to `count` quotable sentences, from different sections as far as
    the text allows: the first of each section, then the second, …"""
    sections = list(edition.sections.order_by("order", "pk"))
    candidates = [list(_sentences(section)) for section in sections]
    found = []
    for depth in range(max(map(len, candidates), default=0)):
        for section, sentences in zip(sections, candidates, strict=True):
            if depth < len(sentences) and len(found) < count:
                found.append((section, sentences[depth]))
    return found


def _published(now: dt.datetime, **values) -> Contribution:
    """A contribution made as a resident would, confirmed and published as
    staff would."""
    contribution = contribution_create(
        language="de", consent=True, confirmed=True, now=now, **values
    )
    return contribution_publish(contribution=contribution, now=now)


@transaction.atomic
def contribution_examples_load(
    *, edition: Edition, now: dt.datetime | None = None
) -> list[Contribution]:
    """A handful of published example contributions on the example draft:
    comments on a section, an action field and a goal, a text suggestion to
    support, one suggestion applied to the text and one comment taken up,
    each with the integration centre's answer.

    Made once: when the edition has contributions already, they are
    returned unchanged. Only for an example edition whose consultation is
    open (ValueError otherwise, so that real drafts are never touched).
    """
    if not edition.is_example:
        raise ValueError("Example contributions go on the example edition only.")
    existing = list(edition.contributions.order_by("pk"))
    if existing:
        return existing
    now = now or timezone.now()
    contributions = []
    section = edition.sections.order_by("order", "pk").first()
    if section is not None:
        contributions.append(
            _published(
                now,
                section=section,
                author_name="Amina (Beispiel)",
                body=(
                    "Beispielbeitrag: Dieser Abschnitt sollte Menschen, die neu "
                    "in der Stadt sind, direkt ansprechen."
                ),
            )
        )
    field = ActionField.objects.of_edition(edition).first()
    if field is not None:
        contributions.append(
            _published(
                now,
                action_field=field,
                author_name="Jonas (Beispiel)",
                body=(
                    "Beispielbeitrag: Angebote am Abend und am Wochenende würden "
                    "Berufstätigen die Teilnahme erleichtern."
                ),
            )
        )
    goal = (
        Goal.objects.filter(action_field__edition=edition)
        .order_by("-action_field__is_priority", "action_field__order", "order", "pk")
        .first()
    )
    if goal is not None:
        comment = _published(
            now,
            goal=goal,
            author_name="Dilara (Beispiel)",
            body=(
                "Beispielbeitrag: Das Ziel sollte auch Eltern ansprechen, deren "
                "Kinder gerade in die Kita kommen."
            ),
        )
        contributions.append(
            contribution_take_up(
                contribution=comment,
                goal=goal,
                answer=(
                    "Beispielantwort: Vielen Dank! Das Integrationszentrum hat die "
                    "Anregung bei der Formulierung des Ziels berücksichtigt."
                ),
                now=now,
            )
        )
    passages = _passages(edition, 2)
    if passages:
        section, passage = passages[0]
        contributions.append(
            _published(
                now,
                section=section,
                kind=Kind.SUGGESTION,
                passage=passage,
                proposal=(
                    f"{passage} (Beispiel für einen Textvorschlag: Hier stünde "
                    "die neue Formulierung.)"
                ),
                author_name="Kemal (Beispiel)",
                body="Beispielbeitrag: Der Satz sollte konkreter sagen, was geschieht.",
            )
        )
    if len(passages) == 2:
        section, passage = passages[1]
        suggestion = _published(
            now,
            section=section,
            kind=Kind.SUGGESTION,
            passage=passage,
            proposal=(
                f"{passage} Diese Ergänzung ist ein Beispiel für einen "
                "angenommenen Textvorschlag."
            ),
            author_name="Beispielverein für Nachbarschaftshilfe",
            body=(
                "Beispielbeitrag: Eine Ergänzung macht deutlich, dass alle "
                "mitwirken können."
            ),
        )
        suggestion_apply(
            contribution=suggestion,
            note="Beispiel: Der Vorschlag macht den Abschnitt verständlicher.",
            now=now,
        )
        contributions.append(
            contribution_answer(
                contribution=suggestion,
                answer=(
                    "Beispielantwort: Wir haben den Vorschlag übernommen; der "
                    "Vergleich der Auflagen zeigt die Änderung."
                ),
                now=now,
            )
        )
    return contributions
