"""The generation backend protocol: every ``--model`` spec resolves to one of these."""

from __future__ import annotations

import zlib
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

from acctbench.prompt import Message
from acctbench.schema import Item


class BackendError(RuntimeError):
    """A backend that cannot load or cannot answer (message says why and what to do)."""


@dataclass(frozen=True)
class GenerationConfig:
    """Decoding parameters, recorded in ``run.json``."""

    max_new_tokens: int = 512
    temperature: float = 0.0
    top_p: float = 1.0
    seed: int = 0

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Request:
    """One generation to make: an item, its sample index and the chat messages to send."""

    item: Item
    sample: int
    messages: list[Message]


@dataclass
class Generation:
    """What a backend returns for one request."""

    text: str
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    latency_s: float | None = None
    meta: dict[str, Any] = field(default_factory=dict)
    reasoning: str | None = None
    """Reasoning a server returned apart from ``text`` (``reasoning_content`` / ``reasoning``)."""
    reasoning_field: str | None = None
    """The response field ``reasoning`` came in."""
    reasoning_closed: bool = True
    """False when the generation was cut off inside its reasoning (no final content)."""
    reasoning_tokens: int | None = None
    """The server's own count of reasoning tokens, when it reports one."""


def request_seed(seed: int, request: Request) -> int:
    """``seed`` plus a stable offset from the item id and sample (fits a signed 32-bit int), so
    samples of one item differ and reruns repeat."""
    return (seed + zlib.crc32(f"{request.item['id']}#{request.sample}".encode())) % (2**31)


class Backend(Protocol):
    """A model that answers requests in batches."""

    label: str
    """Short model name used in samples and reports."""

    def identity(self) -> dict[str, Any]:
        """Resolved identity for ``run.json``: path, base model, file hash or revision, ..."""
        ...

    def generate(self, requests: list[Request], config: GenerationConfig) -> list[Generation]:
        """One generation per request, in order."""
        ...

    def close(self) -> None:
        """Release resources."""
        ...
