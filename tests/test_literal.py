"""netralitas.literal: generated text through both escaping functions.

Invariants checked for any text (hypothesis mixes arbitrary Unicode with fragments of hostile markup):

Markdown (:func:`markdown_literal`)
  * no line break and no control character is left; every ASCII punctuation character is backslash-escaped,
    apart from the character references written for spaces at either end — so, by CommonMark, no Markdown syntax,
    HTML, entity, code, link, image, directive or math from the text remains;
  * the text a parser puts into the page (escapes resolved, references decoded) is exactly the visible text, plus
    invisible word joiners; and in it none of the patterns that Streamlit and GFM match *after* parsing (emoji and
    logo shortcodes, material icons, bare links and e-mail addresses, typographic arrows) is left;
  * text without special characters comes back unchanged.

Plotly (:func:`plotly_literal`)
  * no "<" or ">" is left (Plotly's tag splitter finds no tag), no "$" (no formula), no "%" (no placeholder), and
    every "&" starts one of the entities written;
  * Plotly's entity decoding (one pass, as plotly.js does it) gives exactly the visible text;
  * text without special characters comes back unchanged.

ReportLab (:func:`reportlab_literal`, the PDF brief's paragraphs)
  * ReportLab's paragraph parser finds no tag in it (every fragment in the base font, no link, no picture) and
    gives exactly the visible text.

None is idempotent (a second pass escapes the escapes); that is asserted too, so nobody relies on it.
"""

from __future__ import annotations

import html
import re
import string

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from netralitas.literal import WORD_JOINER, markdown_literal, plotly_literal, reportlab_literal, visible_text

HOSTILE_FRAGMENTS = [
    "<", ">", "&", "&lt;", "&amp;", "&#60;", "&#x3C;", "<b>", "</b>", "<br>", "<a href='http://127.0.0.1:9/a'>",
    "<img src=x onerror=alert(1)>", "<style>*{color:red}</style>", "<iframe src=//127.0.0.1:9>", "![i](http://x/i.png)",
    "[l](javascript:alert(1))", "[r]: http://x", "<http://x>", "http://127.0.0.1:9/x", "HTTPS://x.y", "www.example.com",
    "Www.X.org", "nama@contoh.go.id", ":material/home:", ":material_home:", ":red[x]", ":blue-background[x]",
    ":small[x]", ":help[x]", ":streamlit:", ":smile:", ":+1:", ":-1:", "$x$", "$$x$$", "\\$", "`x`", "```", "**b**",
    "__u__", "*i*", "_i_", "~~s~~", "~s~", "# h", "## h", "> q", "- li", "+ li", "1. li", "1) li", "|a|b|", "---",
    "===", "    code", "\t", "\\", "\\\\", "%{x}", "%{customdata[0]}", " -> ", " <- ", " <-> ", " -- ", " >= ", " <= ",
    " ~= ", "\n", "\r\n", "\r", "\u2028", "\u2029", "\x85", "\u202e", "\u202d", "\u2066", "\u2069", "\u200f",
    "\u061c", "\x00", "\x1b[31m", "\x7f", "\x9b", WORD_JOINER, "[^1]", "{#id}", "{.cls}", "&nbsp;", "&#36;", "&#37;",
    "&mu;", "  ",
]
hostile_text = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(HOSTILE_FRAGMENTS)), max_size=12).map("".join)
plain_text = st.text(alphabet=string.ascii_letters + string.digits + "àéöñßıАяߍ中文한국 ", max_size=40).filter(
    lambda s: s == s.strip(" ") and "www" not in s.lower())

# ---- Markdown ------------------------------------------------------------------------------------------------

ASCII_PUNCTUATION = set(string.punctuation)
CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
EDGE_REFERENCE = re.compile(r"^(?:&#(?:32|9);)+|(?:&#(?:32|9);)+$")

