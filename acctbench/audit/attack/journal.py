"""Journal entries as answers write them: side words, ``Dr Account amount`` lines."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_SIDE_WORD = re.compile(r"\b(Dr|Cr|DR|CR|Debit|Credit|debit|credit|Debits|Credits|debits|credits)\b")
_SWAP = {"Dr": "Cr", "DR": "CR", "Debit": "Credit", "debit": "credit", "Debits": "Credits", "debits": "credits"}
_SWAP |= {v: k for k, v in _SWAP.items()}
_LINE = re.compile(r"^(?P<indent>\s*)(?P<side>Dr|Cr)\.?\s+(?P<account>.*?\S)\s+\$?(?P<amount>\d[\d,]*(?:\.\d+)?)\s*$")


@dataclass(frozen=True)
class Line:
    """One ``Dr Account amount`` line of an answer."""

    side: str  # "debit" | "credit"
    account: str
    amount: float
    amount_text: str  # as written, without a currency sign
    indent: str = ""


def swap_sides(text: str) -> str:
    """``text`` with every debit/credit side word swapped for the other."""
    return _SIDE_WORD.sub(lambda m: _SWAP[m.group(0)], text)


def parse_line(line: str) -> Line | None:
    """A ``Dr Account 1,200`` / ``Cr Account 1,200`` line, or ``None``."""
    m = _LINE.match(line)
    if not m:
        return None
    side = "debit" if m["side"] == "Dr" else "credit"
    return Line(side, m["account"], float(m["amount"].replace(",", "")), m["amount"], m["indent"])


def rewrite_lines(text: str, fn: Callable[[Line], str | None]) -> tuple[str, int]:
    """``text`` with each entry line replaced by ``fn(line)`` (``None`` keeps it as it is);
    returns the text and how many lines changed."""
    out, changed = [], 0
    for raw in text.split("\n"):
        parsed = parse_line(raw)
        new = fn(parsed) if parsed else None
        if new is None or new == raw:
            out.append(raw)
        else:
            out.append(new)
            changed += 1
    return "\n".join(out), changed
