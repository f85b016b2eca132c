"""The vocabulary of the product, read from ``vocabulary.toml`` (the one place for every term and rule).

Everything that names a cycle, an actor type, a severity, a kecamatan, a handling status or a spelling
variant comes from here, so pages, loaders, charts and exports agree and a new spelling is a data change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

VOCABULARY_FILE = Path(__file__).with_name("vocabulary.toml")

_DOTS = re.compile(r"\.")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_LETTER_DIGIT = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")


def fold(text: object) -> str:
    """Fold a cell text for matching: lower case, dots removed, other punctuation to single spaces."""
    if text is None:
        return ""
    s = str(text).lower()
    s = _DOTS.sub("", s)
    s = _NON_ALNUM.sub(" ", s)
    return s.strip()


def fold_split(text: object) -> str:
    """Like :func:`fold`, and also split letters from digits ("pilkada2024" → "pilkada 2024")."""
    return _LETTER_DIGIT.sub(" ", fold(text))


@dataclass(frozen=True)
class Milestone:
    """A dated event of an election cycle, drawn on the timeline."""

    date: dt.date
    label: str


@dataclass(frozen=True)
class Cycle:
    """An election cycle with its fallback date window, milestones and chart colour."""

    name: str
    date_from: dt.date | None
    date_to: dt.date | None
    color: str
    variants: tuple[str, ...] = ()
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class Term:
    """A canonical value with its folded spelling variants and display attributes."""

    name: str
    variants: tuple[str, ...]
    color: str = "#888888"
    label: str = ""
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class SeverityKeyword:
    """One keyword rule of the sanction reader; ``pattern`` matches whole words of folded text."""

    text: str
    concrete: bool
    pattern: re.Pattern[str]


@dataclass(frozen=True)
class Severity:
    """A severity category: five ranked sanctions and four unranked outcomes. ``role`` names an outcome the figures
    count by (``not_proven``, ``in_process``, ``proven_no_sanction``), else it is empty."""

    name: str
    rank: int | None
    color: str
    keywords: tuple[SeverityKeyword, ...]
    exact: tuple[str, ...] = ()
    accepts_levels: tuple[int, ...] = ()
    role: str = ""


@dataclass(frozen=True)
class Status:
    """A canonical handling status with its funnel stage and default outcome.

    ``variants`` also match inside a longer text (the longest wins); ``exact`` only match the whole cell (a bare
    "Proses" is a status, but the word inside "Proses penjatuhan sanksi" must not outweigh "sanksi"). ``role``
    names a status the figures count by (``imposed``, ``not_registered``); ``destination`` is where a forwarding
    status sent the case ("KASN", "BKN", "Gakkumdu"), else empty.
    """

    name: str
    stage: int
    outcome: str
    variants: tuple[str, ...]
    exact: tuple[str, ...] = ()
    role: str = ""
    destination: str = ""


class DatasetKeys(NamedTuple):
    """The keys of the three datasets a row belongs to (stored with each row; the values of a link's ``data=``)."""

    demo: str
    public: str
    own: str


#: The outcomes and statuses the figures count by: every vocabulary names each of these roles exactly once.
SEVERITY_ROLES = ("not_proven", "in_process", "proven_no_sanction")
STATUS_ROLES = ("imposed", "not_registered")


@dataclass(frozen=True)
class Vocabulary:
    """All vocabularies of the product, parsed and ready for matching."""

    cycles: tuple[Cycle, ...]
    cycle_unknown: Cycle
    actor_types: tuple[Term, ...]
    actor_unknown: Term
    blank_words: frozenset[str]
    districts: tuple[Term, ...]
    district_prefixes: tuple[str, ...]
    statuses: tuple[Status, ...]
    severities: tuple[Severity, ...]
    sanction_rewrites: tuple[tuple[str, str], ...]
    source_kinds: dict[str, tuple[str, ...]]
    position_groups: tuple[Term, ...]
    position_group_other: str
    header_fields: dict[str, tuple[str, ...]]
    header_parent: dict[str, dict[str, str]]
    total_words: tuple[str, ...]
    signature_words: tuple[str, ...]
    months: dict[str, int]
    dataset_keys: DatasetKeys
    dataset_markers: dict[str, tuple[str, ...]]
    dataset_labels: dict[str, str]
    unknown: str  # the value of any dimension that is blank or unreadable (vocabulary ``unknown``)
    forwarding_variants: tuple[str, ...] = ()
    forwarding_switch: dt.date | None = None
    forwarding_before: str = ""
    forwarding_after: str = ""
    forwarding_unrecorded: str = ""
    pending_words: tuple[str, ...] = ()
    pending_demote: dict[str, str] = field(default_factory=dict)
    shorthand: dict[str, str] = field(default_factory=dict)
    nik_digits: int = 16
    nik_header_words: tuple[str, ...] = ()
    nik_actor_types: tuple[str, ...] = ()
    office_words: dict[str, dict[str, str]] = field(default_factory=dict)
    prevention_briefing_kinds: tuple[str, ...] = ()  # kinds by which a kecamatan counts as briefed or declared
    prevention_kinds: tuple[Term, ...] = ()  # order = display order; the last is the catch-all
    audience_groups: tuple[Term, ...] = ()  # order = display order; the last is the catch-all
    prevention_header_fields: dict[str, tuple[str, ...]] = field(default_factory=dict)  # like header_fields
    prevention_header_parent: dict[str, dict[str, str]] = field(default_factory=dict)  # like header_parent
    participant_words: tuple[str, ...] = ()  # words allowed around a number of participants
    city_wide_words: tuple[str, ...] = ()  # a kecamatan cell naming the whole city

    # ---- reading words -----------------------------------------------------------------------------
    def expand(self, folded: str) -> str:
        """Folded text with register shorthand written out ("sdh ditindak lanjuti" → "sudah ditindaklanjuti").

        Each ``[shorthand]`` entry replaces whole words (or a whole run of words) of the folded text.
        """
        pattern = _shorthand_pattern(tuple(self.shorthand))
        if pattern is None or not folded:
            return folded
        return pattern.sub(lambda m: self.shorthand[m.group(0)], folded)

    def names_nik(self, header: str) -> bool:
        """True when a column header says the column may hold a NIK ("NIP/NIK", "NIK")."""
        padded = f" {fold(header)} "
        return any(f" {w} " in padded for w in self.nik_header_words)

    def office_word(self, field_name: str, folded: str) -> str | None:
        """The canonical value the office mapped the folded word of ``field_name`` to, or None."""
        words = self.office_words.get(field_name)
        return words.get(folded) if words else None

    def with_office_words(self, words: dict[str, dict[str, str]]) -> Vocabulary:
        """This vocabulary plus the office's own word mapping (field → folded word → canonical value)."""
        return dataclasses.replace(self, office_words={k: dict(v) for k, v in words.items() if v})

    # ---- convenience views -------------------------------------------------------------------
    @property
    def cycle_names(self) -> list[str]:
        """Canonical cycle names in calendar order (without the unknown cycle)."""
        return [c.name for c in self.cycles]

    @property
    def actor_type_names(self) -> list[str]:
        """Canonical actor types in display order, the unknown one last."""
        return [t.name for t in self.actor_types] + [self.actor_unknown.name]

    @property
    def severity_names(self) -> list[str]:
        """Severities: the five sanctions light → heavy, then the four outcomes."""
        return [s.name for s in self.severities]

    @property
    def sanction_names(self) -> list[str]:
        """The five ranked sanctions, light → heavy."""
        return [s.name for s in self.severities if s.rank is not None]

    @property
    def outcome_names(self) -> list[str]:
        """The four outcomes that are not a severity."""
        return [s.name for s in self.severities if s.rank is None]

    @property
    def prevention_kind_names(self) -> list[str]:
        """The canonical kinds of prevention activity, in display order (the last, ``Lainnya``, takes the rest)."""
        return [k.name for k in self.prevention_kinds]

    @property
    def audience_group_names(self) -> list[str]:
        """The canonical audience groups of prevention activities, in display order (the last takes the rest)."""
        return [g.name for g in self.audience_groups]

    @property
    def district_names(self) -> list[str]:
        """The 16 kecamatan in canonical spelling, alphabetical."""
        return sorted(d.name for d in self.districts)

    @property
    def status_names(self) -> list[str]:
        """Canonical handling statuses in process order."""
        return [s.name for s in self.statuses]

    # ---- the values the figures count by -----------------------------------------------------------
    def _severity_with_role(self, role: str) -> str:
        """The severity whose ``role`` is ``role`` (exactly one has it: checked when the vocabulary is read)."""
        return next(s.name for s in self.severities if s.role == role)

    def _status_with_role(self, role: str) -> str:
        """The status whose ``role`` is ``role`` (exactly one has it: checked when the vocabulary is read)."""
        return next(s.name for s in self.statuses if s.role == role)

    @property
    def not_proven(self) -> str:
        """The outcome of a case found not to be a violation ("Tidak terbukti")."""
        return self._severity_with_role("not_proven")

    @property
    def in_process(self) -> str:
        """The outcome of a case still being handled ("Dalam proses")."""
        return self._severity_with_role("in_process")

    @property
    def proven_no_sanction(self) -> str:
        """The outcome of a proven case whose sanction the register does not name."""
        return self._severity_with_role("proven_no_sanction")

    @property
    def imposed_status(self) -> str:
        """The handling status that says a sanction was imposed ("Sanksi dijatuhkan")."""
        return self._status_with_role("imposed")

    @property
    def not_registered_status(self) -> str:
        """The handling status that says a finding was never registered ("Tidak diregister")."""
        return self._status_with_role("not_registered")

    @property
    def forwarding_destinations(self) -> tuple[tuple[str, str], ...]:
        """(status, destination) of each status that names where a case was forwarded, in status order."""
        return tuple((s.name, s.destination) for s in self.statuses if s.destination)

    @property
    def destination_names(self) -> list[str]:
        """Where forwarded cases go, in status order, then the destination of a case nothing places."""
        return [d for _, d in self.forwarding_destinations] + [self.forwarding_unrecorded]

    def destination(self, status: str) -> str:
        """Where ``status`` sent the case ("KASN" for "Diteruskan ke KASN"), or "" when it names no destination."""
        found = self.status(status)
        return found.destination if found else ""

    def cycle(self, name: str) -> Cycle | None:
        """The cycle called ``name`` (canonical), or None."""
        for c in self.cycles:
            if c.name == name:
                return c
        return self.cycle_unknown if name == self.cycle_unknown.name else None

    def severity(self, name: str) -> Severity | None:
        """The severity called ``name`` (canonical), or None."""
        for s in self.severities:
            if s.name == name:
                return s
        return None

    def status(self, name: str) -> Status | None:
        """The handling status called ``name`` (canonical), or None."""
        for s in self.statuses:
            if s.name == name:
                return s
        return None

    def cycle_colors(self) -> dict[str, str]:
        """One fixed colour per cycle (including the unknown cycle)."""
        colors = {c.name: c.color for c in self.cycles}
        colors[self.cycle_unknown.name] = self.cycle_unknown.color
        return colors

    def actor_colors(self) -> dict[str, str]:
        """One fixed colour per actor type."""
        colors = {t.name: t.color for t in self.actor_types}
        colors[self.actor_unknown.name] = self.actor_unknown.color
        return colors

    def severity_colors(self) -> dict[str, str]:
        """Light → dark colours for the sanctions, neutral ones for the outcomes."""
        return {s.name: s.color for s in self.severities}


@cache
def _shorthand_pattern(words: tuple[str, ...]) -> re.Pattern[str] | None:
    """One pattern matching any of ``words`` as whole words of folded text (longest first)."""
    if not words:
        return None
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![0-9a-z])(?:{alternatives})(?![0-9a-z])")


