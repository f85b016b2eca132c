"""The load history: every load batch, newest first, who loaded it as the viewer may see it, and the active load
of a file name."""

from __future__ import annotations

import duckdb
import pandas as pd

from netralitas import roles
from netralitas.queries.sql import frame
from netralitas.queries.viewer import Viewer

# Who loaded a file, as the load history shows it: by the role stored with the load. Guests see only this label;
# staff see the user name beside it. Loads from the upload page store the signed-in user's role.
LOADED_BY_COMMAND_LINE = "operator"
LOADED_BY_APP_START = "aplikasi"
LOADER_ROLE_LABELS = {
    **{role: role for role in roles.roles_that_may(roles.UPLOAD)},
    LOADED_BY_COMMAND_LINE: "baris perintah (operator)",
    LOADED_BY_APP_START: "aplikasi (muatan awal)",
}
LOADER_UNRECORDED = "tidak tercatat"


def loaded_by_text(user: object, role: object, reveal: bool) -> str:
    """Who loaded, for the viewer: the role's label (:data:`LOADER_ROLE_LABELS`), and for viewers who may see
    personal data the user name before it. Never the user name for guests, whatever the role."""
    label = LOADER_ROLE_LABELS.get(role, LOADER_UNRECORDED) if isinstance(role, str) else LOADER_UNRECORDED
    if reveal and isinstance(user, str) and user:
        return user if label == LOADER_UNRECORDED else f"{user} · {label}"
    return label


def load_batches(con: duckdb.DuckDBPyConnection, viewer: Viewer) -> pd.DataFrame:
    """All load batches, newest first; ``loaded_by`` is who loaded as the viewer may see it (:func:`loaded_by_text`)."""
    df = frame(
        con,
        "SELECT batch_id, source_file, loaded_at, rows_read, rows_loaded, rows_rejected, rows_skipped, notes, "
        "dataset, active, replaced_batch_id, file_sha256, loaded_by, loaded_by_role "
        "FROM load_batches ORDER BY batch_id DESC",
    )
    df["loaded_by"] = [loaded_by_text(u, r, viewer.reveal)
                       for u, r in zip(df["loaded_by"], df["loaded_by_role"], strict=True)]
    return df.drop(columns=["loaded_by_role"])


def file_batch(con: duckdb.DuckDBPyConnection, source_file: str) -> dict | None:
    """The active load of a file name (files are identified by name): batch id, when, its fingerprint and how
    many of its rows are in ``violations`` and ``prevention_activities`` now. None when no file of that name is
    loaded."""
    row = con.execute(
        """
        SELECT b.batch_id, b.loaded_at, b.file_sha256, b.rows_loaded,
               (SELECT count(*) FROM violations v WHERE v.source_file = b.source_file)
               + (SELECT count(*) FROM prevention_activities p WHERE p.source_file = b.source_file) AS rows_now
        FROM load_batches b WHERE b.source_file = ? AND b.active ORDER BY b.batch_id DESC LIMIT 1
        """,
        [source_file],
    ).fetchone()
    if row is None:
        return None
    return {"batch_id": int(row[0]), "loaded_at": row[1], "file_sha256": row[2], "rows_loaded": int(row[3]),
            "rows_now": int(row[4])}
