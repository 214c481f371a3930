"""Build the bundled suites: template suites from fixed seeds, concepts from the topic files.

``python -m acctbench.generators.build`` rewrites ``datasets/*/{test,train}.jsonl`` and each
``CARD.md``. The build is deterministic; a test checks the committed files equal a rebuild.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from acctbench.generators import templates
from acctbench.schema import Item
from acctbench.suites import SPLITS, Suite, suites

MAX_TRIES_PER_ITEM = 200


def sample_items(
    family: str, suite: str, seed: int, n: int, exclude: Iterable[str] = ()
) -> list[Item]:
    """``n`` distinct instances of a template family, round-robin over its templates.

    Instances whose template key is in ``exclude`` (or already drawn) are skipped, so splits
    built with each other's keys excluded never share a parameter set.
    """
    rng = random.Random(seed)
    family_templates = templates(family)
    seen = set(exclude)
    items: list[Item] = []
    exhausted: set[str] = set()
    i = 0
    while len(items) < n:
        live = [t for t in family_templates if t.name not in exhausted]
        if not live:
            raise RuntimeError(f"{family}: only {len(items)} distinct instances available, {n} asked")
        template = live[i % len(live)]
        i += 1
        for _ in range(MAX_TRIES_PER_ITEM):
            params = template.sample(rng)
            key = f"{template.name}:{template.key(params)}"
            if key not in seen:
                seen.add(key)
                items.append(template.item(params, suite))
                break
        else:
            exhausted.add(template.name)
    return items


def item_key(item: Item) -> str:
    """The template key of a template-built item (``template:hash``)."""
    return f"{item['template']}:{item['id'].rsplit('-', 1)[1]}"


def concept_items(topics_dir: Path, suite: str) -> dict[str, list[Item]]:
    """Compile the hand-written topic files into items, by split."""
    by_split: dict[str, list[Item]] = {s: [] for s in SPLITS}
    for path in sorted(topics_dir.glob("*.yaml")):
        topic = yaml.safe_load(path.read_text(encoding="utf-8"))
        for entry in topic["items"]:
            digest = hashlib.sha256(entry["question"].encode()).hexdigest()[:10]
            item: Item = {
                "id": f"{suite}-{topic['topic']}-{digest}",
                "type": "text",
                "question": entry["question"].strip(),
                "reference": {"reasoning": entry["reasoning"].strip(), "answer": entry["answer"].strip()},
                "suite": suite,
                "category": topic["topic"],
                "difficulty": entry.get("difficulty", "medium"),
                "key_terms": list(entry.get("key_terms", [])),
                "principles": list(entry.get("principles", [])),
                "source": "acctbench hand-written",
            }
            by_split[entry["split"]].append(item)
    return by_split


def build_suite(suite: Suite) -> dict[str, list[Item]]:
    """All splits of one suite, built from its ``suite.yaml`` recipe."""
    meta = suite.meta
    if meta.get("family") == "concepts":
        return concept_items(suite.directory / "topics", suite.name)
    test = sample_items(meta["family"], suite.name, meta["seeds"]["test"], meta["counts"]["test"])
    train = sample_items(
        meta["family"], suite.name, meta["seeds"]["train"], meta["counts"]["train"],
        exclude={item_key(i) for i in test},
    )
    return {"test": test, "train": train}


def dump_jsonl(items: list[Item]) -> str:
    """Serialise items one per line (stable key order, UTF-8)."""
    return "".join(json.dumps(i, ensure_ascii=False) + "\n" for i in items)


def render_card(suite: Suite, splits: dict[str, list[Item]]) -> str:
    """The data card: purpose, counts by split/type/category, provenance, licence, limitations."""
    meta = suite.meta
    lines = [
        f"# {meta['title']} (`{suite.name}` v{suite.version})",
        "",
        "## Purpose",
        meta["purpose"].strip(),
        "",
        "## Counts",
        "",
        "| split | items | " + " | ".join(f"`{c}`" for c in _categories(splits)) + " |",
        "|---|---|" + "---|" * len(_categories(splits)),
    ]
    for split, items in splits.items():
        counts = Counter(i.get("category", "") for i in items)
        lines.append(f"| {split} | {len(items)} | " + " | ".join(str(counts[c]) for c in _categories(splits)) + " |")
    types = Counter(i["type"] for items in splits.values() for i in items)
    lines += [
        "",
        "Item types: " + ", ".join(f"`{t}` {n}" for t, n in sorted(types.items())) + ".",
        "",
        "## Provenance",
        meta["provenance"].strip(),
        "",
        "## Licence",
        meta["license"].strip(),
        "",
        "## Known limitations",
        meta["limitations"].strip(),
        "",
    ]
    return "\n".join(lines)


def _categories(splits: dict[str, list[Item]]) -> list[str]:
    return sorted({i.get("category", "") for items in splits.values() for i in items})


def build_all(names: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Rebuild the named suites (all by default) in place; return their counts."""
    report: dict[str, dict[str, Any]] = {}
    for name, suite in suites().items():
        if names and name not in names:
            continue
        splits = build_suite(suite)
        for split, items in splits.items():
            suite.path(split).write_text(dump_jsonl(items), encoding="utf-8")
        (suite.directory / "CARD.md").write_text(render_card(suite, splits), encoding="utf-8")
        report[name] = {split: len(items) for split, items in splits.items()}
    return report


if __name__ == "__main__":
    import sys

    for suite_name, counts in build_all(sys.argv[1:] or None).items():
        sys.stdout.write(f"{suite_name}: {counts}\n")
