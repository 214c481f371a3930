"""The HTML report in a real headless Chromium, driven over the DevTools protocol (tests/cdp.py).

Real mouse clicks and typed input; screenshots; console, exception and CSP errors collected.
Skipped (with the reason) only when no Chromium is installed: ``apt-get install chromium``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from acctbench.report import build_report, load_run, render_html
from tests.cdp import Browser, Page, find_chromium
from tests.test_report_runs import HOSTILE_MODEL, HOSTILE_TEXTS, completion, pick_items, standard_runs, write_run

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(find_chromium() is None, reason="no chromium on PATH (apt-get install chromium)"),
]
READY = "document.body.dataset.ready === '1'"


@pytest.fixture(scope="module")
def judge() -> Any:
    from acctbench.rewards import Judge

    return Judge()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, judge: Any) -> dict[str, Any]:
    root = tmp_path_factory.mktemp("browser")
    runs = standard_runs(root, judge)
    report = build_report([load_run(runs[k]) for k in ("base", "cand", "partial")])
    path = root / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return {"path": path, "report": report, "runs": runs, "root": root}


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser() as b:
        yield b


@pytest.fixture
def page(browser: Browser, built: dict[str, Any]) -> Page:
    p = browser.new_page()
    p.navigate(built["path"].as_uri())
    p.wait_for(READY)
    return p


def _shown_ids(page: Page) -> list[str]:
    return page.evaluate("Array.from(document.querySelectorAll('#drill-cases article.case > header code')).map(e => e.textContent)")


def _matches(page: Page) -> int:
    return int(page.evaluate("document.getElementById('drill-count').dataset.matches"))


def _choose(page: Page, select_id: str, value: str) -> None:
    """Pick an option of a <select> the way a user's choice arrives: value set, change fired."""
    page.evaluate(f"{{ const s = document.getElementById({json.dumps(select_id)}); s.focus(); s.value = {json.dumps(value)};"
                  " s.dispatchEvent(new Event('change', {bubbles: true})); }")


def _settle(page: Page) -> None:
    """Wait out the search box's debounce."""
    page.evaluate("new Promise(r => setTimeout(r, 250))")


def test_opens_offline_without_errors_and_looks_right(browser: Browser, built: dict[str, Any], tmp_path: Path) -> None:
    p = browser.new_page()
    p.send("Network.enable")
    start = len(browser.events)
    p.navigate(built["path"].as_uri())
    p.wait_for(READY)
    requests = [e["params"]["request"]["url"] for e in browser.events[start:]
                if e.get("sessionId") == p.session and e.get("method") == "Network.requestWillBeSent"]
    assert requests == [built["path"].as_uri()]  # nothing but the file itself is loaded
    assert p.errors() == []
    shot = tmp_path / "report.png"
    size = p.screenshot(shot)
    assert size > 40_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    visible = p.evaluate("document.body.innerText")
    for heading in ("Leaderboard", "Per-scorer breakdown", "Per-category", "Paired comparison", "Items",
                    "Scorer diagnostics", "Runs"):
        assert heading in visible
    assert "These runs cover different cases" in visible and "Other pairs" in visible
    assert p.evaluate("document.querySelectorAll('svg.chart rect').length") > 50
    assert len(_shown_ids(p)) == 14


def test_hostile_text_never_executes_and_shows_literally(page: Page, built: dict[str, Any]) -> None:
    title = built["report"]["title"]
    page.click("#f-flipped")  # exercise the render path with the filters too, then clear them
    page.click("#f-flipped")
    page.type_text("#f-search", "onerror")
    _settle(page)
    ids = _shown_ids(page)
    assert built["runs"]["evil_id"] in ids
    for button in range(page.evaluate("document.querySelectorAll('button.expand').length")):
        page.evaluate(f"document.querySelectorAll('button.expand')[{button}].click()")
    text = page.evaluate("document.getElementById('drill-cases').textContent")
    for payload in HOSTILE_TEXTS:
        assert payload in text  # shown as the literal characters
    assert HOSTILE_MODEL in page.evaluate("document.getElementById('leaderboard-table').textContent")
    page.evaluate("document.querySelectorAll('#drill-cases *').forEach(e => e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})))")
    page.evaluate("new Promise(r => setTimeout(r, 300))")
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.title") == title
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed, a[href^=\"javascript\"]').length") == 0
    attrs = page.evaluate("Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes).map(a => a.name)).filter(n => n.startsWith('on'))")
    assert attrs == []
    assert page.evaluate("document.scripts.length") == 2  # the data block and the report's own script
    assert page.errors() == []


