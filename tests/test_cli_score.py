"""``acctbench score`` on user files: outputs, summaries and bad-input errors."""

import json

from acctbench.prompt import reference_completion
from acctbench.suites import suites
from tests.cli import run_acctbench


def write_jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_score_user_files(tmp_path):
    items = suites()["computations"].load("test")[:4] + suites()["concepts"].load("test")[:2]
    dataset = write_jsonl(tmp_path / "items.jsonl", items)
    rows = [{"id": i["id"], "completion": reference_completion(i), "model": "ref"} for i in items]
    rows += [{"id": i["id"], "completion": "<reasoning>no idea</reasoning><answer>0</answer>", "model": "bad"} for i in items]
    completions = write_jsonl(tmp_path / "c.jsonl", rows)
    out = run_acctbench("score", "--dataset", str(dataset), "--completions", str(completions), "--out", str(tmp_path / "o"),
                  "--scorers", "correctness,xml_format,terms,principles")
    assert out.returncode == 0, out.stderr
    samples = [json.loads(line) for line in (tmp_path / "o" / "samples.jsonl").read_text().splitlines()]
    assert len(samples) == 12
    by_model = {m: [s for s in samples if s["model"] == m] for m in ("ref", "bad")}
    assert all(s["status"] == "correct" for s in by_model["ref"][:4])
    assert all(s["status"] in ("wrong", "no_answer") for s in by_model["bad"][:4])
    summary = json.loads((tmp_path / "o" / "summary.json").read_text())
    ref, bad = summary["models"]["ref"]["overall"], summary["models"]["bad"]["overall"]
    assert ref["accuracy"]["mean"] == 1.0 and bad["accuracy"]["mean"] == 0.0
    assert ref["total"]["mean"] > bad["total"]["mean"]
    assert set(summary["models"]["ref"]["by_suite"]) == {"computations", "concepts"}
    assert "ref" in out.stdout and "bad" in out.stdout


def test_score_bundled_suite_name(tmp_path):
    item = suites()["choice"].load("test")[0]
    completions = write_jsonl(tmp_path / "c.jsonl", [{"id": item["id"], "completion": f"<reasoning>r</reasoning><answer>{item['gold']}</answer>"}])
    out = run_acctbench("score", "--dataset", "choice", "--completions", str(completions), "--out", str(tmp_path / "o"), "--scorers", "correctness")
    assert out.returncode == 0, out.stderr
    [row] = [json.loads(line) for line in (tmp_path / "o" / "samples.jsonl").read_text().splitlines()]
    assert row["scores"]["correctness"] == 1.0 and row["model"] == "c"


def test_bad_completions_report_lines(tmp_path):
    item = suites()["choice"].load("test")[0]
    completions = tmp_path / "c.jsonl"
    completions.write_text("\n".join([
        json.dumps({"id": item["id"], "completion": "A"}),
        json.dumps({"id": "no-such-id", "completion": "A"}),
        "{broken",
        json.dumps({"id": item["id"], "completion": 5}),
        json.dumps({"id": item["id"], "completion": "B"}),
    ]) + "\n")
    out = run_acctbench("score", "--dataset", "choice", "--completions", str(completions), "--out", str(tmp_path / "o"))
    assert out.returncode == 2
    for expected in (":2: id: unknown item id", ":3: json:", ":4: completion:", ":5: id: duplicate"):
        assert expected in out.stderr, (expected, out.stderr)
    assert not (tmp_path / "o" / "samples.jsonl").exists()


def test_same_command_resumes_other_command_is_refused_unless_forced(tmp_path):
    item = suites()["choice"].load("test")[0]
    completions = write_jsonl(tmp_path / "c.jsonl", [{"id": item["id"], "completion": "A"}])
    args = ["score", "--dataset", "choice", "--completions", str(completions), "--out", str(tmp_path / "o"), "--scorers", "xml_format"]
    assert run_acctbench(*args).returncode == 0
    again = run_acctbench(*args)  # the same command: nothing left to do, the same rows
    assert again.returncode == 0 and "scored 0 new samples; 1 in" in again.stdout, again.stderr
    write_jsonl(completions, [{"id": item["id"], "completion": "B"}])  # other completions into the same --out
    refused = run_acctbench(*args)
    assert refused.returncode == 2 and "--force" in refused.stderr
    samples = tmp_path / "o" / "samples.jsonl"
    assert [json.loads(line)["completion"] for line in samples.read_text().splitlines()] == ["A"]  # nothing lost
    assert run_acctbench(*args, "--force").returncode == 0
    assert [json.loads(line)["completion"] for line in samples.read_text().splitlines()] == ["B"]


def test_interrupted_score_resumes_where_it_stopped(tmp_path):
    """A samples file cut short (as by a crash) is completed by the same command, not redone."""
    items = suites()["choice"].load("test")[:5]
    completions = write_jsonl(tmp_path / "c.jsonl", [{"id": i["id"], "completion": f"<answer>{i['gold']}</answer>"} for i in items])
    args = ["score", "--dataset", "choice", "--completions", str(completions), "--out", str(tmp_path / "o"), "--scorers", "correctness"]
    assert run_acctbench(*args).returncode == 0
    samples = tmp_path / "o" / "samples.jsonl"
    lines = samples.read_text().splitlines()
    samples.write_text("\n".join(lines[:2]) + "\n" + lines[2][:20])  # two whole rows and a torn one
    again = run_acctbench(*args)
    assert again.returncode == 0 and "scored 3 new samples; 5 in" in again.stdout, again.stderr
    assert sorted(samples.read_text().splitlines()) == sorted(lines)


def test_bad_weights_and_scorer_names(tmp_path):
    item = suites()["choice"].load("test")[0]
    completions = write_jsonl(tmp_path / "c.jsonl", [{"id": item["id"], "completion": "A"}])
    base = ["score", "--dataset", "choice", "--completions", str(completions), "--out", str(tmp_path / "o")]
    out = run_acctbench(*base, "--scorers", "xml_formt")
    assert out.returncode == 2 and "did you mean 'xml_format'" in out.stderr
    out = run_acctbench(*base, "--weights", "correctness=abc")
    assert out.returncode == 2 and "not a number" in out.stderr


def test_lone_surrogate_is_kept_with_the_valid_rows(tmp_path):
    """Issue 11: one '\\udcff' escape (valid JSON) used to end score with exit 2 and an empty samples.jsonl."""
    items = suites()["choice"].load("test")[:3]
    completions = tmp_path / "c.jsonl"
    completions.write_text(
        '{"id": "%s", "completion": "x \\udcff y"}\n' % items[0]["id"]
        + "".join(json.dumps({"id": i["id"], "completion": f"<answer>{i['gold']}</answer>"}) + "\n" for i in items[1:])
    )
    out = run_acctbench("score", "--dataset", "choice", "--completions", str(completions), "--out", str(tmp_path / "o"), "--scorers", "correctness")
    assert out.returncode == 0, out.stderr
    samples = (tmp_path / "o" / "samples.jsonl").read_bytes().decode("utf-8")
    rows = [json.loads(line) for line in samples.splitlines()]
    assert [r["completion"] for r in rows] == ["x \udcff y", *(f"<answer>{i['gold']}</answer>" for i in items[1:])]
    assert [r["status"] for r in rows[1:]] == ["correct", "correct"]
