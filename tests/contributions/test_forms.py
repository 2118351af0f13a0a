"""The consultation's public forms, on their own: which fields a visitor
gets, and how text is cleaned or refused before any service sees it."""

import pytest

from contributions.forms import ContributionForm, SuggestionForm, SupportForm


def suggestion(**overrides) -> dict:
    data = {
        "s-passage": "Teilhabe",
        "s-proposal": "gleichberechtigte Teilhabe",
        "s-body": "Kurz begründet.",
        "s-author_name": "",
        "s-email": "jonas@example.org",
        "s-consent": "on",
    }
    data.update({f"s-{name}": value for name, value in overrides.items()})
    return data


def test_a_signed_in_resident_gets_no_email_field(db):
    assert "email" not in ContributionForm(signed_in=True).fields
    assert "email" in ContributionForm().fields


def test_a_signed_in_supporter_needs_only_the_button(db):
    form = SupportForm(signed_in=True, data={})

    assert set(form.fields) == {"homepage"}
    assert form.is_valid()


@pytest.mark.parametrize("field", ["passage", "proposal", "body", "author_name"])
def test_a_nul_byte_is_refused_in_every_text_field(db, field):
    form = SuggestionForm(prefix="s", data=suggestion(**{field: "Teil\x00habe"}))

    assert not form.is_valid()
    assert form.has_error(field, "null_characters_not_allowed")
    assert "Steuerzeichen (NUL)" in str(form.errors[field])


def test_names_lose_extra_whitespace_and_texts_their_edges(db):
    form = SuggestionForm(
        prefix="s", data=suggestion(author_name=" Ay\u015fe\n  Y.  ", body="  Kurz.  ")
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_data["author_name"] == "Ayşe Y."
    assert form.cleaned_data["body"] == "Kurz."


def test_passage_and_proposal_stop_at_2000_characters(db):
    form = SuggestionForm(prefix="s", data=suggestion(passage="x" * 2001))

    assert form.has_error("passage", "max_length")
    assert form.fields["passage"].widget.attrs["maxlength"] == "2000"
    assert form.fields["body"].widget.attrs["maxlength"] == "4000"


def test_the_trap_field_marks_scripts(db):
    assert SuggestionForm(prefix="s", data=suggestion(homepage="x")).is_spam
    assert not SuggestionForm(prefix="s", data=suggestion()).is_spam
