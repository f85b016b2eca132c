"""Text from a register is shown as text, never as markup.

Register cells, sheet and file names, and the notes and rejection reasons that quote them are data: whatever they
hold (``<iframe …>``, ``<style>``, ``![x](http://…)``, ``[x](javascript:…)``, ``:red[…]``, ``:material/…:``,
``$x$``, ``&lt;``, a right-to-left override) must appear on the page as written and never become an element, a
link, a picture, a style, a formula or an icon. Two renderers read the text the app hands to the browser; each has
exactly one function here, and every file-derived string goes through it on its way to the page:

* :func:`markdown_literal` for everything Streamlit renders as Markdown: ``st.markdown``, ``st.caption``,
  ``st.info``/``warning``/``success``/``error``, titles and headers, widget, tab, expander and metric labels,
  ``help`` texts, ``st.toast``, progress texts. (``st.dataframe`` cells, ``st.code``, selectbox options and
  download file names are not Markdown and get the text as it is.)
* :func:`plotly_literal` for every text of a Plotly figure: category values (they become tick labels), tick
  texts, hover texts, trace and legend names, titles, annotations.

The supervision brief's files have one function each too: :func:`reportlab_literal` for every text of a ReportLab
``Paragraph`` in the PDF (its mini-markup: ``<b>``, ``<a href>``, ``<img src>``, ``<font>``, entities), and
:func:`visible_text` itself for the deck (python-pptx text is plain; PowerPoint still obeys a right-to-left
override, so the deck must show it as the pages do).

Both first make the text *visible*: a line break becomes a space (a web page shows it so in running text, and
Plotly does the same), and characters that would act without being seen — bidirectional embeddings, overrides
and isolates such as U+202E (which shows the rest of the line reversed) and other C0/C1 control characters —
are shown as ``[U+202E]``.

Neither function is idempotent, and must not be applied twice: its output is source for the renderer, and escaping
it again escapes the escapes (the page would show backslashes or entities). What holds instead: text without
special characters comes back unchanged, and the renderer shows exactly the visible text (for Markdown, with
invisible word joiners U+2060 where Streamlit would otherwise turn the text into an icon, emoji or link).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

WORD_JOINER = "\u2060"

# Shown as a space: the line breaks of Python's str.splitlines that a reader takes for one.
_LINE_BREAK = re.compile("\r\n|[\n\r\u0085\u2028\u2029]")
# Shown as [U+XXXX]: C0 controls but tab, DEL and C1 controls, and the bidirectional formatting characters
# (Arabic letter mark, LRM/RLM, LRE/RLE/PDF/LRO/RLO, LRI/RLI/FSI/PDI).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def visible_text(value: object) -> str:
    """``value`` as text with line breaks shown as spaces and invisible control characters as ``[U+XXXX]``.

    This is what the page shows for a file-derived string; both escaping functions start from it.
    """
    text = _LINE_BREAK.sub(" ", "" if value is None else str(value))
    return _INVISIBLE.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)


# ---- Markdown (Streamlit) -------------------------------------------------------------------------------------

# CommonMark: a backslash before any ASCII punctuation character makes it a literal character. Every Markdown
# construct (emphasis, links, images, raw HTML, entities, code, headings, lists, tables, strikethrough) and every
# Streamlit extension (:directives[…], $math$) starts with ASCII punctuation, so escaping all of it leaves no syntax.
_ASCII_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Some Streamlit and GFM features act on the text *after* Markdown has been parsed (escapes already removed): emoji
# shortcodes (:smile:), the Streamlit logo (:streamlit:), material icons (:material/…:, replaced in the source),
# bare links (http://…, www.…, name@host.tld) and typographic arrows ( -> , <= , -- ). Each of them starts with a
# colon followed by a character, with "www.", with an "@" inside a word, or with an arrow's two characters. A word
# joiner — invisible, zero-width, no line break — is put right there: after a colon that a non-space follows, after
# an "@", between "www" and a dot, between the two characters of an arrow. (A colon before a space, as in
# "Kecamatan: Tugu", stays as it is.)
_TEXT_NODE_PATTERN = re.compile(r"(?i):(?=\S)|@|www(?=\.)|[<>~-](?=[>=-])")
_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$")


def markdown_literal(value: object) -> str:
    """``value`` (any file-derived text) as Markdown source that Streamlit shows literally.

    Every ASCII punctuation character is backslash-escaped (so ``<``, ``*``, ``[``, ``!``, ``$``, ``:``, ``&``,
    ``#`` … are characters, not syntax), word joiners break the patterns Streamlit matches after parsing (emoji and
    icon shortcodes, bare links, arrows), and spaces or tabs at either end are written as character references
    (leading spaces would otherwise start a code block). Line breaks and invisible controls are made visible first
    (:func:`visible_text`). The result is safe wherever the app's own Markdown puts it — inside bold text, after a
    label and a space, inside quotes or ``:small[…]``, as a heading or a widget label — as long as the app's text
    right next to it is not a colon or a letter (it never is). Not idempotent: apply it once, to the raw text.
    """
    text = _TEXT_NODE_PATTERN.sub(lambda m: m.group() + WORD_JOINER, visible_text(value))
    text = _ASCII_PUNCTUATION.sub(r"\\\1", text)
    return _EDGE_SPACE.sub(lambda m: "".join(f"&#{ord(c)};" for c in m.group()), text)


# ---- Plotly ---------------------------------------------------------------------------------------------------

# Plotly.js reads its texts as pseudo-HTML: <b>, <i>, <em>, <sup>, <sub>, <s>, <u>, <span style>, <br> and
# <a href target popup> are live, and entities are decoded after the tags are found. "&", "<" and ">" as entities
# leave no tag and show as themselves; "$" as an entity keeps a text from being typeset as a formula when a page has
# MathJax, "%" as an entity keeps it from being read as a %{…} placeholder should it ever sit in a hover template.
_PLOTLY_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "$": "&#36;", "%": "&#37;"}
_PLOTLY_SPECIAL = re.compile("[&<>$%]")


def plotly_literal(value: object) -> str:
    """``value`` (any file-derived text) as Plotly text that the chart shows literally.

    ``&``, ``<``, ``>``, ``$`` and ``%`` become entities, which Plotly shows as the characters themselves; line
    breaks and invisible controls are made visible first (:func:`visible_text`). The app's own markup (``<br>`` to
    wrap a label, ``<b>`` for a total) is added around the result, never inside it. Not idempotent: apply it once,
    to the raw text (a second pass would show ``&amp;`` on the chart).
    """
    return _PLOTLY_SPECIAL.sub(lambda m: _PLOTLY_ENTITIES[m.group()], visible_text(value))


# ---- ReportLab (the PDF brief) --------------------------------------------------------------------------------


def reportlab_literal(value: object) -> str:
    """``value`` (any text, file-derived or the app's own) as ReportLab ``Paragraph`` source that the PDF shows
    literally.

    ReportLab reads a paragraph's text as XML-like markup: tags (``<b>``, ``<font>``, ``<a href>``, ``<img src>``,
    ``<link>``) and entities. ``&``, ``<`` and ``>`` become entities, which the PDF shows as the characters
    themselves; line breaks and invisible controls are made visible first (:func:`visible_text`), so an override
    shows as ``[U+202E]`` instead of a glyph the font lacks. The app's own markup (``<b>`` for a topic) is added
    around the result, never inside it. Not idempotent: apply it once, to the raw text.
    """
    return escape(visible_text(value))
