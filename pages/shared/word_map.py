"""Kualitas Data, for the roles that may map words (:data:`netralitas.roles.MAP_WORDS`): map a register word the
loader did not know to a canonical value.

The page part only: the words come from ``loaders.remap.unknown_words``, a change goes through
``loaders.remap.change_word`` (mapping file and database change together, in a write session like a load) and is
recorded in the audit trail. Words from registers are shown only as plain text (table cells, option labels).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from loaders.remap import change_word, unknown_words
from netralitas import db, roles
from netralitas.formatting import format_number
from netralitas.literal import markdown_literal
from netralitas.queries import Viewer
from netralitas.word_map import FIELDS, WordMapError, choices, loading_vocabulary, read_word_map, word_map_path
from pages.shared.auth import record
from pages.shared.database import clear_caches, cursor, data_version, database_file

NOTICE_KEY = "_pemetaan_hasil"  # the outcome of the last change, shown once after the rerun
ROUND_KEY = "_pemetaan_putaran"  # bumped after a change: the choices start afresh (new widget keys)


def _key(name: str) -> str:
    """A widget key of this round of choices (``peta_kolom_0`` …)."""
    return f"{name}_{st.session_state.get(ROUND_KEY, 0)}"


@st.cache_data(max_entries=8, show_spinner=False)
def _unknown(version: str, map_version: str) -> pd.DataFrame:
    """The unknown words of the database version (cached per database and mapping file version)."""
    cur = cursor()
    try:
        return unknown_words(cur, loading_vocabulary())
    finally:
        cur.close()


def _map_version() -> str:
    """A token that changes whenever the mapping file changes."""
    return db.data_version(word_map_path())


def word_map_section(viewer: Viewer) -> None:
    """The "Kata yang belum dikenali" section (nothing for other roles)."""
    if not roles.may(viewer.role, roles.MAP_WORDS):
        return
    with st.container(key="pemetaan"):
        st.subheader("Kata yang belum dikenali")
        st.caption(
            "Kata di register yang tidak dikenali pemuat (status penanganan, jenis pegawai, kecamatan, sanksi). "
            "Petakan ke nilai baku: pemetaan disimpan sebagai data di samping kosakata "
            f"(`{Path(word_map_path()).name}`), dipakai setiap muatan berikutnya, dan baris yang sudah dimuat dibaca "
            "ulang dari teks aslinya tanpa unggah ulang. Setiap perubahan tercatat di jejak audit."
        )
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.success(notice, icon=":material/check_circle:")
        try:
            words = _unknown(data_version(), _map_version())
            mapped = read_word_map()
        except WordMapError as exc:
            st.error(markdown_literal(exc), icon=":material/error:")
            return
        if words.empty:
            st.success("Semua kata di data yang dimuat sudah dikenali.", icon=":material/check_circle:")
        else:
            _map_form(words)
        _mapped_words(mapped)


def _map_form(words: pd.DataFrame) -> None:
    """The table of unknown words and the choice of a canonical value for one of them."""
    shown = words.assign(kind=[FIELDS[f] for f in words["field"]])
    st.dataframe(
        shown,
        column_order=["kind", "written", "rows"],
        column_config={
            "kind": st.column_config.TextColumn("Kolom", width=170),
            "written": st.column_config.TextColumn("Kata seperti tertulis", width=380),
            "rows": st.column_config.NumberColumn("Baris", format="%d", width=80),
        },
        hide_index=True,
        width="content",
        height=min(320, 38 + 35 * len(shown)),
    )
    fields = [f for f in FIELDS if f in set(words["field"])]
    left, middle, right = st.columns([1, 2, 1.4])
    field = left.selectbox("Kolom", fields, format_func=FIELDS.get, key=_key("peta_kolom"))
    of_field = words[words["field"] == field]
    written = dict(zip(of_field["word"], of_field["written"], strict=True))
    rows = dict(zip(of_field["word"], of_field["rows"], strict=True))
    word = middle.selectbox("Kata", list(written), format_func=lambda w: f"{written[w]} ({format_number(rows[w])} "
                            "baris)", key=_key("peta_kata"))
    value = right.selectbox("Nilai baku", choices(field), index=None, placeholder="Pilih nilai baku",
                            key=_key(f"peta_nilai_{field}"))
    if st.button("Simpan pemetaan", type="primary", icon=":material/save:", disabled=value is None,
                 key=_key("peta_simpan")):
        _apply(field, word, value, written[word])


def _mapped_words(mapped: dict[str, dict[str, str]]) -> None:
    """The office's mapping so far, with a way to take one entry back."""
    entries = [(field, word, value) for field in FIELDS for word, value in sorted(mapped.get(field, {}).items())]
    if not entries:
        return
    with st.expander(f"Pemetaan kantor ({format_number(len(entries))})"):
        st.dataframe(
            pd.DataFrame(entries, columns=["field", "word", "value"]).assign(kind=lambda d: d["field"].map(FIELDS)),
            column_order=["kind", "word", "value"],
            column_config={
                "kind": st.column_config.TextColumn("Kolom", width=170),
                "word": st.column_config.TextColumn("Kata (bentuk yang dibandingkan)", width=320),
                "value": st.column_config.TextColumn("Nilai baku", width=230),
            },
            hide_index=True,
            width="content",
        )
        keys = [f"{field}\x1f{word}" for field, word, _ in entries]
        chosen = st.selectbox("Hapus pemetaan", keys, index=None, placeholder="Pilih pemetaan",
                              format_func=lambda k: f"{FIELDS[k.split(chr(31))[0]]}: {k.split(chr(31))[1]}",
                              key=_key("peta_hapus_pilih"))
        if st.button("Hapus pemetaan", icon=":material/undo:", disabled=chosen is None, key=_key("peta_hapus")):
            field, word = chosen.split("\x1f")
            _apply(field, word, None, word)


def _apply(field: str, word: str, value: str | None, written: str) -> None:
    """Change the mapping, record it, and show the outcome after a rerun."""
    try:
        change = change_word(database_file(), field, word, value)
    except (db.DatabaseBusyError, WordMapError) as exc:
        st.error(f"{markdown_literal(exc)}. Pemetaan tidak diubah.", icon=":material/error:")
        return
    record("pemetaan_kata", {"kolom": field, "kata": written, "kunci": change.word, "nilai": value,
                             "sebelumnya": change.previous, "baris_diperbarui": change.rows_changed})
    clear_caches()
    _unknown.clear()
    st.session_state[ROUND_KEY] = st.session_state.get(ROUND_KEY, 0) + 1
    what = f"Kata {FIELDS[field].lower()} dipetakan ke {value}" if value is not None else (
        f"Pemetaan kata {FIELDS[field].lower()} dihapus")
    st.session_state[NOTICE_KEY] = f"{what}; {format_number(change.rows_changed)} baris yang sudah dimuat diperbarui."
    st.rerun()
