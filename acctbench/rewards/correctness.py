"""``correctness``: is the final answer right? Numeric, choice and journal items; 1 right, 0 wrong.

Items without a gold answer (``text``) score ``None``. Every verdict carries ``metadata``
``{"status": "correct" | "wrong" | "partial" | "hedged" | "no_answer", "parsed": ...}``; a
missing answer scores 0 but keeps its own status, so reports count it apart from wrong answers.

**Answer region.** The ``<answer>`` block when there is one (an empty block is no answer).
Without one (format is another scorer's business, a right answer still scores 1): the rest of
the last line marked "Answer:" / "Final answer" / "The answer is" (the text after it when the
line ends there) that holds a digit (choice: any text), else the last line with a digit
(choice: the last non-empty line; journal: the last paragraph holding a journal line). The
explanation then says "no <answer> block".

**Numeric** (numbers read by :mod:`acctbench.rewards.numbers`).

1. Asides are set apart: numbers inside parentheses (``$9,000 (i.e. $45,000 over 5 years)``),
   restatements to the end of their sentence ("i.e.", "e.g.", "that is", "in other words"),
   dates, year labels (``in 2024``, ``Year 3``), counts of time (``5 years``, unless the
   item's unit is that word), list numbers (``1.``), the ``1`` of a ratio (``1.72:1``),
   percentages when the unit is not ``%``, currency amounts when it is ``%`` or a word
   (``units``). A number followed by the item's unit word (``2,500 units``) is never an aside.
   Asides only count when the region has nothing else.
2. If all remaining numbers agree (within tolerance) that value is the answer.
3. If they disagree, the answer is what follows a final marker: the numbers in ``**bold**``
   when any are bold, else the numbers after the last ``=``, ``≈``, ``→``, ``:``, ``is``,
   ``are``, ``was``, ``equals``, ``totals``, ``comes to``, ``amounts to`` followed by one.
   Those must agree. No marker, or disagreement after it ("either 4,000 or 5,000",
   "4000 / 5000", "= 4,000 or 5,000") is **hedged**: 0.
4. Right when ``|x - gold| <= tolerance * |gold|`` (relative; ``1e-9`` absolute floor). With
   unit ``%`` (gold in percent) ``15``, ``15%`` and ``0.15`` all match 15 (``x * 100`` only
   for unmarked ``|x| <= 1``); otherwise a percentage is compared as written (``15%`` is 15).

**Choice.** A letter counts only where it reads as a letter: the whole answer (``B``,
``(b)``), ``(B)``, ``B)`` / ``B.`` / ``B:`` / ``B -``, after "option", "choice", "answer
(is)", "letter", a lone capital at the end of a line, or a list ``A or B`` / ``A, C``; never
the article in "A liability account" and never after "not". Without a letter, the option text
itself: an exact (case- and punctuation-insensitive) match, else an option that opens the
answer before a clause break ("Credit, because a debit would ..."), else the options contained
in the answer (a longer option hides one it contains; "not X" does not name X; "X or Y" with a
word only one option has names that option too). A letter followed by another option's text
("A) Investing activities" when that is B) names two options. Two or more options: hedged.

**Journal.** Lines "Dr Cash 5,000", "Dr. Cash $5,000", "Debit: Cash 5,000", "Cash (Dr) 5,000",
"Cash A/c Dr 5,000", "Cr Sales Revenue 5,000", "Credit Sales 5,000", "To Sales 5,000", two
entries on one line, markdown/pipe tables with Debit and Credit columns, and (when nothing is
marked) unmarked "Account amount" lines where deeper indentation means credit. Account names
resolve through the chart of accounts (synonyms: "Trade payables" is Accounts Payable; names
outside the chart compare as written); lines on the same account and side are merged. Per gold
line: same side and amount within 0.5% (or the item's larger ``tolerance``) earns 1, right
account and side with a wrong amount 0.5, the wrong side, both sides or a missing account 0.
Value = earned / max(gold lines, answer lines), so extra lines cost; an unbalanced answer is
halved; a fully reversed entry is 0. Status "correct" only at 1.0, "partial" between, "wrong"
at 0, "no_answer" with no readable line.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from acctbench.rewards.numbers import Token, scan_numbers
from acctbench.rewards.parsing import Parsed, parse
from acctbench.rewards.registry import guarded
from acctbench.rewards.types import MAX_COMPLETION_CHARS, Score, not_applicable
from acctbench.schema import BALANCE_EPSILON, DEFAULT_TOLERANCE

__all__ = [
    "JOURNAL_TOLERANCE", "JournalLine", "answer_region", "correctness", "parse_journal", "score_correctness",
    "score_entry",
]

NAME = "correctness"
ABS_FLOOR = 1e-9
JOURNAL_TOLERANCE = 0.005
MAX_LINES = 400
MAX_JOURNAL_LINES = 100
MAX_HITS = 64
NO_BLOCK = "no <answer> block"

# ---- answer region ---------------------------------------------------------------------------

_ANSWER_MARK_RE = re.compile(
    r"(?i)\b(?:final\s+answer\b\s*(?:is\b|[:=\-–])?|(?:the\s+)?answer\s*(?:is\b|[:=]))\s*[:*_]*"
)
_MARKDOWN_RE = re.compile(r"[*_`#>]")


def answer_region(parsed: Parsed, kind: str = "numeric") -> tuple[str, str]:
    """The text holding the final answer and where it came from: ``answer_block``,
    ``answer_line`` or ``final_line``. ``kind`` tunes the fallback (see the module doc)."""
    if parsed.answer is not None:
        return parsed.answer[:MAX_COMPLETION_CHARS], "answer_block"
    text = parsed.text[:MAX_COMPLETION_CHARS]
    usable = (lambda r: bool(r.strip())) if kind == "choice" else (lambda r: any(c.isdigit() for c in r))
    for mark in reversed(list(_ANSWER_MARK_RE.finditer(text))[-MAX_HITS:]):
        end = text.find("\n", mark.end())
        rest = text[mark.end() : end if end >= 0 else len(text)]
        if kind == "journal" or not _MARKDOWN_RE.sub("", rest).strip():
            rest = text[mark.end() :]  # "Answer:" on its own line: what follows
        if usable(rest):
            return rest.strip(), "answer_line"
    if kind == "journal":
        return _last_journal_paragraph(text), "final_line"
    lines = [ln for ln in text.splitlines()[-MAX_LINES:] if ln.strip()]
    lines = [ln for ln in lines if usable(ln)] or lines
    return (lines[-1].strip() if lines else ""), "final_line"


def _note(source: str) -> str:
    return {"answer_block": "", "answer_line": f" ({NO_BLOCK}; read the 'Answer' line)",
            "final_line": f" ({NO_BLOCK}; read the final line)"}[source]


def _score(value: float, status: str, why: str, source: str, answer: str | None, parsed: Any) -> Score:
    return Score(value, why + _note(source), answer=answer,
                 metadata={"status": status, "parsed": parsed, "region": source})


# ---- numeric ---------------------------------------------------------------------------------

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_DATE_RE = re.compile(
    rf"(?i)\b{_MONTH}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b|\b\d{{1,2}}\s+{_MONTH}\b\.?(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\.?,?\s+\d{{4}}\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b|\b\d{{1,2}}/\d{{1,2}}/\d{{2,4}}\b"
)
_TIME_AFTER_RE = re.compile(r"(?i)\s?-?\s?(year|yr|month|week|day|quarter|period|hour)s?\b")
_LABEL_BEFORE_RE = re.compile(
    r"(?i)(?:\b(?:years?|months?|weeks?|days?|quarters?|periods?|fy|q|notes?|steps?|items?|no\.)|#)\s*$"
)
_RATIO_BEFORE_RE = re.compile(r"\d\s*(?::|\bto)\s*$")
_YEAR_BEFORE_RE = re.compile(r"(?i)\b(?:in|for|during|since|until|through|fiscal|year|ended|ending)\s*$")
_MARKER_RE = re.compile(
    r"(?i)=|≈|→|:|\b(?:is|are|was|were|equals?|equal\s+to|totals?|totall?ing|comes\s+to|amounts?\s+to)\b"
)
_RESTATE_RE = re.compile(
    r"(?i)(?<!\w)(?:i\.\s?e\.?|e\.\s?g\.?|that\s+is|equivalently|equivalent\s+to|in\s+other\s+words)(?!\w)"
)
_SENTENCE_END_RE = re.compile(r"[;\n]|\.(?=\s|$)")
_BOLD_RE = re.compile(r"\*\*(.{1,400}?)\*\*", re.S)
_ZERO_RE = re.compile(r"(?i)\b(?:zero|nil)\b")
_MONEY_UNITS = frozenset({"", "$", "us$", "usd", "€", "eur", "£", "gbp", "dollar", "dollars"})


def _mask(size: int, spans: Iterable[tuple[int, int]]) -> bytearray:
    """1 at every position covered by one of ``spans`` (half-open)."""
    mask = bytearray(size + 1)
    for a, b in spans:
        if b > a:
            mask[a:b] = b"\x01" * (b - a)
    return mask


def _groups(text: str) -> bytearray:
    """Positions strictly inside matched round or square brackets."""
    stack: list[int] = []
    spans: list[tuple[int, int]] = []
    for i, ch in enumerate(text):
        if ch in "([":
            if len(stack) < 64:
                stack.append(i)
        elif ch in ")]" and stack:
            spans.append((stack.pop() + 1, i))
    return _mask(len(text), spans)


def _restatements(text: str) -> Iterator[tuple[int, int]]:
    """From "i.e." / "that is" / "in other words" to the end of that sentence."""
    end = 0
    for m in _RESTATE_RE.finditer(text):
        if m.start() < end:
            continue
        stop = _SENTENCE_END_RE.search(text, m.end())
        end = stop.start() if stop else len(text)
        yield m.end(), end


class _Context:
    """What a region says around its numbers: brackets, dates, bold, the item's unit."""

    def __init__(self, text: str, unit: str):
        self.text = text
        self.groups = _groups(text)
        self.dates = _mask(len(text), (m.span() for m in _DATE_RE.finditer(text)))
        self.bold = _mask(len(text), (m.span(1) for m in _BOLD_RE.finditer(text)))
        self.restated = _mask(len(text), _restatements(text))
        self.percent = unit == "%"
        word = unit.strip().lower()
        self.word = "" if self.percent or word in _MONEY_UNITS else word[:-1] if word.endswith("s") else word
        self.word_re = re.compile(rf"(?i)\s?-?\s?{re.escape(self.word)}s?(?!\w)") if self.word else None

    def aside(self, tok: Token) -> bool:
        """Numbers that are clearly not the answer (see the module doc, rule 1)."""
        text, (start, end) = self.text, tok.span
        if self.word_re is not None and self.word_re.match(text, end):
            return False  # "2,500 units" when the question asks for units
        if self.groups[start] or self.dates[start] or self.restated[start]:
            return True
        if tok.is_percent != self.percent and (tok.is_percent or tok.currency):
            return True  # a rate when the answer is an amount, an amount when it is a rate
        if self.word and tok.currency:
            return True
        after = _TIME_AFTER_RE.match(text, end)
        if after and not tok.currency:
            return True
        before = text[max(0, start - 16) : start]
        if tok.value == 1 and _RATIO_BEFORE_RE.search(before):
            return True  # the "1" of "1.72:1" or "2 to 1"
        if not tok.currency and _LABEL_BEFORE_RE.search(before):
            return True
        plain = not (tok.currency or tok.grouped or tok.is_percent) and tok.value.is_integer()
        if plain and 1900 <= tok.value <= 2100 and _YEAR_BEFORE_RE.search(before):
            return True
        line_start = text.rfind("\n", 0, start) + 1
        list_number = not text[line_start:start].strip() and text[end : end + 2] in (". ", ") ")
        return plain and 0 < tok.value < 100 and list_number


