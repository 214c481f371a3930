"""Build the bundled suites: template suites from fixed seeds, concepts from the topic files.

``python -m acctbench.generators.build`` rewrites ``datasets/*/{test,train}.jsonl`` and each
``CARD.md``. The build is deterministic; a test checks the committed files equal a rebuild.

A test split starts with the instances in ``datasets/<suite>/pinned.jsonl`` (``{"template",
"params"}`` a line): the test items the hand-written held-out pair sets cite, kept
with their ids and golds when templates are reworded. Instances where a template's typical
error would be graded right are skipped (:meth:`Template.confusable`), and company names are
handed out so that none repeats within a test split (``acctbench/generators/companies.txt``).
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
COMPANY_SEED = 14


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
            if key not in seen and not template.confusable(params):
                seen.add(key)
                items.append(template.item(params, suite))
                break
        else:
            exhausted.add(template.name)
    return items


def item_key(item: Item) -> str:
    """The template key of a template-built item (``template:hash``)."""
    return f"{item['template']}:{item['id'].rsplit('-', 1)[1]}"


def pinned_items(family: str, path: Path, suite: str) -> list[Item]:
    """The pinned instances of a suite (none when the file is absent), rebuilt by today's templates."""
    if not path.is_file():
        return []
    by_name = {t.name: t for t in templates(family)}
    items = []
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if raw.strip():
            entry = json.loads(raw)
            if entry["template"] not in by_name:
                raise ValueError(f"{path}:{lineno}: unknown template {entry['template']!r}")
            items.append(by_name[entry["template"]].item(entry["params"], suite))
    return items


def company_names() -> list[str]:
    """The fictional company names (``acctbench/generators/companies.txt``)."""
    text = (Path(__file__).parent / "companies.txt").read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]


def unique_companies(family: str, items: list[Item], suite: str, seed: int) -> list[Item]:
    """Rename companies so that none repeats: the first item with a name keeps it."""
    by_name = {t.name: t for t in templates(family)}
    pool = company_names()
    random.Random(seed).shuffle(pool)
    used = {i["params"]["company"] for i in items if "company" in i.get("params", {})}
    free = iter(n for n in pool if n not in used)
    seen: set[str] = set()
    out = []
    for item in items:
        company = item.get("params", {}).get("company")
        if company is not None and company in seen:
            params = {**item["params"], "company": next(free)}
            item = by_name[item["template"]].item(params, suite)
        seen.add(item.get("params", {}).get("company", ""))
        out.append(item)
    return out


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
    family = meta["family"]
    pinned = pinned_items(family, suite.directory / "pinned.jsonl", suite.name)
    fresh = sample_items(family, suite.name, meta["seeds"]["test"], meta["counts"]["test"] - len(pinned),
                         exclude={item_key(i) for i in pinned})
    test = unique_companies(family, pinned + fresh, suite.name, COMPANY_SEED)
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
    lines += ["", "Item types: " + ", ".join(f"`{t}` {n}" for t, n in sorted(types.items())) + "."]
    lines += _steps_table(splits)
    if meta.get("changes"):
        lines += ["", f"## Changes in v{suite.version}", meta["changes"].strip()]
    lines += [
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


def _steps_table(splits: dict[str, list[Item]]) -> list[str]:
    """Items per ``steps`` level and per difficulty, by split (nothing when no item counts steps)."""
    levels = sorted({i["steps"] for items in splits.values() for i in items if "steps" in i})
    if not levels:
        return []
    out = ["", "Items per `steps` level (dependent computations in the worked solution) and difficulty:", "",
           "| split | " + " | ".join(f"{n} step{'s' * (n > 1)}" for n in levels) + " | easy | medium | hard |",
           "|---|" + "---|" * (len(levels) + 3)]
    for split, items in splits.items():
        steps, levels_of = Counter(i.get("steps") for i in items), Counter(i.get("difficulty") for i in items)
        out.append(f"| {split} | " + " | ".join(str(steps[n]) for n in levels) + " | "
                   + " | ".join(str(levels_of[d]) for d in ("easy", "medium", "hard")) + " |")
    return out


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
