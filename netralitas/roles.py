"""The roles of the app and what each may do: the one definition that sign-in, masking and the pages ask.

``pimpinan`` (leadership) may do everything; ``staf`` (staff) may do everything but remove the demo data, set the
brief's signatory and read the audit trail; ``tamu`` (guest) sees figures, charts and masked lists and may do
nothing (:data:`ROLE_TABLE`). Personal data — names, NIP/NIK, user names and the raw cells of a register, also when
quoted inside a note or a reason — is shown in clear only to a role that sees it; the query layer masks it for every
other. A name that is not a role (an account file edited by hand, a role dropped since) has the rights of ``tamu``.
Every page is open to every role except the pages of :data:`PAGE_ACTIONS`, which need that page's action.
"""

from __future__ import annotations

from dataclasses import dataclass

LEADERSHIP = "pimpinan"
STAFF = "staf"
GUEST = "tamu"

# What a role may do. An action that changes something is recorded in the audit trail under the same word.
UPLOAD = "unggah"  # upload and load a register (page Unggah Data)
MAP_WORDS = "pemetaan_kata"  # map a register word the loader did not know to a canonical value
UNDO_LOAD = "batalkan_muatan"  # put the database back as it was before the last load
REMOVE_DEMO = "hapus_contoh"  # remove the synthetic demo data
SET_SIGNATORY = "penanda_tangan"  # set who signs the supervision brief
READ_AUDIT = "audit"  # read the audit trail (page Audit)
ACTIONS = (UPLOAD, MAP_WORDS, UNDO_LOAD, REMOVE_DEMO, SET_SIGNATORY, READ_AUDIT)


@dataclass(frozen=True)
class Role:
    """One role: its name (stored in accounts and the audit trail), its label on screen, whether it sees personal
    data, and the actions it may take."""

    name: str
    label: str
    sees_personal_data: bool
    actions: frozenset[str]


ROLE_TABLE: tuple[Role, ...] = (
    Role(LEADERSHIP, "Pimpinan", True, frozenset(ACTIONS)),
    Role(STAFF, "Staf", True, frozenset({UPLOAD, MAP_WORDS, UNDO_LOAD})),
    Role(GUEST, "Tamu", False, frozenset()),
)
ROLES: tuple[str, ...] = tuple(r.name for r in ROLE_TABLE)
ROLE_LABELS: dict[str, str] = {r.name: r.label for r in ROLE_TABLE}
_BY_NAME = {r.name: r for r in ROLE_TABLE}

# Pages (by URL path) that need an action; every other page is open to every role — the analysis pages, Pencegahan
# (the prevention registers name no person) and the brief among them.
PAGE_ACTIONS: dict[str, str] = {"unggah": UPLOAD, "audit": READ_AUDIT}


def role(name: object) -> Role:
    """The role called ``name``; the guest role for anything that is not a role."""
    return _BY_NAME.get(name, _BY_NAME[GUEST]) if isinstance(name, str) else _BY_NAME[GUEST]


def sees_personal_data(name: object) -> bool:
    """True when the role ``name`` sees names, NIP, user names and raw cells in clear."""
    return role(name).sees_personal_data


def may(name: object, action: str) -> bool:
    """True when the role ``name`` may take ``action`` (one of :data:`ACTIONS`)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    return action in role(name).actions


def roles_that_may(action: str) -> tuple[str, ...]:
    """The roles that may take ``action``, in :data:`ROLES` order."""
    return tuple(name for name in ROLES if may(name, action))


def may_open(name: object, url_path: str) -> bool:
    """True when the role ``name`` may open the page at ``url_path``."""
    action = PAGE_ACTIONS.get(url_path)
    return action is None or may(name, action)
