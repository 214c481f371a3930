"""Journal lines read from free text, with accounts resolved through the chart of accounts.

Formats: "Dr Cash 5,000", "Dr. Cash $5,000", "Debit: Cash 5,000", "Cash (Dr) 5,000",
"Cash A/c Dr 5,000", "Cash Dr 5,000", "Cr Sales Revenue 5,000", "Credit Sales 5,000", "To Sales
5,000", numbered lines ("1) ..."), two entries on one line ("Cash Dr 5,000 / Sales Cr 5,000"),
lists after a side ("Debits: Cash 208,000; Loss on Sale 6,000"),
markdown/pipe and tab-separated tables with Debit and Credit columns, and (when nothing is
marked) unmarked "Account amount" lines where deeper indentation means credit; a date opening a
line ("Dec 31", "12/31", "2025-12-31") is no part of the account. Account names
resolve through the chart of accounts (synonyms: "Trade payables" is Accounts Payable; names
outside the chart compare as written).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from acctbench.rewards.correctness.common import MARKDOWN_RE, MAX_LINES, bracketed, normalize
from acctbench.rewards.numbers import Token, scan_numbers
from acctbench.rewards.types import MAX_COMPLETION_CHARS

MAX_JOURNAL_LINES = 100


@dataclass(frozen=True)
class JournalLine:
    """One journal line as read: canonical account (or the text as written), side and amount."""

    account: str
    side: str
    amount: float
    known: bool = True
    key: str = ""


_SIDES = {"dr": "debit", "debit": "debit", "debits": "debit", "debited": "debit", "cr": "credit", "credit": "credit",
          "credits": "credit", "credited": "credit", "to": "credit"}
_LEAD_RE = re.compile(
    r"(?i)^[\s|>*•+\-–]*(?:\d{1,2}[.)]\s+)?"
    r"(?P<side>dr\b\.?|cr\b\.?|debit(?:s|ed)?\b|credit(?:s|ed)?\b|to\b)\s*[:\-–—|]?\s*"
)
_MARK_RE = re.compile(
    r"(?i)(?P<paren>\(\s*(?:dr|cr|debit|credit)\.?\s*\))|(?<![\w/.])(?P<tok>dr|cr)\b\.?"
    r"|\b(?P<word>debit(?:ed)?|credit(?:ed)?)\b\s*:?"
)
_HEADER_DR_RE = re.compile(r"(?i)^(?:debits?|dr\.?)(?:\s*\(.*\))?$")
_HEADER_CR_RE = re.compile(r"(?i)^(?:credits?|cr\.?)(?:\s*\(.*\))?$")
_HEADER_ACCOUNT_RE = re.compile(r"(?i)account|particular|description|title|ledger|name")
_HEADER_OTHER_RE = re.compile(r"(?i)^(?:date|ref|post|no\.?|#|p\.?r\.?)?$")
_SEPARATOR_ROW_RE = re.compile(r"^[\s|:\-–—=+]*$")
_ACCOUNT_LABEL_RE = re.compile(r"(?i)^(?:account(?:\s+(?:name|title))?|acct\.?)\s*[:=\-–]\s*")
_AC_RE = re.compile(r"(?i)(?<!\w)(?:a/c|acct\.?)(?!\w)")
_STRIP = " \t|:;,.-–—=$€£()[]{}\"'*_`#>•+/"
_ENUMERATOR_RE = re.compile(r"^(?:\(?\d{1,2}[.)]|\([a-z]\))\s+")
_SKIP_ACCOUNT_RE = re.compile(r"(?i)^(?:totals?|record|being|narration)\b")
_SUBLEDGER_RE = re.compile(r"\s[–—-]\s|\s?:\s")
_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_LEAD_RE = re.compile(
    rf"(?i)^[\s>*•+\-–]*(?:date\s*:?\s*)?(?:{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?"
    rf"|\d{{1,2}}\s+{_MONTH}\.?(?:,?\s+\d{{4}})?|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?)"
    r"(?=[\s:,\-–]|$)[\s:,\-–]*"
)


def default_chart() -> Any:
    """The bundled chart of accounts, or ``None`` when it cannot be loaded."""
    try:
        from acctbench.accounts import load_accounts

        return load_accounts()
    except Exception:  # without a chart, names are compared as written
        return None


def resolve_account(chart: Any, text: str) -> Any:
    """The chart's account for a name, or ``None``."""
    if chart is None or not text:
        return None
    try:
        return chart.resolve(text)
    except Exception:  # a chart that cannot read a name does not resolve it
        return None


