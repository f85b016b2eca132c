"""Each term, key and date of the product is defined once: the library's SQL is written from the vocabulary's
values, the unknown word and the KASN → BKN switch date come from vocabulary.toml, and the dataset keys and URL
keys have one definition that everything else reads."""

from __future__ import annotations

import ast
import datetime as dt
import re
import tomllib
from pathlib import Path

import duckdb
import pytest

from netralitas import labels, queries
from netralitas.queries import Filters
from netralitas.vocab import VOCABULARY_FILE, parse_vocabulary, vocabulary

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "netralitas"
SQL_WORDS = re.compile(r"\b(SELECT|WHERE|FROM|CASE WHEN|THEN|FILTER|GROUP BY|ORDER BY|coalesce|INSERT|UPDATE|DELETE|"
                       r"AND|OR|IS NULL|IS NOT NULL)\b|<> ?'|= ?'")
# Words that only SQL has (for telling an f-string of SQL from a message that quotes a cell).
SQL_ONLY = re.compile(r"\b(SELECT|WHERE|CASE WHEN|THEN|FILTER|GROUP BY|ORDER BY|coalesce|INSERT INTO|UPDATE|"
                      r"DELETE FROM|IS NULL|IS NOT NULL)\b")
QUOTED = re.compile(r"'([^']*)'")


def _library_files() -> list[Path]:
    """The library and the loader: every module that reads or counts the vocabulary's values."""
    return sorted([*LIBRARY.rglob("*.py"), *(ROOT / "loaders").rglob("*.py")])


def _docstrings(tree: ast.AST) -> set[int]:
    """ids of the string nodes that are docstrings (of the module, classes and functions)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _strings(path: Path) -> list[tuple[int, str, ast.AST]]:
    """Every string literal of a module that is not a docstring: (line, text, node); the literal parts of an
    f-string are given one by one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _docstrings(tree)
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            for part in node.values:
                if isinstance(part, ast.Constant) and isinstance(part.value, str):
                    skip.add(id(part))
                    out.append((node.lineno, part.value, node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
            out.append((node.lineno, node.value, node))
    return [s for s in out if id(s[2]) not in skip or isinstance(s[2], ast.JoinedStr)]


def _vocabulary_words() -> set[str]:
    voc = vocabulary()
    words = {*voc.status_names, *voc.severity_names, *voc.cycle_names, *voc.actor_type_names, *voc.dataset_labels,
             *voc.destination_names, voc.unknown, voc.position_group_other}
    return {w for w in words if w}


def test_no_vocabulary_word_is_spelled_inside_sql() -> None:
    words = _vocabulary_words()
    found = []
    for path in _library_files():
        for line, text, _node in _strings(path):
            if not SQL_WORDS.search(text):
                continue
            for quoted in QUOTED.findall(text):
                if quoted in words:
                    found.append(f"{path.relative_to(LIBRARY.parent)}:{line}: '{quoted}'")
    assert not found, "vocabulary words spelled inside SQL (write them with sql_text):\n" + "\n".join(found)


def test_sql_literals_are_never_quoted_by_hand_around_a_value() -> None:
    """A value put into SQL text goes through sql_text (quotes doubled); an f-string that opens a quote right before
    an interpolated value would let a quote in the value end the literal."""
    found = []
    for path in _library_files():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.JoinedStr):
                continue
            parts = node.values
            text = "".join(p.value for p in parts if isinstance(p, ast.Constant) and isinstance(p.value, str))
            if not SQL_ONLY.search(text):
                continue
            for before, after in zip(parts, parts[1:], strict=False):
                if (isinstance(before, ast.Constant) and isinstance(before.value, str)
                        and before.value.endswith("'") and isinstance(after, ast.FormattedValue)):
                    found.append(f"{path.relative_to(LIBRARY.parent)}:{node.lineno}")
    assert not found, "hand-quoted values in SQL:\n" + "\n".join(found)


def test_the_unknown_word_is_only_in_the_vocabulary() -> None:
    unknown = vocabulary().unknown
    found = [f"{path.relative_to(LIBRARY.parent)}:{line}" for path in _library_files()
             for line, text, _node in _strings(path) if unknown in text]
    assert not found, f"“{unknown}” written in code instead of vocabulary().unknown:\n" + "\n".join(found)


def _vocabulary_data() -> dict:
    return tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))


def test_the_unknown_cycle_actor_type_and_severity_are_named_by_the_unknown_word() -> None:
    data = _vocabulary_data()
    data["unknown"] = "Belum diketahui"
    voc = parse_vocabulary(data)
    assert voc.cycle_unknown.name == voc.actor_unknown.name == voc.actor_unknown.label == "Belum diketahui"
    assert voc.severity_names[-1] == "Belum diketahui" and voc.severity("Belum diketahui").rank is None
    assert "Belum diketahui" in voc.cycle_colors() and "Belum diketahui" in voc.actor_colors()
    default = vocabulary()
    assert default.cycle_unknown.name == default.actor_unknown.name == default.severity_names[-1] == default.unknown


def test_every_counting_role_names_exactly_one_vocabulary_entry() -> None:
    data = _vocabulary_data()
    statuses = [s for s in data["status"] if s.get("role") == "imposed"]
    statuses[0]["role"] = ""
    with pytest.raises(ValueError, match="imposed"):
        parse_vocabulary(data)
    voc = vocabulary()
    assert voc.status(voc.imposed_status).stage == max(s.stage for s in voc.statuses)
    assert voc.in_process in voc.outcome_names and voc.not_proven in voc.outcome_names
    assert voc.proven_no_sanction in voc.outcome_names


