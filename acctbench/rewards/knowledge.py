"""Typed loaders for the reward knowledge: the accounting lexicon and the principle rules.

The data live in ``rewards/lexicon.yaml`` and ``rewards/principles.yaml`` (bundled into the
wheel). Both are validated on load; a problem raises ``ValueError`` naming the file, the entry
and the field. Only the standard library and PyYAML are used here: matching (spaCy) belongs to
the scorers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from acctbench._paths import data_path

__all__ = [
    "CATEGORIES",
    "FORBIDDEN_ACRONYMS",
    "PRINCIPLE_IDS",
    "LexiconTerm",
    "Principle",
    "Statement",
    "load_contrasts",
    "load_lexicon",
    "load_principles",
]

CATEGORIES: frozenset[str] = frozenset({
    "asset", "liability", "equity", "revenue", "expense", "statement", "ratio", "principle",
    "standard", "audit", "tax", "cost", "valuation", "process", "other",
})

# The principle ids used across the project (items' ``principles`` field, principles.yaml).
PRINCIPLE_IDS: tuple[str, ...] = (
    "matching", "revenue_recognition", "accrual_basis", "conservatism", "materiality",
    "going_concern", "consistency", "historical_cost", "fair_value", "full_disclosure",
    "economic_entity", "monetary_unit", "time_period", "cost_constraint", "verifiability",
    "substance_over_form", "faithful_representation", "relevance", "comparability",
    "double_entry", "inventory_lower_of_cost", "impairment", "depreciation_allocation",
    "no_offsetting", "contingencies", "lease_recognition", "deferred_tax",
    "segregation_of_duties", "control_consolidation", "timeliness",
)

# Acronyms are matched case-sensitively as whole tokens, so one that spells a common English
# word ("IS", "CAN", "TIE") would fire on shouted or headline text. Bare two-letter acronyms are
# refused separately (they need a slash form such as "A/R").
FORBIDDEN_ACRONYMS: frozenset[str] = frozenset("""
A I AM AN AS AT BE BY DO GO HE HI IF IN IS IT ME MY NO OF OH OK ON OR OX SO TO UP US WE
ACE ACT ADD AGE AGO AID AIM AIR ALL AND ANY APE ARE ARK ARM ART ASK ATE BAD BAG BAN BAR BAT
BED BET BIG BIN BIT BOX BOY BUS BUT BUY CAB CAN CAP CAR CAT COT COW CRY CUP CUT DAD DAY DEN
DID DIE DIG DOG DOT DRY DUE EAR EAT EGG END ERA EVE EYE FAN FAR FAT FEE FEW FIG FIT FIX FLY
FOR FOX FUN FUR GAP GAS GET GOD GOT GUN GUT GUY HAD HAM HAS HAT HEN HER HEY HID HIM HIP HIS
HIT HOT HOW HUB HUG ICE ILL INK INN ITS JAM JAR JAW JET JOB JOY KEY KID KIN LAB LAP LAW LAY
LED LEG LET LID LIE LIP LIT LOG LOT LOW MAD MAN MAP MAT MAY MEN MET MIX MOB MUD NAP NET NEW
NIL NOR NOT NOW NUT OAK ODD OFF OFT OIL OLD ONE OPT OUR OUT OWE OWL OWN PAD PAN PAT PAW PAY
PEA PEN PER PET PIE PIG PIN PIT POP POT PRO PUT RAG RAM RAN RAT RAW RED RID RIM RIP ROB ROD
ROT ROW RUB RUG RUN SAD SAT SAW SAY SEA SEE SET SEW SHE SHY SIN SIP SIR SIT SIX SKI SKY SON
SPA SPY SUM SUN TAB TAG TAN TAP TAR TAX TEA TEN THE TIE TIN TIP TOE TON TOO TOP TOY TRY TUB
TWO USE VAN VOW WAR WAS WAY WEB WET WHO WHY WIG WIN WIT WON YES YET YOU ZIP
ALSO BANK BILL BOND BOOK CASE CASH COST DATA DEBT DEED DUTY EACH EVEN FACT FIRM FREE FROM
FUND GAIN GOOD HAVE HELD INTO JUST KEEP LAND LEAD LEND LESS LIST LOAN LOSS MADE MAKE MORE
MOST MUCH MUST NEED NEXT NONE NOTE ONLY OVER PAID PART PLAN POOL RATE REAL RISK RULE SAFE
SALE SAME SELL SOLD SOLE SOME STOP SUCH TAKE TERM THAN THAT THEM THEN THEY THIS TRUE UNIT
UPON VERY WANT WELL WERE WHAT WHEN WILL WITH WORK YEAR
ABOUT AFTER AGAIN ASSET AUDIT BASIS BOARD CLAIM COULD DEBIT ENTRY EQUAL ESTATE FINAL FIRST
GOODS GROSS GROUP HEDGE ISSUE LEASE LEGAL LEVEL MONEY NOTES ORDER OTHER OWNER PARTY PRICE
PRIME RATIO SHALL SHARE SHORT SINCE STAFF STOCK TERMS THEIR THERE THESE THOSE TOTAL TRADE
UNDER UNTIL VALUE WHERE WHICH WHILE WOULD YIELD
""".split())

_ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_BARE_TWO_LETTERS = re.compile(r"^[A-Za-z]{2}$")

_LEXICON_KEYS = ("term", "variants", "acronyms", "category")
_PRINCIPLE_KEYS = ("id", "name", "aliases", "standard", "summary", "triggers", "ideas",
                   "misconceptions")
_STATEMENT_KEYS = ("text", "subject", "claim")


@dataclass(frozen=True)
class LexiconTerm:
    """One accounting concept: its canonical phrase, variants, acronyms and category."""

    term: str
    variants: tuple[str, ...]
    acronyms: tuple[str, ...]
    category: str

    @property
    def phrases(self) -> tuple[str, ...]:
        """The canonical term followed by its variants (all matched case-insensitively)."""
        return (self.term, *self.variants)


@dataclass(frozen=True)
class Statement:
    """A claim an answer may make: present when a subject and an un-negated claim co-occur."""

    text: str
    subject: tuple[str, ...]
    claim: tuple[str, ...]


@dataclass(frozen=True)
class Principle:
    """An accounting principle with what correct answers state and what wrong ones believe."""

    id: str
    name: str
    aliases: tuple[str, ...]
    standard: str
    summary: str
    triggers: tuple[str, ...]
    ideas: tuple[Statement, ...]
    misconceptions: tuple[Statement, ...]


def _norm(phrase: str) -> str:
    """The key used to detect duplicate phrases: lowercase, single spaces."""
    return " ".join(phrase.lower().split())


class _Where:
    """Builds error messages that name the file, the entry and the field."""

    def __init__(self, path: Path, index: int, label: str | None = None,
                 prefix: str = "") -> None:
        self.path, self.index, self.label, self.prefix = path, index, label, prefix

    def within(self, prefix: str) -> _Where:
        """The same entry, with fields reported under ``prefix`` (e.g. ``ideas[0].``)."""
        return _Where(self.path, self.index, self.label, self.prefix + prefix)

    def error(self, field: str | None, problem: str) -> ValueError:
        entry = f"entry {self.index}" + (f" ({self.label!r})" if self.label else "")
        name = f"{self.prefix}{field}" if field else self.prefix.rstrip(".")
        where = f"{self.path}: {entry}" + (f", field {name!r}" if name else "")
        return ValueError(f"{where}: {problem}")


def _read_list(path: Path) -> list[Any]:
    """The top-level YAML list of a knowledge file."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise ValueError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, list) or not data:
        raise ValueError(f"{path}: expected a non-empty YAML list of entries")
    return data


