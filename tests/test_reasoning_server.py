"""Reasoning from a server: the separate ``reasoning_content`` / ``reasoning`` fields, inline
``<think>`` blocks, truncation inside the thoughts, and what a run records and reports.

Runs ``acctbench run``'s runner in-process against the scripted HTTP server of
``tests/test_backend_openai.py`` (a real server on 127.0.0.1).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from acctbench.models import GenerationConfig
from acctbench.models.openai_compat import OpenAIBackend
from acctbench.prompt import reference_completion
from acctbench.report import build_report, load_run, render_csv, render_markdown
from acctbench.runner import RunConfig, execute
from acctbench.suites import get_suite
from tests import test_backend_openai
from tests.test_backend_openai import FAST, Reply, make_requests

CONFIG = GenerationConfig(max_new_tokens=64, seed=3)
server = test_backend_openai.server  # the scripted server's fixture, shared rather than written again


def reply(content: Any, reasoning: str | None = None, field: str = "reasoning_content", finish: str = "stop",
          reasoning_tokens: int | None = None) -> Reply:
    message: dict[str, Any] = {"role": "assistant", "content": content}
    if reasoning is not None:
        message[field] = reasoning
    usage: dict[str, Any] = {"prompt_tokens": 5, "completion_tokens": 9}
    if reasoning_tokens is not None:
        usage["completion_tokens_details"] = {"reasoning_tokens": reasoning_tokens}
    return Reply(body={"model": "fake", "choices": [{"index": 0, "message": message, "finish_reason": finish}], "usage": usage})


@pytest.mark.parametrize("field", ["reasoning_content", "reasoning"])
def test_backend_reads_the_reasoning_fields(server, field):
    server.default = lambda body: reply("<answer>A</answer>", "Option A fits.", field, reasoning_tokens=4)
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", **FAST)
    [g] = backend.generate(make_requests(1), CONFIG)
    assert (g.text, g.reasoning, g.reasoning_field, g.reasoning_closed, g.reasoning_tokens) == (
        "<answer>A</answer>", "Option A fits.", field, True, 4)


def test_backend_without_reasoning_and_cut_off_while_thinking(server):
    server.script = [lambda body: reply("plain", None), lambda body: reply("", "still thinking", finish="length"),
                     lambda body: reply([{"type": "text", "text": "par"}, {"type": "text", "text": "ts"}], "")]
    backend = OpenAIBackend.from_spec(f"{server.url}#fake", concurrency=1, **FAST)  # the script answers in order
    plain, cut, parts = backend.generate(make_requests(1) * 3, CONFIG)
    assert plain.reasoning is None and plain.reasoning_closed
    assert cut.reasoning == "still thinking" and not cut.reasoning_closed
    assert parts.text == "parts" and parts.reasoning is None  # content parts joined; an empty field is none


def test_run_records_reasoning_and_truncation(server, tmp_path):
    items = get_suite("computations").load("test")[:4]
    by_question = {i["question"]: i for i in items}

    def answer(body: dict[str, Any]) -> Reply:
        user = [m["content"] for m in body["messages"] if m["role"] == "user"][-1]
        item = next(i for q, i in by_question.items() if q in user)
        n = items.index(item)
        if n == 0:  # the server splits the reasoning out
            return reply(reference_completion(item), "I multiply the rate by the base.", reasoning_tokens=8)
        if n == 1:  # the model writes it inline
            return reply("<think>\nfirst 1 2 3 <answer>999</answer>\n</think>\n\n" + reference_completion(item))
        if n == 2:  # cut off inside its thoughts
            return reply("", "I am still computing", finish="length")
        return reply(reference_completion(item))  # no reasoning at all

    server.default = answer
    out = tmp_path / "run"
    config = RunConfig(model=f"{server.url}#fake", out=out, model_options=dict(FAST), datasets=["computations"], limit=4,
                       scorers=["correctness", "xml_format"], generation=CONFIG, command=["test"])
    summary = execute(config, progress=False)
    rows = {r["id"]: r for r in map(json.loads, (out / "samples.jsonl").read_text().splitlines())}
    first, inline, cut, plain = (rows[i["id"]] for i in items)
    assert first["reasoning"]["text"] == "I multiply the rate by the base." and first["reasoning"]["server_field"] == "reasoning_content"
    assert first["reasoning"]["server_tokens"] == 8 and first["reasoning"]["tokens"] == 8 and first["status"] == "correct"
    assert first["completion"].startswith("<think>\n")  # the completion as the model wrote it
    assert inline["reasoning"]["closed"] and inline["status"] == "correct" and inline["scores"]["xml_format"] == 1.0
    assert cut["reasoning"]["closed"] is False and cut["status"] == "truncated" and cut["total"] == 0.0
    assert plain["reasoning"] is None
    overall = summary["models"]["fake"]["overall"]
    assert overall["statuses"]["truncated"] == 1 and overall["truncated_rate"] == 0.25 and overall["reasoning_rate"] == 0.75
    assert overall["reasoning_tokens"] == round((8 + first_tokens(inline) + 4) / 3, 1)
    assert json.loads((out / "run.json").read_text())["scoring"]["reasoning"] == "strip"

    report = build_report([load_run(out)], baseline=0)
    assert report["leaderboard"][0]["reasoning_tokens"] == overall["reasoning_tokens"]
    assert "reasoning tokens" in render_markdown(report) and "25.0% truncated" in render_markdown(report)
    assert "reasoning_tokens" in render_csv(report).splitlines()[0]


def first_tokens(row: dict[str, Any]) -> int:
    return row["reasoning"]["tokens"]
