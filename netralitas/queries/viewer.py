"""Who is asking, and the masking of personal data for them: every personal column (the registry's flag,
:mod:`netralitas.columns`) leaves the query layer masked unless the viewer may see it — in frames and in streamed
rows — and so do the values a data-quality note or a rejection reason quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from netralitas import columns, roles
from netralitas.privacy import fill_quote, mask_value


@dataclass
class Viewer:
    """Who is asking: decides whether names and NIP come back in clear."""

    role: str = roles.GUEST
    user: str = "anonim"
    extra: dict = field(default_factory=dict)

    @property
    def reveal(self) -> bool:
        """True for roles that may see names and NIP (:func:`netralitas.roles.sees_personal_data`)."""
        return roles.sees_personal_data(self.role)


def mask_frame(df: pd.DataFrame, reveal: bool, of: columns.Table = columns.VIOLATIONS) -> pd.DataFrame:
    """``df`` (columns of the table ``of``) with every personal column masked for guests, unless ``reveal``: the
    registry's flag (:func:`netralitas.columns.guest_masks`) decides which and how (:func:`mask_value`)."""
    if reveal:
        return df
    for name, mask in columns.guest_masks(of).items():
        if name in df:
            df[name] = [mask_value(v, mask) for v in df[name].tolist()]
    return df


def mask_rows(rows: list[tuple], names: list[str], reveal: bool, of: columns.Table = columns.VIOLATIONS) -> list[tuple]:
    """``rows`` (tuples of the columns ``names`` of the table ``of``) with every personal column masked for guests,
    unless ``reveal`` — the same masking as :func:`mask_frame`, for rows streamed without a frame."""
    masks = columns.guest_masks(of)
    at = [(i, masks[name]) for i, name in enumerate(names) if name in masks]
    if reveal or not at:
        return rows
    masked = []
    for row in rows:
        values = list(row)
        for i, mask in at:
            values[i] = mask_value(values[i], mask)
        masked.append(tuple(values))
    return masked


def with_quotes_filled(df: pd.DataFrame, text: str, reveal: bool) -> pd.DataFrame:
    """``df`` with its ``text`` column (a note's message or a reason, with ``quoted`` and ``quoted_mask``) filled in
    by :func:`netralitas.privacy.fill_quote` for the viewer, and the quoted columns dropped: the quoted value
    never leaves the query layer unmasked for a viewer who may not see it."""
    df[text] = [
        fill_quote(t, q if isinstance(q, str) else None, m if isinstance(m, str) else None, reveal)
        for t, q, m in zip(df[text], df["quoted"], df["quoted_mask"], strict=True)
    ]
    return df.drop(columns=["quoted", "quoted_mask"])
