"""geo.html: escaping for HTML, folium's JS template literals and Markdown; safe links."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.html import esc, link, md, safe_url

# Characters that could open markup, close an attribute or a template literal.
DANGEROUS = "<>\"'`"


@pytest.mark.parametrize(("raw", "escaped"), [
    ("<script>", "&lt;script&gt;"),
    ("a & b", "a &amp; b"),
    ('say "hi"', "say &quot;hi&quot;"),
    ("it's", "it&#x27;s"),
    ("`tick`", "&#96;tick&#96;"),
    ("${alert(1)}", "&#36;{alert(1)}"),
    ("Kəlbəcər / Քարվաճառ", "Kəlbəcər / Քարվաճառ"),
])
def test_esc_examples(raw: str, escaped: str) -> None:
    assert esc(raw) == escaped


def test_esc_accepts_any_object() -> None:
    assert esc(1094) == "1094"
    assert esc(None) == "None"


@given(st.text())
def test_esc_neutralises_and_reads_the_same(text: str) -> None:
    escaped = esc(text)
    assert not set(DANGEROUS) & set(escaped)
    assert "${" not in escaped
    assert html.unescape(escaped) == text


def test_md_escapes_link_syntax() -> None:
    escaped = md("[click](javascript:alert(1))")
    assert escaped == r"\[click\]\(javascript\:alert\(1\)\)"


@pytest.mark.parametrize("raw", ["**bold**", "_it_", "# heading", "<b>x</b>", "`code`",
                                 "![img](http://x/y.png)", "$x$", "a|b"])
def test_md_escapes_markup(raw: str) -> None:
    escaped = md(raw)
    assert re.search(r"(?<!\\)[\[\]()*_#<>`!$|]", escaped) is None, escaped


@given(st.text())
def test_md_round_trips(text: str) -> None:
    """Markdown turns each backslash-escape back into the character: the text shows as typed."""
    assert re.sub(r"\\(.)", r"\1", md(text), flags=re.S) == text


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JavaScript:alert(1)", "  javascript:alert(1)",
    "java\nscript:alert(1)", "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)", "//evil.example/x", "https:no-host", "mailto:a@b.c", "",
])
def test_link_refuses_non_http(url: str) -> None:
    assert safe_url(url) is None
    assert link(url, "<b>Source</b>") == "&lt;b&gt;Source&lt;/b&gt;"


def test_link_escapes_url_and_text() -> None:
    out = link('https://example.com/?a=1&b="2"', "<i>Title</i>")
    assert out == ('<a href="https://example.com/?a=1&amp;b=&quot;2&quot;" target="_blank" '
                   'rel="noopener noreferrer">&lt;i&gt;Title&lt;/i&gt;</a>')


def test_safe_url_accepts_http_and_https() -> None:
    assert safe_url("http://example.com") == "http://example.com"
    assert safe_url(" https://tass.com/world/1229757 ") == "https://tass.com/world/1229757"


def test_esc_keeps_text_on_one_line_so_markdown_never_takes_over():
    escaped = esc("first\n\n**bold** [x](javascript:alert(1))\r\nlast")
    assert "\n" not in escaped and "\r" not in escaped
    assert "&#10;&#10;**bold**" in escaped
