"""``streamlit`` with a server-side trace, for the cold-start timeline (``python -m bench.streamlit_traced run …``).

The same command line as ``python -m streamlit``; when ``NETRALITAS_TRACE`` names a file, one JSON line is
appended per event: ``[wall_time, what, detail]`` — script runs starting and stopping (on the script thread),
and every message handed to a browser connection (``ForwardMsg`` type; a new element's type). Adds a few
microseconds per message; used only by the benchmark's timeline, never by the app.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

_LOCK = threading.Lock()


def _emit(path: str, what: str, detail: str = "") -> None:
    line = json.dumps([time.time(), what, detail])
    with _LOCK, open(path, "a", encoding="utf-8") as fh:
        fh.write(line + "\n")


def _kind(msg) -> str:
    kind = msg.WhichOneof("type") or "?"
    if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
        return "el:" + (msg.delta.new_element.WhichOneof("type") or "?")
    return kind


def install(path: str) -> None:
    """Patch Streamlit so that script-run events and sent messages are written to ``path``."""
    from streamlit.runtime.app_session import AppSession
    from streamlit.web.server.starlette.starlette_websocket import StarletteSessionClient

    _emit(path, "process", "imported streamlit")
    original_write = StarletteSessionClient.write_forward_msg
    original_event = AppSession._on_scriptrunner_event

    def write_forward_msg(self, msg) -> None:
        _emit(path, "send", _kind(msg))
        original_write(self, msg)

    def on_event(self, sender, event, *args, **kwargs):
        name = getattr(event, "name", str(event))
        if name != "ENQUEUE_FORWARD_MSG":
            _emit(path, "script", name)
        return original_event(self, sender, event, *args, **kwargs)

    StarletteSessionClient.write_forward_msg = write_forward_msg
    AppSession._on_scriptrunner_event = on_event


def main() -> None:
    """Run Streamlit's command line, traced when ``NETRALITAS_TRACE`` is set."""
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != here]  # run as a file: not bench/ itself
    path = os.environ.get("NETRALITAS_TRACE")
    if path:
        install(path)
    from streamlit.web.cli import main as cli_main

    sys.argv[0] = "streamlit"
    cli_main(prog_name="streamlit")


if __name__ == "__main__":
    main()