def _label(raw: Any, key: str) -> str | None:
    """The entry's name for error messages, when it has one."""
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) else None


def _check_keys(raw: Any, where: _Where, allowed: tuple[str, ...],
                required: tuple[str, ...]) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise where.error(None, f"expected a mapping, got {type(raw).__name__}")
    for key in raw:
        if key not in allowed:
            raise where.error(str(key), f"unknown field; expected one of {list(allowed)}")
    for key in required:
        if key not in raw or raw[key] is None:
            raise where.error(key, "missing required field")
    return raw


def _text(raw: dict[str, Any], key: str, where: _Where) -> str:
    value = raw[key]
    if not isinstance(value, str) or not value.strip():
        raise where.error(key, f"expected a non-empty string, got {value!r}")
    return value.strip()


def _phrases(raw: dict[str, Any], key: str, where: _Where, *, non_empty: bool) -> tuple[str, ...]:
    """A list of distinct non-empty strings (missing means empty unless ``non_empty``)."""
    value = raw.get(key, [])
    if value is None:
        value = []
    if not isinstance(value, list):
        raise where.error(key, f"expected a list of strings, got {type(value).__name__}")
    if non_empty and not value:
        raise where.error(key, "must not be empty")
    out: list[str] = []
    seen: set[str] = set()
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise where.error(key, f"expected non-empty strings, got {item!r}")
        if _norm(item) in seen:
            raise where.error(key, f"duplicate phrase {item!r}")
        seen.add(_norm(item))
        out.append(" ".join(item.split()))
    return tuple(out)