@pytest.fixture(scope="module")
def con(bundled_db: Path):
    connection = duckdb.connect(str(bundled_db), read_only=True)
    yield connection
    connection.close()


def _with_switch(day: dt.date):
    data = _vocabulary_data()
    data["status_forwarding"]["switch_date"] = day
    return parse_vocabulary(data)


def test_the_switch_date_of_the_vocabulary_decides_where_forwarded_cases_went(con) -> None:
    filters = Filters(datasets=tuple(vocabulary().dataset_labels))
    default = vocabulary()
    kasn, bkn = default.destination(default.forwarding_before), default.destination(default.forwarding_after)
    unrecorded = default.forwarding_unrecorded

    def counts(voc) -> dict[str, int]:
        df = queries.forwarding_destinations(con, filters, voc)
        return dict(zip(df["destination"], df["persons"], strict=True))

    early, late = counts(_with_switch(dt.date(2000, 1, 1))), counts(_with_switch(dt.date(2100, 1, 1)))
    assert counts(default) == counts(_with_switch(default.forwarding_switch))
    # the rows no status places: by their forwarding date all to BKN with an early switch, all to KASN with a late one
    where, params = filters.where()
    by_date = con.execute(
        f"SELECT count(*) FILTER (WHERE forwarded_on IS NOT NULL), "
        f"count(*) FILTER (WHERE forwarded_on IS NULL AND reported_on IS NOT NULL) "
        f"FROM violations WHERE {where} AND NOT list_contains(?::VARCHAR[], status) AND status IS NOT NULL "
        f"AND severity <> ? AND list_contains(?::VARCHAR[], status)",
        [*params, [s for s, _ in default.forwarding_destinations], default.not_proven,
         [s.name for s in default.statuses if s.stage >= 3]],
    ).fetchone()
    dated, undated_forwarding = by_date
    assert dated > 0 and undated_forwarding >= 0
    assert late[kasn] - early[kasn] >= dated > 0
    assert early[bkn] - late[bkn] == (late[kasn] - early[kasn]) + (late[unrecorded] - early[unrecorded])
    assert sum(early.values()) == sum(late.values()) == sum(counts(default).values())
    for destination in default.destination_names:
        if destination not in (kasn, bkn, unrecorded):
            assert early[destination] == late[destination]  # a status that names its destination keeps it


def test_the_switch_date_is_written_only_in_the_vocabulary() -> None:
    switch = vocabulary().forwarding_switch
    assert switch == queries.KASN_TO_BKN_FROM
    spellings = [switch.isoformat(), f"{switch.year}, {switch.month}, {switch.day}"]
    found = [f"{path.relative_to(LIBRARY.parent)}:{line}" for path in _library_files()
             for line, text, _node in _strings(path) if any(s in text for s in spellings)]
    source_spellings = [f"dt.date({switch.year}, {switch.month}, {switch.day})", f'"{switch.isoformat()}"']
    found += [str(path.relative_to(LIBRARY.parent)) for path in _library_files()
              if any(s in path.read_text(encoding="utf-8") for s in source_spellings)]
    assert not found, "the switch date written outside vocabulary.toml:\n" + "\n".join(found)


def test_dataset_keys_come_from_the_vocabulary() -> None:
    keys = vocabulary().dataset_keys
    assert tuple(keys) == (queries.DEMO_DATASET, queries.PUBLIC_DATASET, queries.OWN_DATASET)
    assert list(vocabulary().dataset_labels) == list(keys)
    data = _vocabulary_data()
    data["dataset"]["own"]["key"] = "kantor"
    voc = parse_vocabulary(data)
    assert voc.dataset_keys.own == "kantor" and "kantor" in voc.dataset_labels and "kantor" not in voc.dataset_markers
    spelled = [f"{path.relative_to(LIBRARY.parent)}:{line}" for path in _library_files()
               for line, text, _node in _strings(path) if text in set(keys)]
    assert not spelled, "dataset keys written in code:\n" + "\n".join(spelled)


def test_url_keys_are_defined_once() -> None:
    assert set(queries.FILTER_LABELS) == set(queries.QUERY_PARAMS.values())
    assert list(queries.FILTER_LABELS) == list(queries.QUERY_PARAMS.values())
    full = Filters(cycles=("Pemilu 2024",), actor_types=("PNS",), severities=("Ringan",), districts=("Tugu",),
                   date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 2, 1), search="abc",
                   datasets=(vocabulary().dataset_keys.demo,))
    params = full.to_query_params()
    assert list(params) == list(queries.QUERY_PARAMS.values())
    assert Filters.parse_query_params(params) == (full, ())
    source = (LIBRARY / "queries" / "filters.py").read_text(encoding="utf-8")
    body = source.split("QUERY_PARAMS = {", 1)[1].split("}", 1)[1]
    for key in queries.QUERY_PARAMS.values():
        assert f'"{key}"' not in body, f"URL key “{key}” written again after QUERY_PARAMS"


def test_labels_live_beside_the_vocabulary() -> None:
    from netralitas import charts, export

    assert charts.COLUMN_LABELS is labels.COLUMN_LABELS and charts.DIMENSION_LABELS is labels.DIMENSION_LABELS
    assert queries.DIMENSION_LABELS is labels.DIMENSION_LABELS and queries.FUNNEL_STAGES is labels.FUNNEL_STAGES
    assert queries.AGE_BUCKETS is labels.AGE_BUCKETS
    assert set(queries.DIMENSIONS) <= set(labels.DIMENSION_LABELS)
    assert export.build_xlsx and "COLUMN_LABELS =" not in (LIBRARY / "charts.py").read_text(encoding="utf-8")