def account_key(name: str, known: bool) -> str:
    """What lines are matched on: the canonical name, else ``?`` and the folded text."""
    return name if known else "?" + normalize(name)


def _side_mark(seg: str) -> tuple[str | None, tuple[int, int], str]:
    """The side a segment names, the marker's span and its kind (``lead``, ``mark``, ``word``)."""
    lead = _LEAD_RE.match(seg)
    if lead:
        word = lead.group("side").lower().rstrip(".")
        kind = "to" if word == "to" else "word" if word[0:2] in ("de", "cr") and len(word) > 2 else "lead"
        return _SIDES[word], (lead.start("side"), lead.end()), kind
    best: tuple[int, re.Match[str]] | None = None
    for m in _MARK_RE.finditer(seg):
        rank = 0 if m.group("paren") else 1 if m.group("tok") else 2
        if best is None or rank < best[0]:
            best = (rank, m)
    if best is None:
        return None, (0, 0), ""
    m = best[1]
    word = re.sub(r"[^a-z]", "", m.group().lower())
    return _SIDES[word], m.span(), "word" if best[0] == 2 else "mark"


def _clean_account(text: str) -> str:
    text = _AC_RE.sub(" ", MARKDOWN_RE.sub(" ", re.sub(r'["{}\[\]]', " ", text)))
    text = _ACCOUNT_LABEL_RE.sub("", _ENUMERATOR_RE.sub("", text.strip(" \t")).strip(_STRIP)).strip(_STRIP)
    return " ".join(text.split())[:120]


def _without_groups(text: str) -> str:
    return re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)


def _account(chart: Any, candidates: Iterable[str]) -> tuple[str, bool]:
    """The first candidate that resolves (also without parentheses), else the first non-empty."""
    first = ""
    for raw in candidates:
        # "Accounts Receivable – A. Haddad": a subsidiary-ledger name after a dash is no part of the account
        heads = [raw[: m.start()] for m in reversed(list(_SUBLEDGER_RE.finditer(raw))[:8])]  # longest first
        for variant in (_clean_account(raw), _clean_account(_without_groups(raw)), *map(_clean_account, heads)):
            acc = resolve_account(chart, variant)
            if acc is not None:
                return acc.name, True
            first = first or variant
    return first, False


def _amount(seg: str) -> Token | None:
    tokens = [t for t in scan_numbers(seg, 32) if not t.is_percent and t.value != 0]
    groups = bracketed(seg)
    outside = [t for t in tokens if not groups[t.span[0]]]
    return (outside or tokens or [None])[-1]


def _segments(line: str) -> list[str]:
    """Split a line holding several entries ("Dr Cash 5,000 Cr Sales 5,000") after each amount
    that is followed by another side marker."""
    out: list[str] = []
    for part in line.split(";")[:16]:
        marks = [m.start() for _, m in zip(range(64), _MARK_RE.finditer(part))]
        if len(marks) < 2:
            out.append(part)
            continue
        ends = [t.span[1] for t in scan_numbers(part, 64) if not t.is_percent]
        last = 0
        for mark in marks[1:]:
            cut = max((e for e in ends if last < e <= mark), default=None)
            if cut is not None:
                out.append(part[last:cut])
                last = cut
        out.append(part[last:])
    return out


def _read_segment(seg: str, chart: Any) -> tuple[str | None, str, bool, Token] | None:
    """``(side or None, account, known, amount token)`` of one segment, or ``None``."""
    amount = _amount(seg)
    if amount is None:
        return None
    side, (ms, me), kind = _side_mark(seg)
    a0, a1 = amount.span
    if side is None:
        candidates = [seg[:a0], seg[a1:]]
    elif me <= a0:
        candidates = [seg[me:a0], seg[:ms], seg[a1:]]
    else:
        candidates = [seg[:a0], seg[a1:ms], seg[me:]]
    name, known = _account(chart, candidates)
    if not name or _SKIP_ACCOUNT_RE.match(name):
        return None
    if kind == "word" and not known:  # "Credit Card Payable 500": the word is the account's
        acc = resolve_account(chart, _clean_account(seg[ms:me] + " " + name))
        if acc is not None:
            return None, acc.name, True, amount
    if (kind == "to" or side is None) and not known:
        return None
    return side, name, known, amount