def _close(a: float, b: float, tol: float) -> bool:
    """Within relative ``tol`` of the larger magnitude (with an absolute floor)."""
    return abs(a - b) <= max(tol * max(abs(a), abs(b)), ABS_FLOOR) * (1 + 1e-9)


def _matches_gold(x: float, gold: float, tol: float) -> bool:
    return abs(x - gold) <= max(tol * abs(gold), ABS_FLOOR) * (1 + 1e-9)


def _readings(tok: Token, percent: bool) -> list[float]:
    """The values a number may mean: with unit ``%`` an unmarked ``0.15`` may mean 15."""
    if percent and not tok.is_percent and abs(tok.value) <= 1:
        return [tok.value, tok.value * 100]
    return [tok.value]


def _common(tokens: Sequence[Token], percent: bool, tol: float) -> list[float]:
    """Values every number can be read as (empty when they disagree)."""
    rest = [_readings(t, percent) for t in tokens[1:]]
    return [c for c in _readings(tokens[0], percent) if all(any(_close(c, r, tol) for r in rs) for rs in rest)]


def _pick(ctx: _Context, tokens: list[Token], tol: float) -> tuple[list[Token], list[float], str]:
    """The numbers read as the answer, their common values, and how they were chosen."""
    common = _common(tokens, ctx.percent, tol)
    if common:
        return tokens, common, "all numbers agree"
    bold = [t for t in tokens if ctx.bold[t.span[0]]]
    if bold:
        return bold, _common(bold, ctx.percent, tol), "in bold"
    last_start, last = max(t.span[0] for t in tokens), None
    for m in _MARKER_RE.finditer(ctx.text, 0, last_start):
        last = m
    if last is None:
        return tokens, [], "no final marker"
    after = [t for t in tokens if t.span[0] >= last.end()]
    return after, _common(after, ctx.percent, tol), f"after the last {last.group().strip()!r}"