def _check_acronym(acronym: str, where: _Where) -> None:
    if any(ch.isspace() for ch in acronym) or not 2 <= len(acronym) <= 12:
        raise where.error("acronyms", f"{acronym!r} must be one token of 2-12 characters")
    if not any(ch.isupper() for ch in acronym):
        raise where.error("acronyms", f"{acronym!r} has no capital letter; acronyms are "
                          "matched case-sensitively")
    if acronym.upper() in FORBIDDEN_ACRONYMS:
        raise where.error("acronyms", f"{acronym!r} is a common English word")
    if _BARE_TWO_LETTERS.match(acronym):
        raise where.error("acronyms", f"{acronym!r} is an ambiguous two-letter acronym; use a "
                          "slash form such as 'A/R'")


def _lexicon_entry(raw: Any, where: _Where) -> LexiconTerm:
    raw = _check_keys(raw, where, _LEXICON_KEYS, ("term", "category"))
    term = " ".join(_text(raw, "term", where).split())
    category = _text(raw, "category", where)
    if category not in CATEGORIES:
        raise where.error("category", f"unknown category {category!r}; expected one of "
                          f"{sorted(CATEGORIES)}")
    variants = _phrases(raw, "variants", where, non_empty=False)
    if _norm(term) in {_norm(v) for v in variants}:
        raise where.error("variants", f"repeats the term {term!r}")
    acronyms = _phrases(raw, "acronyms", where, non_empty=False)
    for acronym in acronyms:
        _check_acronym(acronym, where)
    return LexiconTerm(term, variants, acronyms, category)


def _read_lexicon(path: Path) -> tuple[LexiconTerm, ...]:
    terms: list[LexiconTerm] = []
    owner: dict[str, str] = {}  # normalised phrase -> canonical term that owns it
    acronym_owner: dict[str, str] = {}
    for index, raw in enumerate(_read_list(path)):
        where = _Where(path, index, _label(raw, "term"))
        entry = _lexicon_entry(raw, where)
        for field, phrase in [("term", entry.term)] + [("variants", v) for v in entry.variants]:
            other = owner.setdefault(_norm(phrase), entry.term)
            if other != entry.term:
                raise where.error(field, f"phrase {phrase!r} already belongs to {other!r}")
        for acronym in entry.acronyms:
            other = acronym_owner.setdefault(acronym, entry.term)
            if other != entry.term:
                raise where.error("acronyms", f"acronym {acronym!r} already belongs to {other!r}")
        terms.append(entry)
    return tuple(terms)


def _statement(raw: Any, where: _Where) -> Statement:
    raw = _check_keys(raw, where, _STATEMENT_KEYS, _STATEMENT_KEYS)
    return Statement(
        text=_text(raw, "text", where),
        subject=_phrases(raw, "subject", where, non_empty=True),
        claim=_phrases(raw, "claim", where, non_empty=True),
    )


