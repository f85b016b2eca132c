"""Who is asking, and the masking of personal data for them: names and NIP leave the query layer masked unless the
viewer may see them, and so do the values a data-quality note or a rejection reason quotes."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from netralitas import roles
from netralitas.privacy import fill_quote, mask_name, mask_nip


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


def mask_frame(df: pd.DataFrame, reveal: bool) -> pd.DataFrame:
    """``df`` with its ``person_name`` and ``nip`` columns masked, unless ``reveal``."""
    if reveal:
        return df
    if "person_name" in df:
        df["person_name"] = [mask_name(v) if isinstance(v, str) else v for v in df["person_name"].tolist()]
    if "nip" in df:
        df["nip"] = [mask_nip(v) if isinstance(v, str) else v for v in df["nip"].tolist()]
    return df


def with_quotes_filled(df: pd.DataFrame, text: str, reveal: bool) -> pd.DataFrame:
    """``df`` with its ``text`` column (a note's message or a reason, with ``quoted`` and ``quoted_mask``) filled in
    by :func:`netralitas.privacy.fill_quote` for the viewer, and the quoted columns dropped: the quoted value
    never leaves the query layer unmasked for a viewer who may not see it."""
    df[text] = [
        fill_quote(t, q if isinstance(q, str) else None, m if isinstance(m, str) else None, reveal)
        for t, q, m in zip(df[text], df["quoted"], df["quoted_mask"], strict=True)
    ]
    return df.drop(columns=["quoted", "quoted_mask"])
