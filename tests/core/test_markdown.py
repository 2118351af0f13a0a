import pytest
from django.utils.safestring import SafeString

from core.markdown import render_markdown


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "Text\n\n<script src='https://evil.example/x.js'></script>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<p>vorher<script>alert(1)</script>nachher</p>",
    ],
)
def test_render_markdown_removes_script(text):
    html = render_markdown(text)

    assert "<script" not in html.lower()
    assert "alert(" not in html


@pytest.mark.parametrize(
    "text",
    [
        '<img src="x" onerror="alert(1)">',
        '<p onclick="alert(1)">Absatz</p>',
        '<a href="https://example.org" onmouseover="alert(1)">Link</a>',
        '<h2 onerror="alert(1)">Titel</h2>',
    ],
)
def test_render_markdown_removes_event_handler_attributes(text):
    html = render_markdown(text)

    assert "onerror" not in html
    assert "onclick" not in html
    assert "onmouseover" not in html
    assert "alert" not in html


@pytest.mark.parametrize(
    "text",
    [
        "[Klick](javascript:alert(1))",
        '<a href="javascript:alert(1)">Klick</a>',
        '<a href="JaVaScRiPt:alert(1)">Klick</a>',
        "[Klick](data:text/html;base64,PHNjcmlwdD4=)",
    ],
)
def test_render_markdown_removes_unsafe_link_schemes(text):
    html = render_markdown(text)

    assert "javascript:" not in html.lower()
    assert "data:" not in html
    assert "Klick" in html


@pytest.mark.parametrize(
    "text",
    [
        "<style>body { display: none }</style>",
        '<p style="position:fixed;top:0">Text</p>',
    ],
)
def test_render_markdown_removes_styles(text):
    html = render_markdown(text)

    assert "<style" not in html
    assert "style=" not in html
    assert "display: none" not in html


def test_render_markdown_removes_iframes_and_forms():
    html = render_markdown(
        '<iframe src="https://evil.example"></iframe>'
        '<form action="https://evil.example"><input name="p"></form>'
    )

    assert "<iframe" not in html
    assert "<form" not in html
    assert "<input" not in html


def test_render_markdown_keeps_ordinary_formatting_and_safe_links():
    html = render_markdown(
        "**Wichtig:** siehe [Stadt](https://www.stadt.example/) oder "
        "[Mail](mailto:ki@stadt.example)\n\n- eins\n- zwei"
    )

    assert "<strong>Wichtig:</strong>" in html
    assert 'href="https://www.stadt.example/"' in html
    assert 'href="mailto:ki@stadt.example"' in html
    assert "<li>eins</li>" in html
    assert 'rel="noopener noreferrer"' in html


def test_render_markdown_escapes_text_that_looks_like_markup():
    html = render_markdown("1 < 2 & 3 > 2")

    assert "&lt;" in html
    assert "&amp;" in html


def test_render_markdown_returns_safe_html():
    assert isinstance(render_markdown("Text"), SafeString)
    assert render_markdown("") == ""


def test_headings_get_ids_to_link_to():
    html = render_markdown("# Unsere Ziele\n\nText")

    assert '<h2 id="unsere-ziele">Unsere Ziele</h2>' in html


@pytest.mark.parametrize(
    ("offset", "markdown", "tag"),
    [
        (1, "# Titel", "h2"),
        (2, "# Titel", "h3"),
        (3, "# Titel", "h4"),
        (1, "## Titel", "h3"),
        (2, "## Titel", "h4"),
    ],
)
def test_heading_offset_shifts_heading_levels(offset, markdown, tag):
    html = render_markdown(markdown, heading_offset=offset)

    assert html.startswith(f'<{tag} id="titel">')
    assert "<h1" not in html


def test_no_heading_becomes_an_h1_below_the_page_title():
    html = render_markdown("# Eins\n\n## Zwei\n\n### Drei")

    assert "<h1" not in html
    assert '<h2 id="eins">' in html
    assert '<h3 id="zwei">' in html
    assert '<h4 id="drei">' in html
