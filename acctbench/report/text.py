"""Make a report writer's output valid UTF-8 without dropping a character of model text.

Model and user text may hold lone surrogates (``"x \\udcff y"`` is valid JSON, but UTF-8 cannot
encode ``U+DCFF``) and NUL (HTML parsers drop it; text tools take a file holding it for
binary). Every writer passes its whole output through :func:`encodable`, which writes each such
character as its JSON escape (``\\udcff``, ``\\u0000``). Every other character (BOMs, RTL
marks, text of any length) is kept as it is. The HTML report's data block is JSON with
``ensure_ascii``, so there the exact string survives too: the page parses it and draws it
with ``textContent``.
"""

from __future__ import annotations

import re

_UNENCODABLE = re.compile("[\x00\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def encodable(text: str) -> str:
    """``text`` with each lone surrogate and NUL written as its ``\\uXXXX`` JSON escape."""
    return _UNENCODABLE.sub(_escape, text)