def _statements(raw: dict[str, Any], key: str, where: _Where) -> tuple[Statement, ...]:
    value = raw[key]
    if not isinstance(value, list) or not value:
        raise where.error(key, "expected a non-empty list of statements")
    return tuple(_statement(item, where.within(f"{key}[{i}].")) for i, item in enumerate(value))


def _principle_entry(raw: Any, where: _Where) -> Principle:
    raw = _check_keys(raw, where, _PRINCIPLE_KEYS, _PRINCIPLE_KEYS)
    pid = _text(raw, "id", where)
    if not _ID_RE.match(pid):
        raise where.error("id", f"{pid!r} is not a snake_case id")
    return Principle(
        id=pid,
        name=_text(raw, "name", where),
        aliases=_phrases(raw, "aliases", where, non_empty=False),
        standard=_text(raw, "standard", where),
        summary=_text(raw, "summary", where),
        triggers=_phrases(raw, "triggers", where, non_empty=True),
        ideas=_statements(raw, "ideas", where),
        misconceptions=_statements(raw, "misconceptions", where),
    )


def _read_principles(path: Path) -> tuple[Principle, ...]:
    principles: list[Principle] = []
    ids: set[str] = set()
    names: dict[str, str] = {}  # normalised name or alias -> principle id
    for index, raw in enumerate(_read_list(path)):
        where = _Where(path, index, _label(raw, "id"))
        principle = _principle_entry(raw, where)
        if principle.id in ids:
            raise where.error("id", f"duplicate id {principle.id!r}")
        ids.add(principle.id)
        for field, phrase in [("name", principle.name)] + [("aliases", a)
                                                           for a in principle.aliases]:
            other = names.setdefault(_norm(phrase), principle.id)
            if other != principle.id:
                raise where.error(field, f"{phrase!r} already names principle {other!r}")
        principles.append(principle)
    return tuple(principles)


@cache
def _default_lexicon() -> tuple[LexiconTerm, ...]:
    return _read_lexicon(data_path("rewards", "lexicon.yaml"))


@cache
def _default_principles() -> tuple[Principle, ...]:
    return _read_principles(data_path("rewards", "principles.yaml"))


def load_lexicon(path: str | Path | None = None) -> tuple[LexiconTerm, ...]:
    """The lexicon terms from ``path`` (default: the bundled ``rewards/lexicon.yaml``, cached)."""
    return _default_lexicon() if path is None else _read_lexicon(Path(path))


def load_principles(path: str | Path | None = None) -> dict[str, Principle]:
    """Principles by id from ``path`` (default: the bundled ``rewards/principles.yaml``, cached).

    Returns a fresh dict each call; the ``Principle`` objects themselves are immutable.
    """
    principles = _default_principles() if path is None else _read_principles(Path(path))
    return {p.id: p for p in principles}


def _read_contrasts(path: Path) -> tuple[tuple[str, ...], ...]:
    groups = []
    for n, raw in enumerate(_read_list(path), start=1):
        words = raw if isinstance(raw, list) else []
        if len(words) < 2 or not all(isinstance(w, str) and re.fullmatch(r"[a-z]+", w) for w in words):
            raise ValueError(f"{path}: entry {n}: expected a list of two or more lowercase single words, got {raw!r}")
        if len(set(words)) != len(words):
            raise ValueError(f"{path}: entry {n}: a word is repeated in {raw!r}")
        groups.append(tuple(words))
    return tuple(groups)


@cache
def _default_contrasts() -> tuple[tuple[str, ...], ...]:
    return _read_contrasts(data_path("rewards", "contrasts.yaml"))


def load_contrasts(path: str | Path | None = None) -> tuple[tuple[str, ...], ...]:
    """Groups of mutually contradicting words from ``path`` (default: the bundled
    ``rewards/contrasts.yaml``, cached)."""
    return _default_contrasts() if path is None else _read_contrasts(Path(path))
