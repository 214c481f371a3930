"""Time-value-of-money templates: simple interest, compound future value and present values.

Present and future values are computed exactly (rational arithmetic) and rounded once at the end;
the band is half a cent plus slack, widened by a 0.02% relative band so that answers from
five-decimal table factors still pass (a factor rounded to 5 decimals moves the result by at most
5e-6 of the amount).
"""

from __future__ import annotations

import random
from fractions import Fraction

from acctbench.generators.base import NumericTemplate, Params, Worked, money, num, round2

_RATES = [2, 2.5, 3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7, 7.5, 8, 9, 10, 11, 12]
_COMPOUNDING = {"annually": 1, "semiannually": 2, "quarterly": 4, "monthly": 12}
_PERIOD_NAME = {1: "year", 2: "half-year", 4: "quarter", 12: "month"}


def _pct(rate: float) -> str:
    return f"{rate:g}%"


def _frac(x: float) -> Fraction:
    return Fraction(str(x))


def _without(p: Params, *names: str) -> Params:
    return {k: v for k, v in p.items() if k not in names}


def _rate_per_period(p: Params) -> tuple[int, Fraction, int]:
    """Periods per year, rate per period and number of periods for a compounding parameter set."""
    m = _COMPOUNDING[p["compounding"]]
    return m, _frac(p["rate"]) / 100 / m, p["years"] * m