def _fmt(x: float) -> str:
    if abs(x) >= 1e15:
        return f"{x:.6g}"
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.6f}".rstrip("0")


def _finite(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _numeric(item: dict[str, Any], region: str, source: str) -> Score:
    gold, tol, unit = item.get("gold"), item.get("tolerance", DEFAULT_TOLERANCE), item.get("unit")
    if not _finite(gold):
        return not_applicable("item has no numeric gold")
    gold = float(gold)
    tol = float(tol) if _finite(tol) and tol >= 0 else DEFAULT_TOLERANCE
    tokens = scan_numbers(region)
    if not tokens:
        if _ZERO_RE.search(region):
            ok = _matches_gold(0.0, gold, tol)
            return _score(float(ok), "correct" if ok else "wrong", f"read zero; gold {_fmt(gold)}", source, "0", 0.0)
        return _score(0.0, "no_answer", "no number in the answer", source, None, None)
    ctx = _Context(region, unit if isinstance(unit, str) else "")
    main = [t for t in tokens if not ctx.aside(t)] or tokens
    chosen, common, how = _pick(ctx, main, tol)
    shown = " / ".join(dict.fromkeys(t.text.strip() for t in chosen[:6]))
    if not common:
        return _score(0.0, "hedged", f"hedged: different values ({shown}), {how}", source, shown, None)
    hit = next((c for c in common if _matches_gold(c, gold, tol)), None)
    if hit is not None:
        return _score(1.0, "correct", f"{_fmt(hit)} matches gold {_fmt(gold)}", source, shown, hit)
    return _score(0.0, "wrong", f"{_fmt(common[0])} vs gold {_fmt(gold)}", source, shown, common[0])


# ---- choice ----------------------------------------------------------------------------------

_NEGATED_RE = re.compile(
    r"(?i)(?:\bnot|\brather\s+than|\binstead\s+of|\bnor|\bnever|n't)\s*(?:option\s+|choice\s+)?[(\[]?\s*$"
)
_KEYWORD = r"(?i:\b(?:option|choice|answer|letter)\b(?:\s+is)?\s*[:=\-–]?\s*)"
_LETTER_RES = (
    re.compile(r"\(([A-Z])\)"),
    re.compile(r"(?<![\w.])([A-Z])(?:[).:,;!?]|\s+[-–—]\s)(?![\w.])"),
    re.compile(r"(?<![\w.])([A-Z])[ \t]*$", re.M),
    re.compile(r"^\s*([B-HJ-Z])(?![\w'’.\-/])"),  # "B because ...": only A and I are words
    re.compile(r"^\s*([AI])\s+(?=(?:because|since|as|is|was|would|will|should)\b)"),
    re.compile(_KEYWORD + r"[(\[]?([A-Z])(?!\w)"),
    re.compile(_KEYWORD + r"[(\[]?([a-z])(?![\w'’])(?!\s+[a-z])"),  # lowercase: not "answer is a liability"
)
_LIST_RE = re.compile(
    r"(?<![\w.])[(\[]?[A-Z][)\]]?(?:\s*(?:,|/|\bor\b|\band\b|\band/or\b)\s*[(\[]?[A-Z][)\]]?(?![\w.]))+"
)
_CAPITAL_RE = re.compile(r"(?<![A-Za-z])[A-Z](?![A-Za-z])")
_LEAD_PHRASE_RE = re.compile(r"\W*(.{1,300}?)\s*(?:[.,;:!—–(]|\s-\s|\s(?:because|since|as)\b)", re.S)


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(re.sub(r"[^\w%$]+|_", " ", text).split())


def _letters(text: str, n: int, norm_options: list[str]) -> set[int]:
    """Option indexes named by letter (plus options whose text follows a different letter)."""
    whole = text.strip().strip("()[]{}.:;!,").strip()
    if len(whole) == 1 and whole.isalpha():
        index = ord(whole.upper()) - ord("A")
        return {index} if 0 <= index < n else set()
    found: set[int] = set()
    hits: list[tuple[int, int]] = []
    for regex in _LETTER_RES:
        for m in regex.finditer(text):
            hits.append((m.start(1), m.end()))
    for m in _LIST_RE.finditer(text):
        letters = [ord(c.group()) - ord("A") for c in _CAPITAL_RE.finditer(m.group())]
        if letters and all(0 <= i < n for i in letters):
            hits.extend((m.start() + c.start(), m.start() + c.end()) for c in _CAPITAL_RE.finditer(m.group()))
    width = max(len(o) for o in norm_options) + 16
    for start, end in sorted(set(hits))[:MAX_HITS]:
        index = ord(text[start].upper()) - ord("A")
        if not 0 <= index < n or _NEGATED_RE.search(text[max(0, start - 24) : start]):
            continue
        found.add(index)
        follow = _norm(text[end : end + width].split("\n", 1)[0])
        own = norm_options[index] + " "
        for j, opt in enumerate(norm_options):
            if j != index and opt and (follow + " ").startswith(opt + " ") and not own.startswith(opt + " "):
                found.add(j)
    return found


def _options(text: str, norm_options: list[str]) -> set[int]:
    """Options named by their text: the maximal (not negated) mentions of whole option texts."""
    padded = f" {_norm(text)} "
    spans: list[tuple[int, int, int]] = []
    for j, opt in enumerate(norm_options):
        start = padded.find(f" {opt} ") if opt else -1
        while start >= 0 and len(spans) < MAX_HITS:
            if not _NEGATED_RE.search(padded[max(0, start - 24) : start + 1].rstrip() + " "):
                spans.append((start, start + len(opt) + 1, j))
            start = padded.find(f" {opt} ", start + 1)
    return {j for a, b, j in spans if not any(c <= a and b <= d and (d - c) > (b - a) for c, d, _ in spans)}


def _joined(text: str, norm_options: list[str]) -> set[int]:
    """Options hinted by a word of their own joined to another option's word: "operating or
    investing activities" also names the option whose distinctive word is "operating"."""
    words_of = [set(o.split()) for o in norm_options]
    owner: dict[str, int] = {}
    for j, words in enumerate(words_of):
        for w in words:
            if len(w) >= 4 and sum(w in other for other in words_of) == 1:
                owner[w] = j
    every = set().union(*words_of)
    words = _norm(re.sub(r"[/&]", " or ", text[:MAX_COMPLETION_CHARS])).split()[:4000]
    found: set[int] = set()
    for i in range(1, len(words) - 1):
        if words[i] in ("or", "and") and words[i - 1] in every and words[i + 1] in every:
            found.update(owner[w] for w in (words[i - 1], words[i + 1]) if w in owner)
    return found


def _choice(item: dict[str, Any], region: str, source: str) -> Score:
    choices, gold = item.get("choices"), item.get("gold")
    if not (isinstance(choices, list) and len(choices) >= 2 and all(isinstance(c, str) for c in choices)):
        return not_applicable("item has no choices")
    n = min(len(choices), 26)
    if not (isinstance(gold, str) and len(gold) == 1 and 0 <= ord(gold.upper()) - ord("A") < n):
        return not_applicable("item has no gold letter")
    gold_index = ord(gold.upper()) - ord("A")
    text = _MARKDOWN_RE.sub(" ", region)
    norm_options = [_norm(c) for c in choices[:n]]
    exact = _norm(text)
    if exact and exact in norm_options:
        picked = {norm_options.index(exact)}
    else:
        lead = _LEAD_PHRASE_RE.match(text)
        lead_norm = _norm(lead.group(1)) if lead else ""
        picked = _letters(text, n, norm_options)
        if not picked and lead_norm in norm_options:  # "Credit, because a debit would ..."
            picked = {norm_options.index(lead_norm)}
        picked = picked or _options(text, norm_options)
        picked |= _joined(text, norm_options) if picked else set()
    letters = "".join(chr(ord("A") + i) for i in sorted(picked))
    if not picked:
        return _score(0.0, "no_answer", "no option named in the answer", source, None, None)
    if len(picked) > 1:
        return _score(0.0, "hedged", f"hedged: several options ({', '.join(letters)})", source, letters, letters)
    if gold_index in picked:
        return _score(1.0, "correct", f"{letters} is correct", source, letters, letters)
    return _score(0.0, "wrong", f"{letters} vs gold {gold.upper()}", source, letters, letters)


# ---- journal ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class JournalLine:
    """One journal line as read: canonical account (or the text as written), side and amount."""

    account: str
    side: str
    amount: float
    known: bool = True
    key: str = ""


@dataclass(frozen=True)
class EntryVerdict:
    value: float
    status: str
    explanation: str
    rendered: str
    parsed: list[dict[str, Any]]


_SIDES = {"dr": "debit", "debit": "debit", "debited": "debit", "cr": "credit", "credit": "credit",
          "credited": "credit", "to": "credit"}
_LEAD_RE = re.compile(
    r"(?i)^[\s|>*•+\-–]*(?:\d{1,2}[.)]\s+)?"
    r"(?P<side>dr\b\.?|cr\b\.?|debit(?:ed)?\b|credit(?:ed)?\b|to\b)\s*[:\-–—|]?\s*"
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
_STRIP = " \t|:;,.-–—=$€£()[]{}\"'*_`#>•+"
_SKIP_ACCOUNT_RE = re.compile(r"(?i)^(?:totals?|record|being|narration)\b")


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
    text = _AC_RE.sub(" ", _MARKDOWN_RE.sub(" ", re.sub(r'["{}\[\]]', " ", text)))
    text = _ACCOUNT_LABEL_RE.sub("", text.strip(_STRIP)).strip(_STRIP)
    return " ".join(text.split())[:120]


def _without_groups(text: str) -> str:
    return re.sub(r"\([^()]*\)|\[[^\[\]]*\]", " ", text)


def _resolve(chart: Any, text: str) -> Any:
    if chart is None or not text:
        return None
    try:
        return chart.resolve(text)
    except Exception:  # a chart that cannot read a name does not resolve it
        return None


def _account(chart: Any, candidates: Iterable[str]) -> tuple[str, bool]:
    """The first candidate that resolves (also without parentheses), else the first non-empty."""
    first = ""
    for raw in candidates:
        for variant in (_clean_account(raw), _clean_account(_without_groups(raw))):
            acc = _resolve(chart, variant)
            if acc is not None:
                return acc.name, True
            first = first or variant
    return first, False


def _amount(seg: str) -> Token | None:
    tokens = [t for t in scan_numbers(seg, 32) if not t.is_percent and t.value != 0]
    groups = _groups(seg)
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
        acc = _resolve(chart, _clean_account(seg[ms:me] + " " + name))
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
        chart = _chart()
    found: list[tuple[str, str, bool, float]] = []
    unmarked: list[tuple[str, bool, float, int, int]] = []
    header: tuple[int, int, int] | None = None
    for line in text[:MAX_COMPLETION_CHARS].splitlines()[:MAX_LINES]:
        if len(found) >= MAX_JOURNAL_LINES:
            break
        if "|" in line:
            cells = _cells(line)
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
        for seg in _segments(line):
            read = _read_segment(seg, chart)
            if read is None:
                continue
            side, name, known, amount = read
            if side is None:
                unmarked.append((name, known, abs(amount.value), _indent(line), amount.span[0]))
            else:
                found.append((side, name, known, abs(amount.value)))
    if not found and len(unmarked) >= 2:
        found = _by_layout(unmarked)
    return [JournalLine(name, side, amount, known, _key(name, known)) for side, name, known, amount in found]


def _by_layout(rows: list[tuple[str, bool, float, int, int]]) -> list[tuple[str, str, bool, float]]:
    """Unmarked lines: deeper indentation (else a column further right) means credit."""
    for pos in (3, 4):
        levels = sorted({r[pos] for r in rows})
        if len(levels) > 1:
            return [("debit" if r[pos] == levels[0] else "credit", r[0], r[1], r[2]) for r in rows]
    return []


def _key(name: str, known: bool) -> str:
    return name if known else "?" + " ".join(_norm(name).split())


def _chart() -> Any:
    try:
        from acctbench.accounts import load_accounts

        return load_accounts()
    except Exception:  # without a chart, names are compared as written
        return None


def _merge(lines: Iterable[JournalLine]) -> dict[tuple[str, str], JournalLine]:
    merged: dict[tuple[str, str], JournalLine] = {}
    for ln in lines:
        key = (ln.key, ln.side)
        prev = merged.get(key)
        if prev is not None:
            ln = JournalLine(ln.account, ln.side, prev.amount + ln.amount, ln.known, ln.key)
        merged[key] = ln
    return merged


def _gold_lines(gold: list[Any], chart: Any) -> list[JournalLine]:
    out = []
    for g in gold:
        if not isinstance(g, dict) or not isinstance(g.get("account"), str):
            continue
        for side in ("debit", "credit"):
            if _finite(g.get(side)):
                acc = _resolve(chart, g["account"])
                name = acc.name if acc is not None else g["account"]
                out.append(JournalLine(name, side, abs(float(g[side])), acc is not None, _key(name, acc is not None)))
    return out


def _render(lines: Iterable[JournalLine]) -> str:
    return "; ".join(f"{'Dr' if ln.side == 'debit' else 'Cr'} {ln.account} {_fmt(ln.amount)}" for ln in lines)


def score_entry(gold: list[Any], lines: list[JournalLine], tol: float = JOURNAL_TOLERANCE) -> EntryVerdict:
    """Compare parsed journal lines with gold lines (rules in the module doc)."""
    chart = _chart()
    want, have = _merge(_gold_lines(gold, chart)), _merge(lines)
    parsed = [{"account": ln.account, ln.side: round(ln.amount, 2)} for ln in have.values()]
    rendered = _render(have.values())
    if not want:
        return EntryVerdict(0.0, "wrong", "gold has no readable line", rendered, parsed)
    earned, notes, flipped = 0.0, [], set()
    for (key, side), g in want.items():
        other = (key, "credit" if side == "debit" else "debit")
        p = have.get((key, side))
        if p is not None and other in have and other not in want:
            flipped.add(other)
            notes.append(f"{g.account}: on both sides")
        elif p is not None and _matches_gold(p.amount, g.amount, tol):
            earned += 1
        elif p is not None:
            earned += 0.5
            notes.append(f"{g.account}: amount {_fmt(p.amount)} vs {_fmt(g.amount)}")
        elif other in have and other not in want:
            flipped.add(other)
            notes.append(f"{g.account}: side reversed")
        else:
            notes.append(f"{g.account}: missing")
    extra = [ln for key, ln in have.items() if key not in want and key not in flipped]
    notes.extend(f"extra line {ln.account}" for ln in extra)
    value = earned / max(len(want), len(have))
    debits = sum(ln.amount for ln in have.values() if ln.side == "debit")
    credits = sum(ln.amount for ln in have.values() if ln.side == "credit")
    if abs(debits - credits) > max(BALANCE_EPSILON, tol * max(debits, credits)):
        value *= 0.5
        notes.append(f"unbalanced (Dr {_fmt(debits)} vs Cr {_fmt(credits)})")
    if len(flipped) == len(want) == len(have) and not any(key in have for key in want):
        value, notes = 0.0, ["entry reversed: debits and credits swapped"]
    status = "correct" if value >= 1.0 else "wrong" if value <= 0.0 else "partial"
    if not notes:
        why = f"all {len(want)} lines match"
    else:
        why = "; ".join(notes[:4]) + (f"; +{len(notes) - 4} more" if len(notes) > 4 else "")
    return EntryVerdict(value, status, why, rendered, parsed)


def _last_journal_paragraph(text: str) -> str:
    paragraphs = re.split(r"\n\s*\n", text)[-MAX_LINES:]
    for para in reversed(paragraphs):
        if parse_journal(para):
            return para.strip()
    return ""


def _journal(item: dict[str, Any], region: str, source: str) -> Score:
    gold = item.get("gold")
    if not isinstance(gold, list) or not gold:
        return not_applicable("item has no journal gold")
    tol = item.get("tolerance")
    tol = max(JOURNAL_TOLERANCE, float(tol)) if _finite(tol) and tol >= 0 else JOURNAL_TOLERANCE
    lines = parse_journal(region)
    if not lines:
        return _score(0.0, "no_answer", "no journal line in the answer", source, None, None)
    verdict = score_entry(gold, lines, tol)
    return _score(verdict.value, verdict.status, verdict.explanation, source, verdict.rendered, verdict.parsed)


# ---- entry points ----------------------------------------------------------------------------

_BY_TYPE = {"numeric": _numeric, "choice": _choice, "journal": _journal}


def _correctness(item: Any, parsed: Any) -> Score:
    if not isinstance(item, dict):
        return not_applicable("item is not an object")
    kind = item.get("type")
    if kind not in _BY_TYPE or "gold" not in item:
        return not_applicable(f"no gold answer for a {kind!r} item")
    if not isinstance(parsed, Parsed):
        parsed = parse(parsed)
    region, source = answer_region(parsed, kind)
    return _BY_TYPE[kind](item, region, source)


def score_correctness(item: dict[str, Any], parsed: Parsed) -> Score:
    """Judge the final answer of a parsed completion against the item's gold. Never raises."""
    return guarded(NAME, lambda: _correctness(item, parsed))


def correctness(item: dict[str, Any], completion: Any) -> Score:
    """:func:`score_correctness` on a raw (plain or chat) completion."""
    return score_correctness(item, parse(completion))
