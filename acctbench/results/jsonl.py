"""JSON text that every writer and reader of run files can carry: any Python string, losslessly.

Model and user text may hold lone surrogates (valid JSON as ``\\udcff`` escapes, but not
encodable as UTF-8), NUL, BOMs or line separators. :func:`dumps` keeps readable UTF-8 for
ordinary text and writes as ``\\u`` escapes exactly the characters that would break a writer
or a line-based reader: lone surrogates (UTF-8 cannot encode them) and U+2028, U+2029 and
U+0085 (``str.splitlines`` splits on them). Control characters are escaped by ``json`` itself.
``json.loads`` gives back the same string.
"""

from __future__ import annotations

import json
import re
from typing import Any

_UNSAFE = re.compile("[\ud800-\udfff\u2028\u2029\u0085]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def dumps(data: Any, indent: int | None = None) -> str:
    """``json.dumps`` whose result always encodes as UTF-8 and never splits as a line."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return _UNSAFE.sub(_escape, text)


def dumps_line(data: Any) -> str:
    """One JSONL line (with its newline)."""
    return dumps(data) + "\n"