# Patterns Streamlit and GFM apply to text nodes after parsing (see netralitas/literal.py).
AFTER_PARSING = {
    "emoji": re.compile(r":\+1:|:-1:|:[\w+-]+:"),
    "material icon": re.compile(r":material[_/]\w+:"),
    "streamlit logo": re.compile(r":streamlit:"),
    "bare link": re.compile(r"https?://|www(?=\.)", re.IGNORECASE),
    "e-mail link": re.compile(r"[-.\w+]+@[-\w]+(?:\.[-\w]+)+"),
    "typographic arrow": re.compile(r"(?:^|\s)(?:<->|->|<-|--|>=|<=|~=)(?:\s|$)"),
}


def markdown_text_node(source: str) -> str:
    """What a CommonMark parser puts into the page for ``source`` that contains only escapes, references at the
    ends and other characters (asserted by :func:`assert_only_escapes`)."""
    core = EDGE_REFERENCE.sub(lambda m: html.unescape(m.group()), source)
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", core)


def assert_only_escapes(source: str) -> None:
    """Every ASCII punctuation character in ``source`` is escaped by a backslash (or is part of a reference for a
    space or tab at either end)."""
    core = EDGE_REFERENCE.sub(lambda m: "\x20" * m.group().count(";"), source)
    i = 0
    while i < len(core):
        if core[i] == "\\":
            assert i + 1 < len(core) and core[i + 1] in ASCII_PUNCTUATION, (source, i)
            i += 2
            continue
        assert core[i] not in ASCII_PUNCTUATION, (source, i, core[i])
        i += 1


@settings(max_examples=600, deadline=None)
@given(hostile_text)
@example("<iframe src=\"http://127.0.0.1:9/frame\"></iframe>")
@example("Pemilu 2024 ![s](http://127.0.0.1:9/s.png)")
@example("    kode :material/warning: :red[merah] $x^2$ \u202eabc")
@pytest.mark.slow
def test_markdown_literal_leaves_no_markup_and_shows_the_text(text: str) -> None:
    source = markdown_literal(text)
    assert not CONTROL.search(source), repr(source)
    assert not source.startswith((" ", "\t")) and not source.endswith((" ", "\t"))
    assert_only_escapes(source)
    assert ":material/" not in source  # Streamlit rewrites this in the source, before parsing
    node = markdown_text_node(source)
    assert node.replace(WORD_JOINER, "") == visible_text(text).replace(WORD_JOINER, "")
    for context in (node, f"Label: {node} selesai", f"**{node}**", f"“{node}”", f"({node}).", f"- {node}: 3"):
        for name, pattern in AFTER_PARSING.items():
            assert not pattern.search(context), (name, context)


@given(plain_text)
def test_markdown_literal_keeps_plain_text(text: str) -> None:
    assert markdown_literal(text) == text


def test_markdown_literal_is_not_idempotent() -> None:
    once = markdown_literal("Dinas <PU> & *Kominfo*")
    assert once == r"Dinas \<PU\> \& \*Kominfo\*"
    assert markdown_literal(once) != once  # applied twice, the page would show the backslashes


def test_markdown_literal_examples() -> None:
    joiner = WORD_JOINER
    assert markdown_literal(":red[x]") == f"\\:{joiner}red\\[x\\]"
    assert markdown_literal("Kecamatan: Tugu") == "Kecamatan\\: Tugu"  # a colon before a space needs no joiner
    assert markdown_literal("http://x") == f"http\\:{joiner}\\/\\/x"
    assert markdown_literal("a\nb\r\nc") == "a b c"
    assert markdown_literal("  x\t") == "&#32;&#32;x&#9;"
    assert markdown_literal("\u202eabc") == r"\[U\+202E\]abc"
    assert markdown_literal(None) == ""
    assert markdown_literal(2024) == "2024"


# ---- Plotly --------------------------------------------------------------------------------------------------

