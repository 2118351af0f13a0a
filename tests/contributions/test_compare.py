"""The comparison of two editions shows, for each changed section, the
accepted suggestions behind the change: what changed, who suggested it and
why, and the integration centre's answer."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, resolve, reverse

from contributions.compare_views import EditionCompareWithSuggestionsView
from contributions.models import Contribution, TextChange
from contributions.services import (
    contribution_answer,
    contribution_withdraw,
    suggestion_apply,
)
from tests.conftest import (
    adopt,
    get,
    html_of,
    make_consultation,
    make_contribution,
    make_edition,
)

COMPARE = "/leitbild/vergleich/?von=2025&zu=2030"
PASSAGE = "Wir fördern Teilhabe in allen Lebensbereichen."


@pytest.fixture
def draft(city):
    """The draft in consultation (2030) and the adopted edition it revises
    (2025), whose sections have the same text."""
    old = make_edition(city)
    draft = make_consultation(city)
    for section in draft.sections.all():
        old.sections.create(
            order=section.order, slug=section.slug, title=section.title,
            body=section.body,
        )  # fmt: skip
    adopt(old)
    return draft


def suggestion(draft, **overrides) -> Contribution:
    values = {
        "section": draft.sections.get(slug="grundsaetze"),
        "kind": Contribution.Kind.SUGGESTION,
        "passage": PASSAGE,
        "proposal": "Wir fördern Teilhabe in allen Lebensbereichen und Stadtteilen.",
        "body": "Die Stadtteile sind verschieden.",
        "author_name": "Amina K.",
    }
    values.update(overrides)
    return make_contribution(draft, **values)


def section_block(html: str, title: str) -> str:
    """The comparison's part about one section."""
    start = html.index(f">{title}</h4>")
    return html[start : html.index("</section>", start)]


def test_the_compare_address_shows_the_comparison_with_suggestions():
    match = resolve("/leitbild/vergleich/")
    assert match.view_name == "leitbild:compare"
    assert match.func.view_class is EditionCompareWithSuggestionsView


def test_a_changed_section_lists_the_accepted_suggestion_behind_it(client, draft):
    accepted = suggestion(draft)
    suggestion_apply(contribution=accepted, note="Klarer für alle Stadtteile.")
    contribution_answer(contribution=accepted, answer="Danke, übernommen.")

    html = html_of(client, COMPARE)

    block = section_block(html, "Grundsätze")
    assert "Angenommene Vorschläge hinter dieser Änderung" in block
    assert (
        "Aus „Wir fördern Teilhabe in allen Lebensbereichen.“ wurde „Wir fördern "
        "Teilhabe in allen Lebensbereichen und Stadtteilen.“" in block
    )
    assert "Warum: Klarer für alle Stadtteile." in block
    assert (
        "Vorgeschlagen von Amina K., mit der Begründung: „Die Stadtteile sind "
        "verschieden.“" in block
    )
    assert "Antwort des Integrationszentrums: Danke, übernommen." in block
    # The unchanged section has nothing of the kind.
    assert "Angenommene Vorschläge" not in section_block(html, "Präambel")


def test_the_suggestion_is_linked_where_its_page_exists(client, draft):
    accepted = suggestion(draft)
    suggestion_apply(contribution=accepted)

    block = section_block(html_of(client, COMPARE), "Grundsätze")

    try:
        page = reverse(
            "contributions:section", kwargs={"year": 2030, "slug": "grundsaetze"}
        )
    except NoReverseMatch:
        assert "#beitrag-" not in block
    else:
        assert f'href="{page}#beitrag-{accepted.pk}"' in block


def test_a_withdrawn_suggestion_is_not_named_but_its_change_stays(client, draft):
    accepted = suggestion(draft)
    suggestion_apply(contribution=accepted, note="Klarer.")
    contribution_withdraw(contribution=accepted)

    block = section_block(html_of(client, COMPARE), "Grundsätze")

    assert "und Stadtteilen" in block
    assert "Amina K." not in block
    assert "Die Stadtteile sind verschieden." not in block
    assert (
        "Zu dieser Änderung ist kein veröffentlichter Vorschlag verzeichnet." in block
    )


def test_an_anonymised_suggestion_is_credited_to_a_resident(client, draft):
    from django.utils import timezone

    accepted = suggestion(draft)
    suggestion_apply(contribution=accepted)
    Contribution.objects.filter(pk=accepted.pk).update(
        author_name="", email="", anonymised_at=timezone.now()
    )

    block = section_block(html_of(client, COMPARE), "Grundsätze")

    accepted.refresh_from_db()
    assert f"Vorgeschlagen von {accepted.credited_to}, mit der Begründung" in block
    assert "Amina" not in block


def test_open_suggestions_are_not_shown_as_accepted(client, draft):
    suggestion(draft)  # published, not taken up
    section = draft.sections.get(slug="grundsaetze")
    section.body = section.body.replace("Teilhabe", "Mitwirkung")
    section.save()

    block = section_block(html_of(client, COMPARE), "Grundsätze")

    assert "Mitwirkung" in block
    assert "Angenommene Vorschläge" not in block


def test_the_comparison_costs_the_same_queries_for_many_suggestions(client, draft):
    section = draft.sections.get(slug="grundsaetze")

    def queries() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert get(client, COMPARE).status_code == 200
        return len(captured)

    def change(number: int) -> None:
        text_change = TextChange.objects.create(
            section=section,
            passage=f"Satz {number}",
            replacement=f"Neuer Satz {number}",
            body_before=section.body,
            body_after=section.body + f" Satz {number}",
            note=f"Grund {number}",
        )
        for _ in range(2):
            suggestion(
                draft,
                state=Contribution.State.TAKEN_UP,
                result_change=text_change,
                answer="Übernommen.",
            )

    section.body += " Neu."
    section.save()
    change(1)
    few = queries()
    for number in range(2, 12):
        change(number)
    praeambel = draft.sections.get(slug="praeambel")
    praeambel.body += " Auch neu."
    praeambel.save()
    TextChange.objects.create(
        section=praeambel, passage="a", replacement="b", body_before="",
        body_after="",
    )  # fmt: skip

    html = get(client, COMPARE).content.decode()
    assert html.count("Grund 11") == 1
    assert queries() == few
