"""The numeric correctness check reads ``abs_tolerance`` by the schema's band rule."""

import pytest

from acctbench.rewards.correctness import correctness

BASE = {"id": "n", "type": "numeric", "question": "q", "reference": {"reasoning": "", "answer": "0.32"}}


def _right(item: dict, answer: str) -> bool:
    return correctness(item, f"<reasoning>\nworking\n</reasoning>\n<answer>\n{answer}\n</answer>").value == 1.0


@pytest.mark.parametrize(
    "extra, answer, right",
    [
        # debt-to-equity, "round to two decimals": gold 0.32, band 0.006
        ({"gold": 0.32, "unit": "times", "abs_tolerance": 0.006}, "0.32", True),     # the rounded gold
        ({"gold": 0.32, "unit": "times", "abs_tolerance": 0.006}, "0.3224", True),   # the exact value
        ({"gold": 0.32, "unit": "times", "abs_tolerance": 0.006}, "0.322", True),    # three decimals
        ({"gold": 0.32, "unit": "times", "abs_tolerance": 0.006}, "0.33", False),    # one step off
        ({"gold": 0.32, "unit": "times"}, "0.3224", False),                         # default 0.1% band: too tight
        # gross margin in percent, one decimal: gold 52.1, band 0.06 points
        ({"gold": 52.1, "unit": "%", "abs_tolerance": 0.06}, "52.06%", True),
        ({"gold": 52.1, "unit": "%", "abs_tolerance": 0.06}, "0.5206", True),      # a fraction reads as percent
        ({"gold": 52.1, "unit": "%", "abs_tolerance": 0.06}, "52.19%", False),     # discounts forgotten
        # dollars to the nearest cent: band 0.006
        ({"gold": 1234.57, "unit": "$", "abs_tolerance": 0.006}, "$1,234.57", True),
        ({"gold": 1234.57, "unit": "$", "abs_tolerance": 0.006}, "$1,234.566", True),
        ({"gold": 1234.57, "unit": "$", "abs_tolerance": 0.006}, "$1,234.58", False),
        # both bands: the wider one decides
        ({"gold": 1000.0, "unit": "$", "abs_tolerance": 0.6, "tolerance": 0.002}, "$1,001.90", True),
        ({"gold": 1000.0, "unit": "$", "abs_tolerance": 0.6, "tolerance": 0.002}, "$1,002.10", False),
        # gold zero: the absolute band still applies
        ({"gold": 0.0, "unit": "$", "abs_tolerance": 0.6}, "$0.40", True),
        ({"gold": 0.0, "unit": "$", "abs_tolerance": 0.6}, "$0.70", False),
    ],
)
def test_band_decides(extra, answer, right):
    assert _right({**BASE, **extra}, answer) is right


def test_exact_and_rounded_in_one_answer_agree_within_the_band():
    item = {**BASE, "gold": 0.32, "unit": "times", "abs_tolerance": 0.006}
    assert _right(item, "0.3224, or 0.32 rounded")


def test_bad_band_never_raises():
    item = {**BASE, "gold": 0.32, "unit": "times", "abs_tolerance": "wide"}
    assert correctness(item, "<answer>0.32</answer>").value == 1.0