def _keyword_pattern(text: str) -> re.Pattern[str]:
    """Compile a folded keyword into a whole-word pattern; ``...`` stands for any words in between."""
    parts = [fold(p) for p in text.split("...")]
    body = r"(?:\s+\S+)*?\s+".join(r"\s+".join(map(re.escape, p.split())) for p in parts if p)
    return re.compile(rf"(?<![0-9a-z]){body}(?![0-9a-z])")


def _date(value: object) -> dt.date | None:
    """A TOML date (or date-time, or ISO text) as a date; None stays None."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _folded_tuple(values: list[str]) -> tuple[str, ...]:
    """The folded values, each once, in their first order."""
    seen: dict[str, None] = {}
    for v in values:
        seen.setdefault(fold(v), None)
    return tuple(seen)


def parse_vocabulary(data: dict) -> Vocabulary:
    """Build a :class:`Vocabulary` from the parsed TOML mapping (exposed for tests of new entries)."""
    cycles = tuple(
        Cycle(
            name=c["name"],
            date_from=_date(c.get("from")),
            date_to=_date(c.get("to")),
            color=c.get("color", "#888888"),
            variants=tuple(dict.fromkeys(fold_split(v) for v in c.get("variants", []) + [c["name"]])),
            milestones=tuple(Milestone(_date(m["date"]), m["label"]) for m in c.get("milestones", [])),
        )
        for c in data["cycle"]
    )
    unknown = data["unknown"]
    cu = data["cycle_unknown"]
    actors = tuple(
        Term(a["name"], _folded_tuple(a.get("variants", []) + [a["name"]]), a.get("color", "#888"), a.get("label", ""))
        for a in data["actor_type"]
    )
    au = data["actor_unknown"]
    districts = tuple(
        Term(d["name"], _folded_tuple(d.get("variants", []) + [d["name"]]), extra={"tile": tuple(d.get("tile", ()))})
        for d in data["district"]
    )
    shorthand = {fold(a): fold(b) for a, b in data.get("shorthand", {}).get("words", [])}

    def expanded(values: list[str]) -> tuple[str, ...]:
        """Folded values with the shorthand written out, as cell texts are before they are matched."""
        pattern = _shorthand_pattern(tuple(shorthand))
        folded = _folded_tuple(values)
        if pattern is None:
            return folded
        return tuple(dict.fromkeys(pattern.sub(lambda m: shorthand[m.group(0)], v) for v in folded))

    statuses = tuple(
        Status(s["name"], int(s["stage"]), s["outcome"], expanded(s.get("variants", []) + [s["name"]]),
               expanded(s.get("exact", [])), s.get("role", ""), s.get("destination", ""))
        for s in data["status"]
    )
    severities = tuple(
        Severity(
            name=s["name"],
            rank=s.get("rank"),
            color=s.get("color", "#888888"),
            keywords=tuple(
                SeverityKeyword(fold(k["text"]), bool(k.get("concrete")), _keyword_pattern(k["text"]))
                for k in s.get("keywords", [])
            ),
            exact=_folded_tuple(s.get("exact", [])),
            accepts_levels=tuple(s.get("accepts_levels", [])),
            role=s.get("role", ""),
        )
        for s in data["severity"]
    ) + (Severity(unknown, None, data.get("severity_unknown", {}).get("color", "#d9d9d9"), ()),)
    _check_roles("severity", [s.role for s in severities], SEVERITY_ROLES)
    _check_roles("status", [s.role for s in statuses], STATUS_ROLES)
    months: dict[str, int] = {}
    for num, names in data["months"].items():
        for n in names:
            months[fold(n)] = int(num)
    groups = tuple(Term(g["name"], _folded_tuple(g["words"])) for g in data["position_group"])
    ds = data["dataset"]
    keys = DatasetKeys(**{role: ds[role]["key"] for role in DatasetKeys._fields})
    fw = data.get("status_forwarding", {})
    return Vocabulary(
        cycles=cycles,
        cycle_unknown=Cycle(unknown, None, None, cu.get("color", "#9e9e9e")),
        actor_types=actors,
        actor_unknown=Term(unknown, (), au.get("color", "#7f7f7f"), au.get("label", unknown)),
        blank_words=frozenset(fold(b) for b in au.get("blank", [])),
        districts=districts,
        district_prefixes=_folded_tuple(data["district_prefixes"]["strip"]),
        statuses=statuses,
        severities=severities,
        sanction_rewrites=tuple((fold(a), fold(b)) for a, b in data["sanction_reading"]["rewrite"]),
        source_kinds={k: _folded_tuple(v) for k, v in data["source_kind"].items()},
        position_groups=groups,
        position_group_other=data["position_group_other"]["name"],
        header_fields={k: _folded_tuple(v) for k, v in data["header"].items()},
        header_parent={fold(p): {fold(k): v for k, v in m.items()} for p, m in data["header_parent"].items()},
        total_words=_folded_tuple(data["non_data"]["total"]),
        signature_words=_folded_tuple(data["non_data"]["signature"]),
        months=months,
        dataset_keys=keys,
        dataset_markers={d["key"]: _folded_tuple(d["markers"]) for d in ds.values() if d.get("markers")},
        dataset_labels={d["key"]: d["label"] for d in ds.values()},
        unknown=unknown,
        forwarding_variants=_folded_tuple(fw.get("variants", [])),
        forwarding_switch=_date(fw.get("switch_date")),
        forwarding_before=fw.get("before", ""),
        forwarding_after=fw.get("after", ""),
        forwarding_unrecorded=fw.get("unrecorded", ""),
        pending_words=_folded_tuple(data.get("status_pending", {}).get("words", [])),
        pending_demote=dict(data.get("status_pending", {}).get("demote", {})),
        shorthand=shorthand,
        nik_digits=int(data.get("nik", {}).get("digits", 16)),
        nik_header_words=_folded_tuple(data.get("nik", {}).get("header_words", [])),
        nik_actor_types=tuple(data.get("nik", {}).get("actor_types", [])),
        prevention_briefing_kinds=_briefing_kinds(data),
        prevention_kinds=_terms(data.get("prevention_kind", [])),
        audience_groups=_terms(data.get("audience_group", [])),
        prevention_header_fields={k: _folded_tuple(v) for k, v in data.get("prevention_header", {}).items()},
        prevention_header_parent={fold(p): {fold(k): v for k, v in m.items()}
                                  for p, m in data.get("prevention_header_parent", {}).items()},
        participant_words=_folded_tuple(data.get("prevention_reading", {}).get("participant_words", [])),
        city_wide_words=_folded_tuple(data.get("prevention_reading", {}).get("city_wide", [])),
    )


def _terms(entries: list[dict]) -> tuple[Term, ...]:
    """Canonical terms with their folded variants (the name itself is always one), optional colour, and whether
    the term is a broad one (``extra["broad"]``: named only when no specific term is)."""
    return tuple(
        Term(e["name"], _folded_tuple(e.get("variants", []) + [e["name"]]), e.get("color", "#888888"),
             extra={"broad": bool(e.get("broad", False))})
        for e in entries
    )


def _check_roles(kind: str, given: list[str], wanted: tuple[str, ...]) -> None:
    """Each role of ``wanted`` names exactly one entry of ``kind``, and no entry has another role."""
    for role in wanted:
        if given.count(role) != 1:
            raise ValueError(f"vocabulary: role {role!r} must name exactly one {kind} (found {given.count(role)})")
    unknown_roles = sorted({r for r in given if r and r not in wanted})
    if unknown_roles:
        raise ValueError(f"vocabulary: unknown {kind} role(s) {unknown_roles}")


def _briefing_kinds(data: dict) -> tuple[str, ...]:
    """``[prevention] briefing_kinds``: each must be a canonical kind of prevention activity."""
    kinds = tuple(data.get("prevention", {}).get("briefing_kinds", []))
    names = {k["name"] for k in data.get("prevention_kind", [])}
    unknown_kinds = sorted(set(kinds) - names)
    if unknown_kinds:
        raise ValueError(f"vocabulary: briefing kind(s) {unknown_kinds} are not prevention kinds")
    return kinds


@lru_cache(maxsize=4)
def load_vocabulary(path: Path = VOCABULARY_FILE) -> Vocabulary:
    """Read and parse the vocabulary file (cached per path)."""
    with Path(path).open("rb") as fh:
        return parse_vocabulary(tomllib.load(fh))


def vocabulary() -> Vocabulary:
    """The product's vocabulary from the bundled ``vocabulary.toml``."""
    return load_vocabulary(VOCABULARY_FILE)


#: The one word for an unknown value (``unknown`` in vocabulary.toml), for modules that need it as a constant.
UNKNOWN: str = vocabulary().unknown
