"""The LLM judge's prompt: the template in ``rewards/judge.yaml``, its hash, and one rendering.

The candidate's answer is fenced between ``BEGIN CANDIDATE <nonce>`` and ``END CANDIDATE
<nonce>`` lines. The nonce is a hash of the template, the item id and the answer itself, so an
answer cannot contain its own closing marker (it would have to contain its own hash) and a
rerun renders the same prompt (the judge cache depends on it). Any line of the answer that
starts with either marker word anyway is indented, so it cannot pass for a delimiter.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from typing import Any

import yaml

from acctbench.prompt import Message

_MARKER_LINE_RE = re.compile(r"(?im)^(\s*)((?:BEGIN|END)\s+CANDIDATE\b)")
_SPACES_RE = re.compile(r"[ \t]{2,}")


@dataclass(frozen=True)
class JudgeTemplate:
    """The parsed ``rewards/judge.yaml``."""

    system: str
    user: str
    rubric: dict[str, str]
    scale: int
    max_answer_chars: int
    max_new_tokens: int
    chunk: int
    score_labels: tuple[str, ...]
    version: int
    sha256: str
    path: str


def _field(raw: dict[str, Any], name: str, kind: type, source: Path) -> Any:
    value = raw.get(name)
    if not isinstance(value, kind) or isinstance(value, bool) or (kind is int and value < 1):
        raise ValueError(f"{source}: field {name!r} must be a {'positive integer' if kind is int else kind.__name__}, got {value!r}")
    return value


@cache
def load_template(path: str | None = None) -> JudgeTemplate:
    """Read and check the judge template (default: the bundled ``rewards/judge.yaml``)."""
    from acctbench._paths import data_path

    source = Path(path) if path else data_path("rewards", "judge.yaml")
    text = source.read_text(encoding="utf-8")
    raw = yaml.safe_load(text)
    if not isinstance(raw, dict):
        raise ValueError(f"{source}: expected a mapping")
    rubric = _field(raw, "rubric", dict, source)
    for key in ("header", "required", "forbidden"):
        if not isinstance(rubric.get(key), str):
            raise ValueError(f"{source}: rubric.{key} must be a string")
    labels = _field(raw, "score_labels", list, source)
    if not labels or not all(isinstance(x, str) and re.fullmatch(r"[A-Za-z_]+", x) for x in labels):
        raise ValueError(f"{source}: score_labels must be a non-empty list of words")
    user = _field(raw, "user", str, source)
    for placeholder in ("$question", "$reference", "$rubric", "$answer", "$nonce"):
        if placeholder not in user:
            raise ValueError(f"{source}: the user template lacks {placeholder}")
    return JudgeTemplate(
        system=_field(raw, "system", str, source), user=user, rubric={k: rubric[k] for k in ("header", "required", "forbidden")},
        scale=_field(raw, "scale", int, source), max_answer_chars=_field(raw, "max_answer_chars", int, source),
        max_new_tokens=_field(raw, "max_new_tokens", int, source), chunk=_field(raw, "chunk", int, source),
        score_labels=tuple(x.lower() for x in labels), version=_field(raw, "version", int, source),
        sha256=hashlib.sha256(text.encode()).hexdigest(), path=str(source),
    )


def nonce(template: JudgeTemplate, item_id: str, answer: str) -> str:
    """12 hex characters the answer cannot predict (they depend on the answer itself)."""
    return hashlib.sha256(f"{template.sha256}\0{item_id}\0{answer}".encode("utf-8", "surrogatepass")).hexdigest()[:12]


def clean_answer(answer: str, limit: int) -> tuple[str, bool]:
    """The answer as the judge sees it: blanked runs collapsed, at most ``limit`` characters,
    marker lines defused; and whether it was cut."""
    text = "\n".join(_SPACES_RE.sub(" ", line).rstrip() for line in answer.strip().splitlines())
    cut = len(text) > limit
    text = text[:limit]
    return _MARKER_LINE_RE.sub(lambda m: f"{m.group(1)}  {m.group(2)}", text), cut


def _claims(rubric: Any, key: str) -> list[str]:
    values = rubric.get(key) if isinstance(rubric, dict) else None
    return [str(v).strip() for v in values if str(v).strip()] if isinstance(values, list) else []


def rubric_block(template: JudgeTemplate, rubric: Any) -> str:
    """The rubric lines for an item's optional ``rubric`` (``""`` without one)."""
    lines = [Template(template.rubric["required"]).safe_substitute(claim=c) for c in _claims(rubric, "required")]
    lines += [Template(template.rubric["forbidden"]).safe_substitute(claim=c) for c in _claims(rubric, "forbidden")]
    return "\n".join([template.rubric["header"], *lines]) + "\n" if lines else ""


def question_text(item: dict[str, Any]) -> str:
    """The question, with its lettered options for a choice item (the answer instruction the
    model under test got is left out: it is not the judge's business)."""
    from acctbench.schema import choice_letter

    question = str(item.get("question", "")).strip()
    choices = item.get("choices") if item.get("type") == "choice" else None
    if isinstance(choices, list) and choices:
        question += "\n" + "\n".join(f"{choice_letter(i)}) {c}" for i, c in enumerate(choices[:26]))
    return question


def render(template: JudgeTemplate, item: dict[str, Any], answer: str) -> list[Message]:
    """The chat messages asking the judge to grade ``answer`` (already cleaned) for ``item``."""
    ref = item.get("reference") if isinstance(item.get("reference"), dict) else {}
    fields = {
        "question": question_text(item),
        "reference": str(ref.get("answer", "")).strip(),
        "rubric": rubric_block(template, item.get("rubric")),
        "answer": answer,
        "nonce": nonce(template, str(item.get("id", "")), answer),
    }
    return [{"role": "system", "content": template.system},
            {"role": "user", "content": Template(template.user).safe_substitute(fields)}]