def test_payloads_are_live_without_the_defences(browser: Browser, tmp_path: Path) -> None:
    """Control: the same payloads do run when a page inserts them as markup with no CSP,
    so the hostile-text test above would have caught an unsafe report."""
    plain = tmp_path / "unsafe.html"
    plain.write_text("<!DOCTYPE html><title>control</title><div id=d></div>", encoding="utf-8")
    p = browser.new_page()
    p.navigate(plain.as_uri())
    p.evaluate(f"document.getElementById('d').innerHTML = {json.dumps(HOSTILE_TEXTS[1])}")
    assert p.wait_for("window.__pwned") >= 1 and p.evaluate("document.title") == "pwned"


def test_csp_blocks_any_other_script(page: Page) -> None:
    page.evaluate("{ const s = document.createElement('script'); s.textContent = 'window.__injected = 1'; document.body.appendChild(s); }")
    page.evaluate("{ const i = new Image(); i.src = 'http://127.0.0.1:9/x.png'; document.body.appendChild(i); }")
    # defence in depth: even markup inserted as HTML cannot run its inline handlers
    page.evaluate(f"document.getElementById('drill-cases').insertAdjacentHTML('beforeend', {json.dumps(HOSTILE_TEXTS[1])})")
    page.evaluate("new Promise(r => setTimeout(r, 300))")
    assert page.evaluate("typeof window.__injected") == "undefined"
    assert page.evaluate("typeof window.__pwned") == "undefined"
    errors = " ".join(page.errors())
    assert "Content Security Policy" in errors


def test_sorting_the_leaderboard_by_clicking_headers(page: Page, built: dict[str, Any]) -> None:
    cells = "Array.from(document.querySelectorAll('#leaderboard-table tbody tr')).map(r => r.cells[{}].dataset.v)"
    page.click("#leaderboard-table thead th:nth-child(3)")  # mean total: first click sorts descending
    values = [float(v) for v in page.evaluate(cells.format(2))]
    assert values == sorted(values, reverse=True) and len(values) == 3
    assert page.evaluate("document.querySelector('#leaderboard-table thead th:nth-child(3)').getAttribute('aria-sort')") == "descending"
    page.click("#leaderboard-table thead th:nth-child(3)")
    assert [float(v) for v in page.evaluate(cells.format(2))] == sorted(values)
    page.click("#leaderboard-table thead th:nth-child(1)")  # text column: ascending
    labels = page.evaluate(cells.format(0))
    assert labels == sorted(labels, key=str.lower)
    expected = sorted(built["report"]["leaderboard"], key=lambda e: -e["no_answer_rate"])
    page.click("#leaderboard-table thead th:nth-child(7)")
    assert page.evaluate(cells.format(0))[0] == expected[0]["label"]
    assert page.errors() == []


def test_filters_and_search(page: Page, built: dict[str, Any]) -> None:
    drill = built["report"]["drill"]
    items = drill["items"]
    assert _matches(page) == len(drill["cases"])
    _choose(page, "f-type", "choice")
    want = sum(items[c["i"]]["type"] == "choice" for c in drill["cases"])
    assert _matches(page) == want and want > 0
    assert all(i.startswith("choice-") for i in _shown_ids(page))
    _choose(page, "f-type", "")

    page.click("#f-flipped")
    flipped = [items[c["i"]]["id"] for c in drill["cases"] if any(f != 0 for f in c["fl"])]
    assert _matches(page) == len(flipped) > 0 and _shown_ids(page) == flipped
    page.click("#f-flipped")
    page.click("#f-noanswer")
    assert _matches(page) == sum(c["na"] for c in drill["cases"]) > 0
    assert page.evaluate("document.querySelectorAll('#drill-cases .status.no_answer').length") > 0
    page.click("#f-noanswer")

    page.type_text("#f-search", "Reconsider EVERY step")  # case-insensitive
    _settle(page)
    want = sum(any(r and "reconsider every step" in r["c"].lower() for r in c["r"]) for c in drill["cases"])
    assert _matches(page) == want > 0
    longest = "Math.max(...Array.from(document.querySelectorAll('#drill-cases pre.text')).map(p => p.textContent.length))"
    assert page.evaluate(longest) < 1300  # a preview until expanded
    page.click("#drill-cases .sys button.expand")
    assert page.evaluate(longest) == drill["cap"]  # expanded to the embedded 20,000 characters
    assert "keeps the first 20,000 of" in page.evaluate("document.getElementById('drill-cases').textContent")
    page.type_text("#f-search", "no such text anywhere 0xdeadbeef")
    _settle(page)
    assert _matches(page) == 0 and "No case matches" in page.evaluate("document.getElementById('drill-count').textContent")
    page.type_text("#f-search", "")
    _settle(page)
    assert _matches(page) == len(drill["cases"])
    assert page.errors() == []