# plotly.js (src/lib/svg_text_utils.js): the text is split at tags, then entities of the text pieces are decoded
# in one pass — numeric ones and these names.
PLOTLY_NAMED = {"mu": "μ", "amp": "&", "lt": "<", "gt": ">", "nbsp": "\xa0", "times": "×", "plusmn": "±", "deg": "°"}
PLOTLY_ENTITY = re.compile(r"&(#\d+|#x[\da-fA-F]+|[a-z]+);")
PLOTLY_TAG = re.compile(r"<[^<>]*>")
WRITTEN_ENTITY = re.compile(r"&(?!(?:amp|lt|gt|#36|#37);)")


def plotly_shows(text: str) -> str:
    """The characters Plotly draws for a text piece without tags (its entity decoding, one pass)."""

    def decode(m: re.Match) -> str:
        ref = m.group(1)
        if ref.startswith("#"):
            code = int(ref[2:], 16) if ref[1] in "xX" else int(ref[1:])
            return chr(code) if 0 < code <= 0x10FFFF else m.group()
        return PLOTLY_NAMED.get(ref, m.group())

    return PLOTLY_ENTITY.sub(decode, text)


@settings(max_examples=600, deadline=None)
@given(hostile_text)
@example("<a href=\"http://127.0.0.1:9/x\">Dinas</a><br><b>tebal</b>")
@example("&lt;b&gt;bukan tag&lt;/b&gt; 50% $x$ %{customdata[0]}")
@pytest.mark.slow
def test_plotly_literal_leaves_no_markup_and_shows_the_text(text: str) -> None:
    out = plotly_literal(text)
    assert not PLOTLY_TAG.search(out) and "<" not in out and ">" not in out
    assert "$" not in out and "%" not in out
    assert not WRITTEN_ENTITY.search(out), out
    assert not CONTROL.search(out), repr(out)
    assert plotly_shows(out) == visible_text(text)


@given(plain_text)
def test_plotly_literal_keeps_plain_text(text: str) -> None:
    assert plotly_literal(text) == text


def test_plotly_literal_is_not_idempotent() -> None:
    once = plotly_literal("A & B <C>")
    assert once == "A &amp; B &lt;C&gt;"
    assert plotly_literal(once) != once and plotly_shows(plotly_literal(once)) == once


# ---- ReportLab -----------------------------------------------------------------------------------------------


def reportlab_fragments(source: str) -> list:
    """The fragments ReportLab's paragraph parser makes of ``source`` (each with its text, font and link)."""
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.platypus.paraparser import ParaParser

    _style, fragments, _bullet = ParaParser().parse(source, ParagraphStyle("uji"))
    assert fragments is not None, source  # the markup was valid
    return fragments


@settings(max_examples=300, deadline=None)
@given(hostile_text)
@example('<b>tebal</b> <a href="http://127.0.0.1:9/a">tautan</a> <img src="http://127.0.0.1:9/i.png"/> &amp; &nbsp;')
@example("<font color=red>merah</font><link href='x'>l</link> < & > \u202eabc")
@pytest.mark.slow
def test_reportlab_literal_leaves_no_markup_and_shows_the_text(text: str) -> None:
    fragments = reportlab_fragments(reportlab_literal(text))
    assert "".join(f.text for f in fragments) == visible_text(text)
    base = {f.fontName for f in reportlab_fragments("teks")}
    assert {f.fontName for f in fragments} <= base
    assert not [f for f in fragments if getattr(f, "link", None) or getattr(f, "cbDefn", None)]


def test_reportlab_literal_examples() -> None:
    assert reportlab_literal("Aula <b>A</b> & B\u202e") == "Aula &lt;b&gt;A&lt;/b&gt; &amp; B[U+202E]"
    assert reportlab_literal("Kantor Kecamatan Tugu") == "Kantor Kecamatan Tugu"
    assert reportlab_literal(reportlab_literal("&")) == "&amp;amp;"
