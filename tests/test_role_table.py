"""The roles, defined once (netralitas/roles.py): the table itself, and that sign-in, masking, the page list, the
demo removal and the load history all follow it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from netralitas import accounts, demo_removal, queries, roles
from netralitas.audit import COMMAND_LINE_ROLE
from netralitas.queries import Viewer
from pages.shared.auth import page_allowed
from pages.shared.startup import PAGES

ROOT = Path(__file__).resolve().parent.parent

# role: (label, sees names and NIP, actions)
EXPECTED = {
    "pimpinan": ("Pimpinan", True, {"unggah", "pemetaan_kata", "batalkan_muatan", "hapus_contoh", "penanda_tangan",
                                    "audit"}),
    "staf": ("Staf", True, {"unggah", "pemetaan_kata", "batalkan_muatan"}),
    "tamu": ("Tamu", False, set()),
}
# role: the pages (URL paths) it may open
EXPECTED_PAGES = {
    "pimpinan": {"", "siklus", "pelaku", "sanksi", "pencegahan", "supervisi", "data", "kualitas", "unggah", "audit"},
    "staf": {"", "siklus", "pelaku", "sanksi", "pencegahan", "supervisi", "data", "kualitas", "unggah"},
    "tamu": {"", "siklus", "pelaku", "sanksi", "pencegahan", "supervisi", "data", "kualitas"},
}
NOT_A_ROLE = ["admin", "", "PIMPINAN", None, COMMAND_LINE_ROLE]


def test_the_role_table() -> None:
    table = {r.name: (r.label, r.sees_personal_data, set(r.actions)) for r in roles.ROLE_TABLE}
    assert table == EXPECTED
    assert roles.ROLES == ("pimpinan", "staf", "tamu") and roles.GUEST == "tamu"
    labels = {name: label for name, (label, _, _) in EXPECTED.items()}
    assert labels == roles.ROLE_LABELS
    for name, (_label, sees, actions) in EXPECTED.items():
        assert roles.sees_personal_data(name) is sees
        assert {a for a in roles.ACTIONS if roles.may(name, a)} == actions


def test_the_pages_each_role_may_open() -> None:
    urls = [url for _path, _title, _icon, url, _default in PAGES]
    for name, expected in EXPECTED_PAGES.items():
        assert {url for url in urls if roles.may_open(name, url)} == expected, name
        assert {url for url in urls if page_allowed(url, name)} == expected, name
    assert {url for url in urls if page_allowed(url, None)} == set(urls)  # before sign-in: every link still routes


@pytest.mark.parametrize("name", NOT_A_ROLE)
def test_a_name_that_is_not_a_role_has_the_rights_of_a_guest(name) -> None:
    assert roles.role(name) == roles.role(roles.GUEST)
    assert not roles.sees_personal_data(name) and not Viewer(role=name).reveal
    assert not any(roles.may(name, action) for action in roles.ACTIONS)
    assert {url for *_, url, _default in PAGES if roles.may_open(name, url)} == EXPECTED_PAGES["tamu"]


def test_an_unknown_action_is_refused() -> None:
    with pytest.raises(ValueError):
        roles.may("pimpinan", "hapus_semua")


def test_sign_in_masking_and_removal_follow_the_table() -> None:
    assert accounts.ROLES is roles.ROLES and accounts.GUEST == roles.GUEST
    assert Viewer().role == roles.GUEST
    for name, (_label, sees, actions) in EXPECTED.items():
        assert Viewer(role=name).reveal is sees
        assert demo_removal.may_remove(name) is ("hapus_contoh" in actions)
    assert demo_removal.may_remove(COMMAND_LINE_ROLE)  # the server's operator, on the command line
    assert roles.roles_that_may(roles.UPLOAD) == ("pimpinan", "staf")
    for name in roles.roles_that_may(roles.UPLOAD):  # the load history names the role of whoever loaded
        assert queries.loaded_by_text("budi", name, reveal=False) == name


def test_role_names_are_spelled_only_in_the_roles_module() -> None:
    """Every other module asks netralitas.roles: no string "pimpinan", "staf" or "tamu" of its own."""
    product = [ROOT / "app.py", *(ROOT / "pages").rglob("*.py"), *(ROOT / "netralitas").rglob("*.py"),
               *(ROOT / "loaders").rglob("*.py")]
    found = [f"{path.relative_to(ROOT)}:{node.lineno}" for path in product if path.name != "roles.py"
             for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
             if isinstance(node, ast.Constant) and node.value in roles.ROLES]
    assert found == []