def test_flipped_item_links_jump_to_the_item(page: Page, built: dict[str, Any]) -> None:
    first = built["report"]["comparisons"][0]["gained"][0]
    page.click("a.case-link")
    assert _shown_ids(page) == [first["id"]]
    assert page.evaluate("document.getElementById('f-search').value") == first["id"]
    assert page.evaluate("document.getElementById('drill').getBoundingClientRect().top") < 200


def test_pages_through_many_items(browser: Browser, built: dict[str, Any], judge: Any, tmp_path: Path) -> None:
    items = pick_items(12)
    a = write_run(tmp_path / "a", [(i, completion(i, "correct"), 0) for i in items], "a", judge)
    b = write_run(tmp_path / "b", [(i, completion(i, "wrong" if n % 2 else "correct"), 0) for n, i in enumerate(items)], "b", judge)
    path = tmp_path / "many.html"
    path.write_text(render_html(build_report([load_run(a), load_run(b)])), encoding="utf-8")
    p = browser.new_page()
    p.navigate(path.as_uri())
    p.wait_for(READY)
    assert len(_shown_ids(p)) == 20 and "Page 1 of 3" in p.evaluate("document.getElementById('pager-top').textContent")
    first_page = _shown_ids(p)
    p.click("#pager-top button:last-child")
    assert len(_shown_ids(p)) == 20 and set(_shown_ids(p)).isdisjoint(first_page)
    p.click("#pager-bottom button:last-child")
    assert len(_shown_ids(p)) == len(items) - 40
    assert "same 48 (id, sample) cases" in p.evaluate("document.body.innerText")
    assert p.errors() == []


def test_report_data_round_trips(page: Page, built: dict[str, Any]) -> None:
    data = page.evaluate("JSON.parse(document.getElementById('report-data').textContent)")
    assert data == json.loads(json.dumps(built["report"]["drill"]))


def test_overlapping_runs_and_hostile_text_in_the_browser(browser: Browser, judge: Any, tmp_path: Path) -> None:
    """Runs on different suites and limits (one pair shares nothing), and a completion, model name
    and category holding a lone surrogate, NUL, a BOM and RTL marks: the page opens without an
    error, names the pair it cannot compare, and the drill-down holds the exact text."""
    hostile = "x \udcff y \x00 z \ufeffbom \u200frtl \u202eoverride\u202c"
    comp = [i for i in pick_items(4) if i["suite"] == "computations"]
    journal = [i for i in pick_items(3) if i["suite"] == "journal"]
    a = write_run(tmp_path / "a", [(i, completion(i, "correct"), 0) for i in comp], "alpha", judge)
    b = write_run(tmp_path / "b", [(i, completion(i, "correct"), 0) for i in journal], "beta", judge)
    scored = write_run(tmp_path / "c", [(i, completion(i, "wrong"), 0) for i in comp[:2]], "gamma", judge)
    rows = [json.loads(line) for line in (scored / "samples.jsonl").read_text(encoding="utf-8").splitlines()]
    rows = [dict(r, model=f"gamma {hostile}", category=f"cat {hostile}", completion=f"{r['completion']} {hostile}") for r in rows]
    (scored / "samples.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="ascii")
    path = tmp_path / "zoo.html"
    path.write_text(render_html(build_report([load_run(scored), load_run(a), load_run(b)])), encoding="utf-8")
    p = browser.new_page()
    p.navigate(path.as_uri())
    p.wait_for(READY)
    assert p.errors() == []
    unpaired = p.evaluate("document.getElementById('unpaired').textContent")
    shown = "gamma x \\udcff y \\u0000 z \ufeffbom \u200frtl \u202eoverride\u202c"  # page text: two escapes, the rest as is
    assert unpaired == f"Not compared (no shared (id, sample) case): {shown} and beta; alpha and beta."
    assert p.evaluate("document.querySelectorAll('#comparison-table td.unpaired, #pairs-table td.unpaired').length") == 2
    assert len(_shown_ids(p)) == 7
    wanted = json.dumps(hostile)  # a JS string literal holding the lone surrogate and NUL
    assert p.evaluate(f"document.getElementById('drill-cases').textContent.includes({wanted})")
    assert p.evaluate(f"JSON.parse(document.getElementById('report-data').textContent).systems[0] === 'gamma ' + {wanted}")
    option = p.evaluate(f"JSON.parse(document.getElementById('report-data').textContent).groups.category.indexOf('cat ' + {wanted})")
    p.evaluate(f"{{ const s = document.getElementById('f-category'); s.selectedIndex = {option + 1};"
               " s.dispatchEvent(new Event('change', {bubbles: true})); }")
    assert _matches(p) == 2  # the category filter finds the exact (unencodable) name
    assert shown in p.evaluate("document.getElementById('leaderboard-table').textContent")
    assert p.errors() == []
