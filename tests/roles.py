"""Running the app as a role in AppTest: the session looks as it does after a sign-in with that role.

:func:`app_test` runs ``app.py`` the way a running server does. A plain ``AppTest.from_file("app.py")`` does
not always: Streamlit 1.67 treats an app with a ``pages/`` folder next to its main script as an old-style
multipage app until ``st.navigation`` is first called in the process, and AppTest resets that before every run.
Then a run for a known page executes the page file directly, without ``app.py`` (no sign-in gate, no page list
per role). On a server this happens only on the very first request after a start (``pages/shared/auth.py``,
``stop_unless_signed_in``); :func:`app_test` makes every AppTest run behave like the requests after it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

AUTH_KEY = "_auth"  # pages/shared/auth.py keeps the signed-in user under this session-state key
ROOT = Path(__file__).resolve().parent.parent


def as_role(at: AppTest, role: str, user: str | None = None) -> AppTest:
    """Make ``at`` run as a user with ``role`` (``tamu`` = nobody signed in, as in the open demo)."""
    if role != "tamu":
        at.session_state[AUTH_KEY] = {"user": user or f"uji-{role}", "role": role, "method": "uji"}
    return at


def app_test(monkeypatch: pytest.MonkeyPatch, timeout: float = 120) -> AppTest:
    """An AppTest of ``app.py`` whose every run starts in ``app.py``, as on a server after its first request."""
    original_init = PagesManager.__init__

    def init(self, *args, **kwargs) -> None:
        original_init(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False  # what the server's first st.navigation call leaves behind

    monkeypatch.setattr(PagesManager, "__init__", init)
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)


def page_path(name: str) -> str:
    """The path to give ``AppTest.switch_page`` for ``pages/<name>``."""
    return f"pages/{Path(name).name}"
