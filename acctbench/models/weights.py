"""Weight-file fingerprints and GGUF metadata, without torch (shared by the local backends)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

FULL_HASH_LIMIT = 64 * 1024 * 1024
"""Files up to this size are hashed whole; bigger ones by size + first and last 16 MB."""
PARTIAL_HASH_CHUNK = 16 * 1024 * 1024


def file_digest(path: Path) -> tuple[str, bool]:
    """``(hex sha256, partial)``: the whole file, or its size and first/last 16 MB when big."""
    size = path.stat().st_size
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        if size <= FULL_HASH_LIMIT:
            for block in iter(lambda: handle.read(1024 * 1024), b""):
                digest.update(block)
            return digest.hexdigest(), False
        digest.update(str(size).encode())
        digest.update(handle.read(PARTIAL_HASH_CHUNK))
        handle.seek(size - PARTIAL_HASH_CHUNK)
        digest.update(handle.read(PARTIAL_HASH_CHUNK))
    return digest.hexdigest(), True


def weights_fingerprint(files: Sequence[Path], root: Path) -> dict[str, Any]:
    """Per-file sha256 and a combined one over ``name, digest`` lines.

    The combined key is ``weights_sha256``, or ``weights_sha256_partial`` when any file was
    too big to hash whole (then its digest covers its size and first and last 16 MB only).
    """
    combined = hashlib.sha256()
    partial = False
    listed = []
    for path in sorted(files):
        hexdigest, was_partial = file_digest(path)
        partial = partial or was_partial
        name = path.relative_to(root).as_posix() if path != root else path.name
        combined.update(f"{name}\0{hexdigest}\n".encode())
        hash_key = "sha256_partial" if was_partial else "sha256"
        listed.append({"file": name, "bytes": path.stat().st_size, hash_key: hexdigest})
    key = "weights_sha256_partial" if partial else "weights_sha256"
    return {key: combined.hexdigest(), "weights_files": listed}


def gguf_chat_template(path: Path) -> str | None:
    """The ``tokenizer.chat_template`` stored in a GGUF file, or None (none, or unreadable)."""
    try:
        from gguf import GGUFReader

        field = GGUFReader(str(path)).fields.get("tokenizer.chat_template")
        return field.contents() if field is not None else None
    except Exception:  # noqa: BLE001 - an unreadable template just means no template
        return None
