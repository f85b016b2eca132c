"""Prevention registers (one row per prevention activity) read by the same loader as the case registers.

A sheet is a prevention register when its header names an activity (Kegiatan / Nama Kegiatan / Jenis Kegiatan …)
and no reported person (no Nama Terlapor / NIP): :func:`find_register_header` decides, sheet by sheet, so one
workbook may hold both kinds. Such a sheet is parsed by the case registers' layout rules (:mod:`loaders.layout`:
title rows, two-row headers, merged cells, totals and signature blocks) with the prevention header words
(``[prevention_header]`` in the vocabulary), and its data rows become ``prevention_activities`` rows by the rules of
:mod:`loaders.prevention_rules`. Columns that name a person (a speaker, a person in charge: ``_personal``) are never
stored — neither as a column nor in a row's ``raw`` cells, nor in a rejected row.
"""

from __future__ import annotations

import dataclasses
import json
from collections import Counter
from collections.abc import Sequence

import duckdb
import pyarrow as pa

from loaders.columns import formula_notes
from loaders.layout import Header, ParsedRow, ParsedSheet, RawSheet, _HeaderMatcher, find_header
from loaders.memo import Memo
from loaders.normalising import Normaliser, RowNotes, _cycles, _Fields
from loaders.prevention_rules import activity_id_of, audience_group_of, district_of, kind_of, participants_of
from loaders.results import PREVENTION
from netralitas import columns
from netralitas.normalize import REJECTED_CELLS, REJECTION_REASONS, cell_text
from netralitas.privacy import MASK_HIDE
from netralitas.vocab import Vocabulary, fold

PREVENTION_KEYS = ("title", "kind")  # a prevention data row names its activity or its kind
PERSONAL_FIELD = "_personal"  # columns naming a person: never stored
# A header naming one of these (by the case register's words) heads a case register: a reported person's name or
# NIP, or what only a reported person has (an actor type, a sanction).
CASE_PERSON_FIELDS = ("person_name", "nip", "actor_type", "sanction")
ACTIVITY_WORDS = ("kegiatan", "acara", "agenda")  # a prevention header names the activity with one of these

#: The rows a load writes to ``prevention_activities`` (the table of :mod:`netralitas.db`), in Arrow form.
ACTIVITY_SCHEMA = columns.arrow_schema(columns.PREVENTION_ACTIVITIES)  # the registry's columns, in table order


# ---- which register a sheet is ------------------------------------------------------------------------------


def prevention_vocabulary(voc: Vocabulary) -> Vocabulary:
    """``voc`` with the prevention register's header words in place of the case register's."""
    return dataclasses.replace(voc, header_fields=voc.prevention_header_fields,
                               header_parent=voc.prevention_header_parent)


def names_activity(labels: Sequence[str]) -> bool:
    """True when a header text names an activity (a word of :data:`ACTIVITY_WORDS`)."""
    return any(set(fold(label).split()) & set(ACTIVITY_WORDS) for label in labels)


def names_reported_person(header: Header, voc: Vocabulary) -> bool:
    """True when a column the prevention words leave unread is headed like a case register's column of a reported
    person (:data:`CASE_PERSON_FIELDS`: "Nama Terlapor", "NIP", "Status Kepegawaian", "Sanksi"); "Nama Kegiatan",
    "Kegiatan / Nama" or "Nama Narasumber" are read by the prevention words (``header``'s fields) and do not
    count."""
    read = {c for cols in header.fields.values() for c in cols}
    case_words = _HeaderMatcher(voc)
    for c, label in header.labels.items():
        if c in read:
            continue
        for text in {label, label.split(" / ")[-1]}:
            found = case_words.match(text)
            if found and found[0] in CASE_PERSON_FIELDS:
                return True
    return False


def find_register_header(sheet: RawSheet, voc: Vocabulary) -> Header | None:
    """The header of a sheet and the kind of register it heads: a prevention register when a header of
    prevention words names an activity and no reported person; else the case register's header (or None)."""
    header = find_header(sheet, prevention_vocabulary(voc), PREVENTION_KEYS)
    if header is not None and names_activity(list(header.labels.values())) and not names_reported_person(header, voc):
        header.register, header.key_fields, header.id_field = PREVENTION, PREVENTION_KEYS, "activity_id"
        _participants_by_content(sheet, header)
        return header
    return find_header(sheet, voc)


def _participants_by_content(sheet: RawSheet, header: Header) -> None:
    """A "Peserta" column holding numbers is the number of participants, not the audience (when the sheet has
    no column of participants of its own)."""
    if "participants" in header.fields:
        return
    for col in list(header.fields.get("audience", [])):
        sample = [row[col] for row in sheet.rows[header.data_start:header.data_start + 60]
                  if col < len(row) and cell_text(row[col])]
        numeric = [v for v in sample if participants_of(v).value is not None]
        if sample and len(numeric) * 2 > len(sample):
            header.fields["audience"].remove(col)
            header.fields["participants"] = [col]
            if not header.fields["audience"]:
                del header.fields["audience"]
            return


def is_prevention(parsed: ParsedSheet) -> bool:
    """True when a parsed sheet is a prevention register."""
    return parsed.header is not None and parsed.header.register == PREVENTION


# ---- a prevention sheet's rows ------------------------------------------------------------------------------


def _personal_columns(parsed: ParsedSheet) -> set[int]:
    """The columns of a prevention sheet that name a person (``_personal``): never stored."""
    return set(parsed.header.fields.get(PERSONAL_FIELD, [])) if parsed.header is not None else set()


