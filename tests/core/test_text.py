"""Plain text from staff Markdown, for descriptions and structured data."""

from core.text import markdown_to_text


def test_markdown_becomes_one_line_of_words():
    text = (
        "# Titel\n\nEin **fetter** Satz mit [Link](https://example.org/).\n\n- a\n- b"
    )

    assert markdown_to_text(text) == "Titel Ein fetter Satz mit Link. a b"


def test_entities_become_characters_and_markup_stays_text():
    text = "Wohnen &amp; Arbeit & <script>alert(1)</script> &lt;b&gt;"

    plain = markdown_to_text(text)

    assert plain.startswith("Wohnen & Arbeit & ")
    assert "<script>" not in plain
    assert plain.endswith("<b>")


def test_long_text_is_cut_at_a_word_with_an_ellipsis():
    text = "Zusammenleben in der Stadtgesellschaft " * 10

    plain = markdown_to_text(text, max_chars=60)

    assert len(plain) <= 60
    assert plain.endswith("…")
    assert plain.removesuffix("…").split()[-1] in text.split()


def test_cut_after_a_full_sentence_needs_no_ellipsis():
    plain = markdown_to_text("Ein Satz. Noch ein langer Satz danach.", max_chars=12)

    assert plain == "Ein Satz."


def test_short_and_empty_texts_stay_as_they_are():
    assert markdown_to_text("Kurz.", max_chars=160) == "Kurz."
    assert markdown_to_text("") == ""
