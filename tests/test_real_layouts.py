"""Real-model layouts: one answer rendered thousands of ways is read the same, right or wrong.

Generators, not examples: every number form (LaTeX ``{,}``, ``\\$``, ``\\,``, currency words),
wrapper (``\\boxed``, ``\\text``, display and inline math, bold) and context (answer block,
answer line, bold final answer, dot leaders, tab and markdown table rows) is combined with every
other, for numeric, percentage, fraction, choice and journal items from the bundled suites. The
right value must score 1; the same layout around a wrong value must score 0 (journal: a wrong
entry stays below 1).
"""

from __future__ import annotations

import itertools

import pytest

from acctbench.rewards.correctness import correctness
from acctbench.rewards.math_text import plain_math
from acctbench.suites import get_suite


def _digits(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def number_forms(v: float, money: bool) -> list[str]:
    """A positive amount as models write it."""
    grouped = _digits(v)
    plain = grouped.replace(",", "")
    forms = [plain, grouped, grouped.replace(",", "{,}"), grouped.replace(",", "\\,")]
    if money:
        forms += [f"${grouped}", f"\\${grouped.replace(',', '{,}')}", f"\\${grouped}", f"USD {grouped}",
                  f"{grouped} dollars", f"\\text{{\\$}}{grouped}"]
    return forms


WRAPPERS = ["{}", "\\boxed{{{}}}", "${}$", "$${}$$", "\\[ {} \\]", "\\( {} \\)", "\\text{{{}}}", "**{}**",
            "\\boxed{{\\text{{{}}}}}", "$\\boxed{{{}}}$", "\\textbf{{{}}}", "\\(\\boxed{{{}}}\\)"]

CONTEXTS = [
    "<reasoning>\nI work it out.\n</reasoning>\n<answer>\n{}\n</answer>",
    "<answer>{}</answer>",
    "The answer is {}.",
    "Working it out step by step.\n\n**Final Answer:** {}",
    "Final answer: {}",
    "Some reasoning first.\n\n\\[\n{}\n\\]",
    "Result ........ {}",
    "Result\t{}",
    "| Item | Amount |\n|---|---|\n| Result | {} |",
]


def _numeric_items() -> list[dict]:
    items = [i for i in get_suite("computations").load("test") if i["gold"] > 0]
    money = [i for i in items if i.get("unit") == "$"]
    # big and small, whole and with cents
    picks = [min(money, key=lambda i: i["gold"]), max(money, key=lambda i: i["gold"])]
    picks += [next(i for i in money if not float(i["gold"]).is_integer()), next(i for i in money if float(i["gold"]).is_integer())]
    return picks


@pytest.mark.parametrize("item", _numeric_items(), ids=lambda i: f"{i['gold']:g}")
def test_numeric_layouts(item):
    gold = float(item["gold"])
    wrong = round(gold * 1.37 + 11, 2)
    checked = 0
    for value, expect in ((gold, 1.0), (wrong, 0.0)):
        for form, wrap, ctx in itertools.product(number_forms(value, True), WRAPPERS, CONTEXTS):
            if "\\text" in wrap and "\\text" in form:
                continue  # \text inside \text: not how anyone writes
            text = ctx.format(wrap.format(form))
            score = correctness(item, text)
            assert score.value == expect, (text, score.explanation)
            checked += 1
    assert checked >= 1500


def test_percent_layouts():
    item = next(i for i in get_suite("computations").load("test") if i.get("unit") == "%" and i["gold"] > 1)
    gold = float(item["gold"])
    forms = lambda v: [f"{v:g}\\%", f"{v:g}%", f"{v:g} percent", f"{v:g}\\,\\%"]  # noqa: E731
    for value, expect in ((gold, 1.0), (gold + 7.5, 0.0)):
        for form, wrap, ctx in itertools.product(forms(value), WRAPPERS, CONTEXTS):
            text = ctx.format(wrap.format(form))
            assert correctness(item, text).value == expect, text


FRACTION_ITEM = {"id": "frac", "type": "numeric", "question": "What share of the cost is allocated?",
                 "reference": {"reasoning": "3 of 4 parts", "answer": "0.75"}, "gold": 0.75}


@pytest.mark.parametrize("command", ["frac", "dfrac", "tfrac"])
def test_fraction_only_as_the_whole_answer(command):
    for (num, den), expect in (((3, 4), 1.0), ((6, 8), 1.0), ((2, 3), 0.0)):
        for wrap, ctx in itertools.product(WRAPPERS, CONTEXTS[:5]):
            text = ctx.format(wrap.format(f"\\{command}{{{num}}}{{{den}}}"))
            assert correctness(FRACTION_ITEM, text).value == expect, text
    # inside working it is a/b, not a value: the final value after "=" is the answer
    text = f"<answer>\\{command}{{3}}{{4}} \\times 100 = 60</answer>"
    assert correctness(FRACTION_ITEM, text).value == 0.0
    assert plain_math(f"cost \\{command}{{6{{,}}400}}{{10}} = 640") == "cost 6,400/10 = 640"


LETTER_FORMS = ["{L}", "**{L}**", "({L})", "\\boxed{{{L}}}", "\\boxed{{\\text{{{L}}}}}", "$\\boxed{{{L}}}$", "**{L}) {T}**",
                "*{L}.* {T}", "__{L}__", "**Option {L}**", "\\textbf{{{L}}}", "{L}) **{T}**", "**{L}**: {T}",
                "\\[\\boxed{{{L}}}\\]", "Option {L} — {T}"]
LETTER_CONTEXTS = ["<answer>{}</answer>", "<reasoning>\nI compare the options.\n</reasoning>\n<answer>\n{}\n</answer>",
                   "The correct answer is {}", "**Final Answer:** {}", "Answer: {}"]


def test_choice_layouts():
    items = get_suite("choice").load("test")[:12]
    checked = 0
    for item in items:
        gold = item["gold"]
        wrong = "A" if gold != "A" else "B"
        for letter, expect in ((gold, 1.0), (wrong, 0.0)):
            option = item["choices"][ord(letter) - ord("A")]
            for form, ctx in itertools.product(LETTER_FORMS, LETTER_CONTEXTS):
                text = ctx.format(form.format(L=letter, T=option))
                score = correctness(item, text)
                assert score.value == expect, (item["id"], text, score.explanation)
                checked += 1
    assert checked >= 1500


def _journal_layouts(lines: list[dict], amount) -> list[str]:
    """One entry in many layouts; ``amount(line)`` renders its amount."""
    def side(ln):
        return "debit" if "debit" in ln else "credit"

    dr = [ln for ln in lines if side(ln) == "debit"]
    cr = [ln for ln in lines if side(ln) == "credit"]
    ordered = dr + cr
    out = [
        "\n".join(f"{'Dr' if side(ln) == 'debit' else 'Cr'} {ln['account']} {amount(ln)}" for ln in ordered),
        "\n".join(f"{'Debit' if side(ln) == 'debit' else 'Credit'}: {ln['account']} {amount(ln)}" for ln in ordered),
        "\n".join(f"{'Dr' if side(ln) == 'debit' else 'Cr'} **{ln['account']}** {amount(ln)}" for ln in ordered),
        "\n".join(f"{'Dr' if side(ln) == 'debit' else 'Cr'} \\text{{{ln['account']}}} {amount(ln)}" for ln in ordered),
        # dot leaders, credits indented, with and without a date
        "\n".join(f"{ln['account']} ........ {amount(ln)}" for ln in dr) + "\n"
        + "\n".join(f"      {ln['account']} ........ {amount(ln)}" for ln in cr),
        "\n".join(f"Dec 31 {ln['account']} {'.' * 8} {amount(ln)}" if i == 0 else f"       {ln['account']} ...... {amount(ln)}"
                  for i, ln in enumerate(dr)) + "\n" + "\n".join(f"           {ln['account']} ........ {amount(ln)}" for ln in cr),
        # tab-separated, with a header and without, with a date column
        "Account\tDebit\tCredit\n" + "\n".join(f"{ln['account']}\t{amount(ln) if side(ln) == 'debit' else ''}\t"
                                              f"{amount(ln) if side(ln) == 'credit' else ''}" for ln in ordered),
        "\n".join(f"{ln['account']}\t{amount(ln)}" if side(ln) == "debit" else f"{ln['account']}\t\t{amount(ln)}" for ln in ordered),
        "Date\tAccount\tDebit\tCredit\n" + "\n".join(
            f"{'Dec 31' if i == 0 else ''}\t{ln['account']}\t{amount(ln) if side(ln) == 'debit' else ''}\t"
            f"{amount(ln) if side(ln) == 'credit' else ''}" for i, ln in enumerate(ordered)),
        # markdown table, with bold accounts
        "| Account | Debit | Credit |\n|---|---:|---:|\n" + "\n".join(
            f"| **{ln['account']}** | {amount(ln) if side(ln) == 'debit' else ''} | {amount(ln) if side(ln) == 'credit' else ''} |"
            for ln in ordered),
    ]
    return out


AMOUNTS = [lambda v: _digits(v), lambda v: f"${_digits(v)}", lambda v: _digits(v).replace(",", "{,}"),
           lambda v: f"\\${_digits(v).replace(',', '{,}')}", lambda v: f"${v:,.2f}"]
JOURNAL_CONTEXTS = ["<answer>\n{}\n</answer>", "<reasoning>\nThe entry.\n</reasoning>\n<answer>\n{}\n</answer>",
                    "Here is the journal entry:\n\n{}"]


def test_journal_layouts():
    items = [i for i in get_suite("journal").load("test") if all("debit" in g or "credit" in g for g in i["gold"])][:24]
    checked = 0
    for item in items:
        gold = item["gold"]
        wrong = [{**ln, ("debit" if "debit" in ln else "credit"): round((ln.get("debit") or ln.get("credit")) * 1.37 + 11, 2)}
                 for ln in gold]
        for lines, right in ((gold, True), (wrong, False)):
            for fmt, ctx in itertools.product(AMOUNTS, JOURNAL_CONTEXTS):
                def amount(ln, fmt=fmt):
                    return fmt(ln.get("debit") or ln.get("credit"))
                for layout in _journal_layouts(lines, amount):
                    text = ctx.format(layout)
                    score = correctness(item, text)
                    assert (score.value == 1.0) if right else (score.value < 1.0), (item["id"], text, score.explanation)
                    checked += 1
    assert checked >= 1500


SUBLEDGER_NAMES = ["A. Haddad", "Nova Paper Co", "M. Novak", "Delta Traders", "Smith & Sons Ltd"]


def test_subsidiary_ledger_names_after_the_account():
    """"Accounts Receivable – A. Haddad": the control account, whatever name follows the dash."""
    items = get_suite("journal").load("test")[:40]
    checked = 0
    for item, name, dash in itertools.product(items, SUBLEDGER_NAMES, [" – ", " - ", " — ", ": "]):
        lines = "\n".join(f"{'Dr' if 'debit' in ln else 'Cr'} {ln['account']}{dash}{name} {_digits(ln.get('debit') or ln.get('credit'))}"
                          for ln in item["gold"])
        assert correctness(item, f"<answer>\n{lines}\n</answer>").value == 1.0, (item["id"], lines)
        wrong = lines.replace(_digits(item["gold"][0].get("debit") or item["gold"][0].get("credit")), "1", 1)
        assert correctness(item, f"<answer>\n{wrong}\n</answer>").value < 1.0
        checked += 1
    assert checked >= 500