def rejected_prevention_row(row: ParsedRow, personal_labels: set[str]) -> ParsedRow:
    """A rejected row of a prevention sheet: the prevention reason, and its cells without the personal columns."""
    raw = {k: v for k, v in row.raw.items() if k not in personal_labels}
    shown = "; ".join(f"{k}='{v[:40]}'" for k, v in list(raw.items())[:3])
    reason = REJECTION_REASONS["tanpa_kegiatan"] + (REJECTED_CELLS if shown else "")
    return ParsedRow(row.index, row.excel_row, raw, reason, shown or None, MASK_HIDE)


def without_personal_cells(parsed: ParsedSheet) -> ParsedSheet:
    """A prevention sheet with its rejected rows rewritten (:func:`rejected_prevention_row`)."""
    personal = _personal_columns(parsed)
    labels = {parsed.header.labels.get(c, "") for c in personal} if parsed.header is not None else set()
    parsed.rejected = [rejected_prevention_row(r, labels) for r in parsed.rejected]
    return parsed


def _raw_json(parsed: ParsedSheet, personal: set[int]) -> list[str]:
    """Each data row's cells as JSON text (label → text, blank cells left out), without the personal columns."""
    rows = parsed.data
    kept = [(label, texts.to_pylist()) for c, (label, texts) in enumerate(zip(rows.raw_labels, rows.raw_texts,
                                                                                strict=True)) if c not in personal]
    return [json.dumps({label: texts[k] for label, texts in kept if texts[k] is not None}, ensure_ascii=False)
            for k in range(len(rows))]


def normalise_prevention_sheet(
    parsed: ParsedSheet, *, source_file: str, norm: Normaliser
) -> tuple[pa.Table, list[dict], Counter]:
    """A prevention sheet's data rows as ``prevention_activities`` rows (without batch and data set), with their
    data-quality notes and the notes' count per kind. The cycle is decided by the case registers' rules
    (:func:`loaders.rules.cycle_of_row`: cycle column, section title, sheet name, title rows, file name, then the
    date window of the activity's day)."""
    voc, rows, sheet = norm.voc, parsed.data, parsed.name
    cells = _Fields(rows)
    titles = cells.texts("title")
    ids = [activity_id_of(w, source_file, sheet, r) for w, r in zip(cells.texts("activity_id"), rows.excel_rows,
                                                                     strict=True)]
    log = RowNotes(source_file, sheet, rows.excel_rows, ids)
    days = log.values(norm.date.map(cells.values("held_on")))
    kinds = log.values(Memo(lambda pair: kind_of(pair[0], pair[1], voc)).map(
        list(zip(cells.values("kind"), titles, strict=True))))
    audiences = cells.texts("audience")
    groups = Memo(lambda pair: audience_group_of(pair[0], pair[1], voc)).map(
        list(zip(audiences, titles, strict=True)))
    places = cells.texts("place")
    districts = log.values(Memo(lambda key: district_of(key[0], key[1:], voc)).map(
        list(zip(cells.values("district"), places, titles, strict=True))))
    participants = log.values(Memo(lambda v: participants_of(v, voc)).map(cells.values("participants")))
    cycles = _cycles(parsed, cells, days, source_file, norm)  # the case registers' rules, once per distinct key
    log.add([c.note for c in cycles])
    personal = _personal_columns(parsed)
    kept_labels = [lbl if c not in personal else "" for c, lbl in enumerate(rows.raw_labels)]
    kept_texts = [t if c not in personal else pa.nulls(len(rows), pa.string()) for c, t in enumerate(rows.raw_texts)]
    log.add_found(formula_notes(kept_labels, kept_texts, {}))
    n = len(rows)
    columns = {
        "activity_id": ids,
        "held_on": days,
        "cycle": [c.cycle for c in cycles],
        "kind": kinds,
        "title": titles,
        "organiser": cells.texts("organiser"),
        "audience": audiences,
        "audience_group": groups,
        "district": districts,
        "participants": participants,
        "place": places,
        "source_file": [source_file] * n,
        "source_sheet": [sheet] * n,
        "source_row": rows.excel_rows,
        "cycle_basis": [c.basis for c in cycles],
        "source_ref": cells.texts("source_ref"),
        "remarks": cells.texts("note"),
        "raw": _raw_json(parsed, personal),
    }
    fields = [f for f in ACTIVITY_SCHEMA if f.name not in ("batch_id", "dataset")]
    table = pa.Table.from_arrays([pa.array(columns[f.name], type=f.type) for f in fields], schema=pa.schema(fields))
    return table, log.notes, log.counts


# ---- storing ------------------------------------------------------------------------------------------------


def activities_with(table: pa.Table, batch_id: int, dataset: str) -> pa.Table:
    """A sheet's activities with their load's batch id and data set, in the table's column order."""
    n = table.num_rows
    table = table.append_column("batch_id", pa.array([batch_id] * n, type=pa.int32()))
    table = table.append_column("dataset", pa.array([dataset] * n, type=pa.string()))
    return table.select(ACTIVITY_SCHEMA.names)


def insert_activities(con: duckdb.DuckDBPyConnection, table: pa.Table) -> None:
    """Append activities (:func:`activities_with`) to ``prevention_activities`` in the caller's transaction."""
    if table.num_rows:
        con.register("incoming_activities", table)
        try:
            con.execute("INSERT INTO prevention_activities BY NAME SELECT * FROM incoming_activities")
        finally:
            con.unregister("incoming_activities")


def empty_activities() -> pa.Table:
    """No activities (a file without prevention sheets), with the table's columns but batch and data set."""
    return ACTIVITY_SCHEMA.empty_table().drop_columns(["batch_id", "dataset"])