class SimpleInterest(NumericTemplate):
    """Simple interest: principal × annual rate × time in years (months / 12)."""

    name = "interest_simple"
    rounding = 0.01
    category = "time_value_of_money"
    key_terms = ("simple interest", "principal", "annual interest rate", "time period")
    principles = ("accrual_basis",)

    _CONTEXTS = {
        "loan": ("A company borrows {P} from a bank at {r} simple interest a year for {m} months.",
                 "How much interest will the company owe"),
        "note": ("A company accepts a {m}-month, {r} note receivable of {P} from a customer.",
                 "How much interest will the company earn on the note"),
        "deposit": ("A company places {P} in a term deposit paying {r} simple interest a year for "
                    "{m} months.", "How much interest will the deposit earn"),
    }

    def sample(self, rng: random.Random) -> Params:
        return {
            "principal": rng.randrange(2, 400) * 1_000,
            "rate": rng.choice(_RATES),
            "months": rng.choice([3, 4, 6, 8, 9, 10, 15, 18, 24, 30, 36]),
            "context": rng.choice(sorted(self._CONTEXTS)),
        }

    def identity(self, p: Params) -> Params:
        return _without(p, "context")

    def question(self, p: Params) -> str:
        setup, ask = self._CONTEXTS[p["context"]]
        setup = setup.format(P=money(p["principal"], 0), r=_pct(p["rate"]), m=p["months"])
        return (
            f"{setup} {ask} over the full term? Use simple interest, "
            "measure time as months / 12, and round to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        return p["principal"] * p["rate"] / 100 * p["months"] / 12

    def mistakes(self, p: Params) -> dict[str, float]:
        """Months read as years; a full year's interest; the maturity value (principal plus interest)."""
        year = p["principal"] * p["rate"] / 100
        return {"months as years": year * p["months"], "a full year": year,
                "maturity value": p["principal"] + year * p["months"] / 12}

    def solve(self, p: Params) -> Worked:
        interest = round2(float(p["principal"] * _frac(p["rate"]) / 100 * Fraction(p["months"], 12)))
        return Worked(
            gold=interest,
            steps=[
                f"Simple interest = principal × annual rate × time = {money(p['principal'], 0)} × "
                f"{_pct(p['rate'])} × {p['months']}/12 = {money(interest)}.",
            ],
            answer=money(interest),
        )


class CompoundFutureValue(NumericTemplate):
    """Future value (or compound interest earned) of a lump sum: P × (1 + r/m)^(n·m)."""

    name = "interest_compound_future_value"
    rounding = 0.01
    keep_relative = True
    tolerance = 2e-4  # five-decimal table factors
    category = "time_value_of_money"
    key_terms = ("compound interest", "future value", "compounding period", "principal")
    principles = ("accrual_basis",)

    def sample(self, rng: random.Random) -> Params:
        return {
            "principal": rng.randrange(1, 200) * 1_000,
            "rate": rng.choice(_RATES),
            "years": rng.randrange(2, 16),
            "compounding": rng.choice(sorted(_COMPOUNDING)),
            "ask": rng.choice(["future_value", "interest"]),
        }

    def question(self, p: Params) -> str:
        what = (
            "What will the balance be at the end of the period"
            if p["ask"] == "future_value"
            else "How much compound interest will be earned over the period"
        )
        return (
            f"A company invests {money(p['principal'], 0)} for {p['years']} years at {_pct(p['rate'])} "
            f"a year, compounded {p['compounding']}. {what}? Round the final answer to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        m, i, n = _rate_per_period(p)
        fv = p["principal"] * (1 + i) ** n
        return float(fv if p["ask"] == "future_value" else fv - p["principal"])

    def mistakes(self, p: Params) -> dict[str, float]:
        """Simple interest; annual compounding whatever the stated frequency; the future value
        for the interest (or back)."""
        m, i, n = _rate_per_period(p)
        fv = p["principal"] * (1 + i) ** n
        simple = p["principal"] * (1 + _frac(p["rate"]) / 100 * p["years"])
        annual = p["principal"] * (1 + _frac(p["rate"]) / 100) ** p["years"]
        shift = 0 if p["ask"] == "future_value" else p["principal"]
        out = {"simple interest": float(simple - shift),
               "future value and interest swapped": float(fv - p["principal"] if shift == 0 else fv)}
        if m > 1:
            out["annual compounding"] = float(annual - shift)
        return out

    def solve(self, p: Params) -> Worked:
        m, i, n = _rate_per_period(p)
        factor = (1 + i) ** n
        fv = p["principal"] * factor
        fv_c = round2(float(fv))
        steps = [
            f"Rate per {_PERIOD_NAME[m]} i = {_pct(p['rate'])} / {m} = {_pct(float(i * 100))}; "
            f"periods n = {p['years']} × {m} = {n}.",
            f"Future value factor (1 + i)^n = (1 + {float(i):g})^{n} = {float(factor):.5f}.",
            f"Future value = {money(p['principal'], 0)} × {float(factor):.5f} = {money(fv_c)} "
            "(computed at full precision).",
        ]
        if p["ask"] == "future_value":
            return Worked(gold=fv_c, steps=steps, answer=money(fv_c))
        interest = round2(float(fv - p["principal"]))
        steps.append(
            f"Compound interest = future value - principal = {money(fv_c)} - "
            f"{money(p['principal'], 0)} = {money(interest)}."
        )
        return Worked(gold=interest, steps=steps, answer=money(interest))


class PresentValueLumpSum(NumericTemplate):
    """Present value of a single future amount: F / (1 + r/m)^(n·m)."""

    name = "interest_present_value_lump_sum"
    rounding = 0.01
    keep_relative = True
    tolerance = 2e-4  # five-decimal table factors
    category = "time_value_of_money"
    key_terms = ("present value", "discount rate", "time value of money", "lump sum")
    principles = ("fair_value",)

    def sample(self, rng: random.Random) -> Params:
        return {
            "future": rng.randrange(5, 500) * 1_000,
            "rate": rng.choice(_RATES),
            "years": rng.randrange(2, 16),
            "compounding": rng.choice(["annually", "semiannually", "quarterly"]),
        }

    def question(self, p: Params) -> str:
        return (
            f"A company will receive {money(p['future'], 0)} in {p['years']} years. At a discount rate "
            f"of {_pct(p['rate'])} a year, compounded {p['compounding']}, what is the present value of "
            "that amount today? Round the final answer to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        m, i, n = _rate_per_period(p)
        return float(p["future"] * (1 + i) ** -n)

    def mistakes(self, p: Params) -> dict[str, float]:
        """Simple discounting; annual compounding whatever the stated frequency; the annual rate
        per compounding period."""
        m, i, n = _rate_per_period(p)
        r = _frac(p["rate"]) / 100
        out = {"simple discounting": float(p["future"] / (1 + r * p["years"]))}
        if m > 1:
            out["annual compounding"] = float(p["future"] * (1 + r) ** -p["years"])
            out["annual rate per period"] = float(p["future"] * (1 + r) ** -n)
        return out

    def solve(self, p: Params) -> Worked:
        m, i, n = _rate_per_period(p)
        factor = (1 + i) ** -n
        pv = round2(float(p["future"] * factor))
        return Worked(
            gold=pv,
            steps=[
                f"Rate per {_PERIOD_NAME[m]} i = {_pct(p['rate'])} / {m} = {_pct(float(i * 100))}; "
                f"periods n = {p['years']} × {m} = {n}.",
                f"PV factor of 1 = 1 / (1 + i)^n = 1 / (1 + {float(i):g})^{n} = {float(factor):.5f}.",
                f"Present value = {money(p['future'], 0)} × {float(factor):.5f} = {money(pv)} "
                "(computed at full precision).",
            ],
            answer=money(pv),
        )


class PresentValueOrdinaryAnnuity(NumericTemplate):
    """Present value of an ordinary annuity: PMT × [1 - (1 + i)^-n] / i."""

    name = "interest_present_value_annuity"
    rounding = 0.01
    keep_relative = True
    tolerance = 2e-4  # five-decimal table factors
    category = "time_value_of_money"
    key_terms = ("present value", "ordinary annuity", "discount rate", "annuity factor")
    principles = ("fair_value",)

    _CONTEXTS = {
        "note": "A company buys equipment in exchange for a note that requires payments of {A}",
        "settlement": "A company agrees to settle a claim by paying {A}",
        "contract": "A customer contract will pay the company {A}",
    }
    _FREQ = {"annual": ("year", 1), "semiannual": ("six months", 2)}

    def sample(self, rng: random.Random) -> Params:
        return {
            "payment": rng.randrange(2, 200) * 500,
            "rate": rng.choice(_RATES),
            "payments": rng.randrange(3, 21),
            "frequency": rng.choice(sorted(self._FREQ)),
            "context": rng.choice(sorted(self._CONTEXTS)),
        }

    def identity(self, p: Params) -> Params:
        return _without(p, "context")

    def question(self, p: Params) -> str:
        every, k = self._FREQ[p["frequency"]]
        setup = self._CONTEXTS[p["context"]].format(A=money(p["payment"], 0))
        rate = f"{_pct(p['rate'])} a year"
        if k == 2:
            rate += f" ({_pct(p['rate'] / 2)} per six-month period)"
        return (
            f"{setup} at the end of every {every} for {p['payments']} payments. Using a discount rate of "
            f"{rate}, what is the present value of the payments (an ordinary annuity)? Round the final "
            "answer to the nearest cent."
        )

    def exact(self, p: Params) -> float:
        i = _frac(p["rate"]) / 100 / self._FREQ[p["frequency"]][1]
        return float(p["payment"] * (1 - (1 + i) ** -p["payments"]) / i)

    def mistakes(self, p: Params) -> dict[str, float]:
        """An annuity due instead of an ordinary annuity; the payments undiscounted; the annual
        rate per six-month period."""
        k = self._FREQ[p["frequency"]][1]
        i = _frac(p["rate"]) / 100 / k
        out = {"annuity due": float(p["payment"] * (1 - (1 + i) ** -p["payments"]) / i * (1 + i)),
               "undiscounted": float(p["payment"] * p["payments"])}
        if k == 2:
            j = _frac(p["rate"]) / 100
            out["annual rate per period"] = float(p["payment"] * (1 - (1 + j) ** -p["payments"]) / j)
        return out

    def solve(self, p: Params) -> Worked:
        k = self._FREQ[p["frequency"]][1]
        i = _frac(p["rate"]) / 100 / k
        n = p["payments"]
        factor = (1 - (1 + i) ** -n) / i
        pv = round2(float(p["payment"] * factor))
        return Worked(
            gold=pv,
            steps=[
                f"Rate per period i = {_pct(p['rate'])} / {k} = {_pct(float(i * 100))}; n = {n} payments "
                "at the end of each period (ordinary annuity).",
                f"PV annuity factor = [1 - (1 + i)^-n] / i = [1 - (1 + {float(i):g})^-{n}] / {float(i):g}"
                f" = {float(factor):.5f}.",
                f"Present value = {money(p['payment'], 0)} × {float(factor):.5f} = {money(pv)} "
                f"(computed at full precision; {num(n, 0)} payments total {money(p['payment'] * n, 0)}"
                " undiscounted).",
            ],
            answer=money(pv),
        )


TEMPLATES = [
    SimpleInterest(),
    CompoundFutureValue(),
    PresentValueLumpSum(),
    PresentValueOrdinaryAnnuity(),
]
