"""What a reader sees of the app's Markdown, for assertions on AppTest element bodies.

File text reaches the page's Markdown through :func:`netralitas.literal.markdown_literal` (backslash escapes, word
joiners, character references for spaces at either end); this undoes exactly that, so a test can look for the text as
written. The app's own formatting marks (``**``, ``:small[…]``) stay.
"""

from __future__ import annotations

import html
import re

_ESCAPE_OR_REFERENCE = re.compile(r"\\([!-/:-@\[-`{-~])|&#(?:32|9);")


def markdown_shows(source: str) -> str:
    """``source`` with backslash escapes resolved, the references for spaces and tabs decoded and word joiners
    (U+2060) dropped."""

    def one(m: re.Match) -> str:
        return m.group(1) if m.group(1) else html.unescape(m.group())

    return _ESCAPE_OR_REFERENCE.sub(one, source).replace("\u2060", "")