def _table_header(cells: list[str]) -> tuple[int, int, int] | None:
    norm = [_clean_account(c).lower() for c in cells]
    dr = next((i for i, c in enumerate(norm) if _HEADER_DR_RE.match(c)), None)
    cr = next((i for i, c in enumerate(norm) if _HEADER_CR_RE.match(c)), None)
    if dr is None or cr is None:
        return None
    acct = next((i for i, c in enumerate(norm) if _HEADER_ACCOUNT_RE.search(c)), None)
    if acct is None:
        acct = next((i for i, c in enumerate(norm) if i not in (dr, cr) and not _HEADER_OTHER_RE.match(c)), None)
    return None if acct is None else (acct, dr, cr)


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")[:16]]


def _cell(cells: list[str], index: int) -> str:
    """A table cell; rows may leave out trailing empty cells."""
    return cells[index] if index < len(cells) else ""


def _table_row(cells: list[str], header: tuple[int, int, int], chart: Any) -> list[tuple[str, str, bool, float]]:
    acct, dr, cr = header
    name, known = _account(chart, [_cell(cells, acct)])
    if not name or _SKIP_ACCOUNT_RE.match(name):
        return []
    out = []
    for side, col in (("debit", dr), ("credit", cr)):
        amount = _amount(_cell(cells, col))
        if amount is not None:
            out.append((side, name, known, abs(amount.value)))
    return out


def _indent(line: str) -> int:
    expanded = line.expandtabs(4)
    return len(expanded) - len(expanded.lstrip())


def parse_journal(text: str, chart: Any = None) -> list[JournalLine]:
    """Journal lines in ``text`` (see the module doc for the formats), in order, unmerged.

    ``chart`` resolves account names (default: the bundled chart of accounts)."""
    if chart is None:
        chart = default_chart()
    found: list[tuple[str, str, bool, float]] = []
    unmarked: list[tuple[str, bool, float, int, int]] = []
    header: tuple[int, int, int] | None = None
    for line in text[:MAX_COMPLETION_CHARS].splitlines()[:MAX_LINES]:
        if len(found) >= MAX_JOURNAL_LINES:
            break
        tabbed = "\t" in line.strip() and "|" not in line  # tab-separated columns read as a table
        if "|" in line or tabbed:
            cells = [c.strip() for c in line.rstrip().split("\t")[:16]] if tabbed else _cells(line)
            new_header = _table_header(cells)
            if new_header is not None:
                header = new_header
                continue
            if header is not None:
                if not _SEPARATOR_ROW_RE.match(line):
                    found.extend(_table_row(cells, header, chart))
                continue
        else:
            header = None
        carried = None  # "Debits: Cash 208,000; Loss 6,000": the list shares its side
        # "Dec 31  Interest Expense  640": the date is no account, and the account's indentation is where it starts
        dated = _DATE_LEAD_RE.match(line)
        body = " " * dated.end() + line[dated.end() :] if dated else line
        for seg in _segments(body):
            read = _read_segment(seg, chart)
            if read is None:
                continue
            side, name, known, amount = read
            side = carried = side or carried
            if side is None:
                before = body[: amount.span[0]]  # its column: tab-separated cells count, else characters
                column = before.count("\t") * 1000 if tabbed else len(before)
                unmarked.append((name, known, abs(amount.value), _indent(body), column))
            else:
                found.append((side, name, known, abs(amount.value)))
    if not found and len(unmarked) >= 2:
        found = _by_layout(unmarked)
    return [JournalLine(name, side, amount, known, account_key(name, known)) for side, name, known, amount in found]


def _by_layout(rows: list[tuple[str, bool, float, int, int]]) -> list[tuple[str, str, bool, float]]:
    """Unmarked lines: deeper indentation (else a column further right) means credit."""
    for pos in (3, 4):
        levels = sorted({r[pos] for r in rows})
        if len(levels) > 1:
            return [("debit" if r[pos] == levels[0] else "credit", r[0], r[1], r[2]) for r in rows]
    return []
