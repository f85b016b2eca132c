"""One person per case within a file: the rows of one file that name the same person in the same case are
merged into the lowest of them."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from loaders.normalising import NormalisedSheet
from loaders.rules import same_person_note
from loaders.tables import note_record

RowPlace = tuple[str | None, int]  # (sheet name, Excel row)


class SamePersonInFile:
    """One person per case within a file: the rows of one file that name the same person in the same case are
    merged into one.

    The person is the one of duplicates across files (``person_key``: the NIP, else the folded name); rows
    without a person or without a register number (their case id is unique per row) are never merged.

    Rule: **the lowest occurrence wins whole** — the later sheet, and within a sheet the lower row. A register
    grows downwards, so the lower row is the newer entry (as across files, where the file loaded last wins).
    The other occurrences are not stored: each is counted as a skipped row of kind ``ganda`` of its own sheet,
    its notes go with it, and the kept row gets a note of kind ``ganda_file`` naming every occurrence:
    "ganda dalam file ini (baris X dan Y)".
    """

    def __init__(self, source_file: str) -> None:
        self.source_file = source_file
        self.places: dict[str, list[RowPlace]] = {}  # every occurrence so far of a key written more than once
        self.superseded: set[RowPlace] = set()  # rows of earlier sheets (already yielded) that lost to a later one
        self._sheets: dict[str | None, NormalisedSheet] = {}
        self._earlier: list[tuple[str | None, pa.Array, list[int]]] = []  # keys and rows of earlier sheets

    @staticmethod
    def _keys(columns: dict) -> pa.Array:
        """Per row, its case and person as one text (null where the row names no person)."""
        case_ids = pa.array(columns["case_id"], type=pa.string())
        persons = pa.array(columns["person_key"], type=pa.string())
        return pc.binary_join_element_wise(case_ids, persons, "\x1f")

    def merge(self, sheet: NormalisedSheet) -> None:
        """Drop the rows of ``sheet`` that a lower row of it outweighs; mark rows of earlier sheets that one of
        its rows outweighs (:attr:`superseded`); note every kept row that was written more than once.

        Found column-wise: only rows whose key repeats in this sheet or was seen in an earlier one are visited.
        """
        name = sheet.summary.name
        columns = sheet.columns
        excel_rows = list(columns["source_row"])
        keys = self._keys(columns)
        candidates = self._candidates(keys)
        if not candidates:
            self._remember(name, sheet, keys, excel_rows)
            return
        candidate_keys = keys.take(pa.array(candidates, type=pa.int64())).to_pylist()
        self._places_in_earlier_sheets([k for k in dict.fromkeys(candidate_keys) if k not in self.places])
        keep = [True] * len(excel_rows)
        index_here: dict[str, int] = {}
        for k, key in zip(candidates, candidate_keys, strict=True):
            places = self.places.setdefault(key, [])
            if key in index_here:
                keep[index_here[key]] = False
            elif places:
                self._supersede(places[-1])
            index_here[key] = k
            places.append((name, excel_rows[k]))
        dropped = {(name, excel_rows[k]) for k, kept in enumerate(keep) if not kept}
        if dropped:
            mask = pa.array(keep, type=pa.bool_())
            for field_name, values in list(columns.items()):
                columns[field_name] = (values.filter(mask) if isinstance(values, (pa.Array, pa.ChunkedArray))
                                       else [v for v, kept in zip(values, keep, strict=True) if kept])
            sheet.raw_texts[:] = [texts.filter(mask) for texts in sheet.raw_texts]
            self._drop_rows(sheet, dropped)
        for key, k in index_here.items():
            if len(self.places[key]) > 1:
                self._note(sheet, key.split("\x1f", 1)[0], excel_rows[k], self.places[key])
        self._remember(name, sheet, keys, excel_rows)

    def _candidates(self, keys: pa.Array) -> list[int]:
        """Rows (in order) whose key occurs more than once in this sheet, or occurred in an earlier sheet."""
        if keys.null_count == len(keys):  # no row names a person (or no rows)
            return []
        encoded = pc.dictionary_encode(keys)
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        present = np.asarray(pc.is_valid(keys).to_numpy(zero_copy_only=False), dtype=bool)
        codes = np.where(present, np.nan_to_num(codes, nan=0), 0).astype(np.int64)
        counts = np.bincount(codes[present], minlength=len(encoded.dictionary))
        hit = present & (counts[codes] > 1)
        if self._earlier:
            seen = pa.concat_arrays([earlier_keys for _, earlier_keys, _ in self._earlier])
            hit |= np.asarray(pc.fill_null(pc.is_in(keys, value_set=seen), False).to_numpy(zero_copy_only=False),
                              dtype=bool)
        return np.flatnonzero(hit).tolist()

    def _places_in_earlier_sheets(self, keys: list[str]) -> None:
        """Where keys seen once in an earlier sheet were (so that the later occurrence can supersede them)."""
        wanted = pa.array(keys, type=pa.string())
        for sheet_name, earlier_keys, earlier_rows in self._earlier:
            if not len(wanted):
                return
            where = pc.index_in(wanted, value_set=earlier_keys).to_pylist()
            for key, at in zip(keys, where, strict=True):
                if at is not None and key not in self.places:
                    self.places[key] = [(sheet_name, earlier_rows[at])]

    def _remember(self, name: str | None, sheet: NormalisedSheet, keys: pa.Array, excel_rows: list[int]) -> None:
        """Keep this sheet's keys (of its kept rows) for the sheets that follow."""
        self._sheets[name] = sheet
        kept = pa.array(list(sheet.columns["source_row"]), type=pa.int64())
        if len(kept) != len(excel_rows):
            keys = self._keys(sheet.columns)
        self._earlier.append((name, pc.drop_null(keys) if keys.null_count else keys,
                              [r for r, k in zip(kept.to_pylist(), keys.is_valid().to_pylist(), strict=True) if k]))

    def _supersede(self, place: RowPlace) -> None:
        """A row of an earlier sheet (already read, perhaps stored) loses to a lower occurrence."""
        self.superseded.add(place)
        earlier = self._sheets[place[0]]
        self._drop_rows(earlier, {place})

    @staticmethod
    def _drop_rows(sheet: NormalisedSheet, places: set[RowPlace]) -> None:
        """Take rows out of a sheet's summary and notes: they are skipped rows of kind ``ganda`` now."""
        gone = [n for n in sheet.notes if (n["source_sheet"], n["source_row"]) in places]
        sheet.notes[:] = [n for n in sheet.notes if (n["source_sheet"], n["source_row"]) not in places]
        sheet.summary.notes.subtract(Counter(n["kind"] for n in gone))
        sheet.summary.notes = +sheet.summary.notes
        sheet.summary.loaded -= len(places)
        sheet.summary.skipped["ganda"] += len(places)

    def _note(self, sheet: NormalisedSheet, case_id: str, row: int, places: list[RowPlace]) -> None:
        """Note on the kept row every place the same person in the same case was written."""
        sheet.notes.append(note_record(self.source_file, sheet.summary.name, row, case_id, same_person_note(places)))
        sheet.summary.notes["ganda_file"] += 1
