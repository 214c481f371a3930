"""The one way acctbench asks a question: shared by ``acctbench run`` and ``acctbench train``.

A system prompt states the ``<reasoning>``/``<answer>`` format; the user message holds the
question, the options for choice items, and a per-type instruction for the answer block.
Optional k-shot examples (from the train split) come as earlier user/assistant turns.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from acctbench.schema import Item, choice_letter

SYSTEM_PROMPT = (
    "You are an expert accountant. Think step by step, then reply in exactly this format "
    "and nothing else:\n"
    "<reasoning>\n...your reasoning...\n</reasoning>\n"
    "<answer>\n...your final answer...\n</answer>"
)

TYPE_INSTRUCTIONS = {
    "numeric": "In <answer>, give only the final number with its unit (for example $1,234.56 or 12.5%).",
    "choice": "In <answer>, give only the letter of the correct option.",
    "journal": "In <answer>, give the journal entry with one line per account: 'Dr <account> <amount>' "
    "for debits and 'Cr <account> <amount>' for credits.",
    "text": "In <answer>, give a concise answer in one to three sentences.",
}

Message = dict[str, str]


def user_message(item: Item) -> str:
    """The user turn for an item: question, options, answer instruction."""
    parts = [item["question"].strip()]
    if item["type"] == "choice":
        parts.append("\n".join(f"{choice_letter(i)}) {c}" for i, c in enumerate(item["choices"])))
    parts.append(TYPE_INSTRUCTIONS[item["type"]])
    return "\n\n".join(parts)


def reference_completion(item: Item) -> str:
    """An item's reference written in the answer format (used for k-shot examples and oracle)."""
    ref = item["reference"]
    return f"<reasoning>\n{ref['reasoning']}\n</reasoning>\n<answer>\n{ref['answer']}\n</answer>"


def build_messages(item: Item, shots: Sequence[Item] = ()) -> list[Message]:
    """Chat messages for an item, with optional k-shot examples before it."""
    messages: list[Message] = [{"role": "system", "content": SYSTEM_PROMPT}]
    for shot in shots:
        messages.append({"role": "user", "content": user_message(shot)})
        messages.append({"role": "assistant", "content": reference_completion(shot)})
    messages.append({"role": "user", "content": user_message(item)})
    return messages


PLAIN_STOP = "\nQuestion:"
"""Where a base model answering a :func:`plain_prompt` starts inventing the next question."""


def plain_prompt(messages: Sequence[Message]) -> str:
    """A prompt for models without a chat template (generation stops at :data:`PLAIN_STOP`)."""
    labels = {"system": "", "user": "Question:\n", "assistant": "Response:\n"}
    body = "\n\n".join(labels.get(m["role"], "") + m["content"] for m in messages)
    return body + "\n\nResponse:\n"


def merge_system(messages: Sequence[Message]) -> list[Message]:
    """Fold system turns into the first user turn (for chat templates without a system role)."""
    system = "\n\n".join(m["content"] for m in messages if m["role"] == "system")
    rest = [dict(m) for m in messages if m["role"] != "system"]
    if system:
        first_user = next((m for m in rest if m["role"] == "user"), None)
        if first_user is None:
            rest.insert(0, {"role": "user", "content": system})
        else:
            first_user["content"] = f"{system}\n\n{first_user['content']}"
    return rest


def select_shots(item: Item, pool: Sequence[Item], k: int) -> list[Item]:
    """``k`` train items of the same type for a k-shot prompt (deterministic per item)."""
    if k <= 0:
        return []
    same = [p for p in pool if p["type"] == item["type"] and p["id"] != item["id"]]
    if not same:
        return []
    start = int(hashlib.sha256(item["id"].encode()).hexdigest(), 16) % len(same)
    return [same[(start + i) % len(same)] for i in range(min(k, len(same)))]


def prompt_hash() -> str:
    """A hash of the prompt wording (recorded in run metadata)."""
    blob = json.dumps([SYSTEM_PROMPT, TYPE_INSTRUCTIONS], sort_keys=True)
    return "sha256:" + hashlib.sha256(blob.encode()).hexdigest()[:16]


def describe(item: Item) -> dict[str, Any]:
    """What a training row needs from an item besides the prompt."""
    return {"id": item["id"], "type": item["type"], "item_json": json.dumps(item, ensure_ascii=False)}
