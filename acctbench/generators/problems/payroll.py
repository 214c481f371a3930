"""Payroll problems (US, 2025 figures stated in each question): an employee's net pay when the
Social Security wage base is reached, and the employer's payroll taxes across several employees.

Social Security tax (6.2%) applies to wages up to the annual wage base; Medicare (1.45%) has no
base; FUTA (0.6% after the state credit) and state unemployment tax apply to the first dollars of
each employee's wages in the year.
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params
from acctbench.generators.problems._common import Calc, NumericProblem, cents, money, pct, poss

SS_RATE, MEDICARE_RATE, SS_BASE, FUTA_RATE, FUTA_BASE = 6.2, 1.45, 176_100, 0.6, 7_000


def _taxable(ytd: float, gross: float, base: float) -> float:
    """The part of this period's gross pay under the annual wage base."""
    return max(0.0, min(gross, base - ytd))


class PayrollNetPay(NumericProblem):
    """An employee's net pay for a month in which the Social Security wage base is crossed.

    Gross = salary + bonus; Social Security on the part under the base; Medicare on all of it;
    income taxes on gross less the 401(k) deferral; net = gross - every withholding. Typical
    errors: Social Security on the whole gross; no Social Security at all; income taxes on the
    whole gross; Medicare capped like Social Security.
    """

    name = "payroll_net_pay"
    rounding = 0.01
    key_terms = ("gross pay", "net pay", "FICA", "wage base", "withholding", "401(k)")
    principles = ("accrual_basis",)

    def draw(self, rng: random.Random) -> Params:
        salary = rng.randrange(120, 190) * 100
        bonus = rng.randrange(10, 80) * 100
        gross = salary + bonus
        return {"salary": salary, "bonus": bonus, "ytd": SS_BASE - rng.randrange(gross // 10, gross * 9 // 10),
                "deferral": rng.choice((3, 4, 5, 6, 8, 10)), "federal": rng.choice((22, 24, 32)),
                "state": rng.choice((3, 4, 5, 6)), "health": rng.randrange(10, 60) * 10}

    def question(self, p: Params) -> str:
        asks = (
            "What is her net (take-home) pay for December? Round each withholding to the cent.",
            "Compute the December net pay, rounding each deduction to the nearest cent.",
            f"How much cash will {p['company']} pay her on the December payday? Round each withholding to the cent.",
        )
        return (
            f"{p['company']} pays its finance director a monthly salary of {money(p['salary'], 0)}. In December "
            f"she also receives a bonus of {money(p['bonus'], 0)}. Her earnings before December, including an "
            f"earlier bonus and a mid-year raise, were {money(p['ytd'], 0)}. Withholdings: Social Security {SS_RATE}% on the first {money(SS_BASE, 0)} of "
            f"annual wages; Medicare {MEDICARE_RATE}% of all wages (no additional Medicare tax applies); she "
            f"defers {pct(p['deferral'])} of gross pay into a traditional 401(k) plan; federal income tax "
            f"{pct(p['federal'])} and state income tax {pct(p['state'])}, both of gross pay less the 401(k) "
            f"deferral; and a health-insurance premium of {money(p['health'], 0)}. " + asks[p["wording"]]
        )

    def _withholdings(self, p: Params, cap_ss: bool = True, ss: bool = True, deferral_shields: bool = True,
                      cap_medicare: bool = False) -> float:
        gross = p["salary"] + p["bonus"]
        ss_wages = _taxable(p["ytd"], gross, SS_BASE) if cap_ss else gross
        deferral = cents(gross * p["deferral"] / 100)
        base = gross - deferral if deferral_shields else gross
        medicare_wages = ss_wages if cap_medicare else gross
        return (cents(ss_wages * SS_RATE / 100) * ss + cents(medicare_wages * MEDICARE_RATE / 100) + deferral
                + cents(base * p["federal"] / 100) + cents(base * p["state"] / 100) + p["health"])

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c = Calc()
        gross = p["salary"] + p["bonus"]
        c.step(f"Gross pay = {money(p['salary'], 0)} + {money(p['bonus'], 0)} = {money(gross)}.")
        ss_wages = _taxable(p["ytd"], gross, SS_BASE)
        c.step(f"Wages still under the Social Security base = {money(SS_BASE, 0)} - {money(p['ytd'], 0)} = "
               f"{money(ss_wages)}.")
        ss = cents(ss_wages * SS_RATE / 100)
        c.step(f"Social Security = {money(ss_wages)} × {SS_RATE}% = {money(ss)}.")
        medicare = cents(gross * MEDICARE_RATE / 100)
        c.step(f"Medicare = {money(gross)} × {MEDICARE_RATE}% = {money(medicare)}.")
        deferral = cents(gross * p["deferral"] / 100)
        c.step(f"401(k) deferral = {money(gross)} × {pct(p['deferral'])} = {money(deferral)}; income-tax wages "
               f"= {money(gross - deferral)}.")
        fed, state = cents((gross - deferral) * p["federal"] / 100), cents((gross - deferral) * p["state"] / 100)
        c.step(f"Federal income tax = {money(gross - deferral)} × {pct(p['federal'])} = {money(fed)}; state "
               f"income tax = {money(gross - deferral)} × {pct(p['state'])} = {money(state)}.")
        total = cents(self._withholdings(p))
        c.step(f"Total withholdings = {money(ss)} + {money(medicare)} + {money(deferral)} + {money(fed)} + "
               f"{money(state)} + {money(p['health'], 0)} = {money(total)}.")
        net = cents(gross - total)
        c.step(f"Net pay = {money(gross)} - {money(total)} = {money(net)}.")
        return net, c, money(net)

    def mistakes(self, p: Params) -> dict[str, float]:
        gross = p["salary"] + p["bonus"]
        return {
            "ss_on_whole_gross": cents(gross - self._withholdings(p, cap_ss=False)),
            "no_social_security": cents(gross - self._withholdings(p, ss=False)),
            "income_tax_on_gross": cents(gross - self._withholdings(p, deferral_shields=False)),
            "medicare_capped": cents(gross - self._withholdings(p, cap_medicare=True)),
        }


class EmployerPayrollTaxes(NumericProblem):
    """The employer's payroll tax expense for one pay period across three employees.

    Employer Social Security (to the wage base) + Medicare + FUTA and state unemployment tax
    (each on the first dollars of the year's wages). Typical errors: the wage bases ignored;
    FUTA at the gross 6.0% rate; the unemployment bases ignored while the Social Security base
    is applied.
    """

    name = "employer_payroll_taxes"
    rounding = 0.01
    key_terms = ("payroll tax expense", "FICA", "FUTA", "SUTA", "wage base")
    principles = ("accrual_basis", "matching")

    def draw(self, rng: random.Random) -> Params:
        staff = [
            {"ytd": rng.randrange(0, 60) * 100, "gross": rng.randrange(20, 60) * 100},
            {"ytd": rng.randrange(100, 1500) * 100, "gross": rng.randrange(30, 90) * 100},
            {"ytd": SS_BASE - rng.randrange(5, 60) * 100, "gross": rng.randrange(60, 160) * 100},
        ]
        return {"staff": staff, "suta_rate": rng.choice((2.7, 3.1, 3.4, 4.0, 5.4)),
                "suta_base": rng.choice((7_000, 9_000, 10_000, 12_000, 14_000))}

    def question(self, p: Params) -> str:
        names = ("A. Rivera", "B. Osei", "C. Lindgren")
        rows = "; ".join(f"{n}: {money(s['gross'], 0)} this period, {money(s['ytd'], 0)} earned earlier in the year"
                         for n, s in zip(names, p["staff"]))
        asks = (
            "What is the employer's payroll tax expense for this pay period? Round each tax to the cent.",
            "How much payroll tax does the employer owe on this payroll, beyond what it withholds from employees? "
            "Round each tax to the cent.",
            f"Compute {poss(p['company'])} payroll tax expense for the period (each tax rounded to the cent).",
        )
        return (
            f"{poss(p['company'])} payroll for the period: {rows}. The employer pays Social Security tax of "
            f"{SS_RATE}% on each employee's first {money(SS_BASE, 0)} of annual wages, Medicare tax of "
            f"{MEDICARE_RATE}% on all wages, federal unemployment tax of {FUTA_RATE}% (after the state credit) on "
            f"each employee's first {money(FUTA_BASE, 0)}, and state unemployment tax of {p['suta_rate']:g}% on "
            f"each employee's first {money(p['suta_base'], 0)}. " + asks[p["wording"]]
        )

    def _taxes(self, p: Params, bases: bool = True, futa_rate: float = FUTA_RATE, ss_base_only: bool = False) -> list[float]:
        staff = p["staff"]
        def wages(base: float, use: bool) -> float:
            return sum(_taxable(s["ytd"], s["gross"], base) if use else s["gross"] for s in staff)
        keep_ss = bases or ss_base_only
        keep_unemp = bases and not ss_base_only
        return [cents(wages(SS_BASE, keep_ss) * SS_RATE / 100), cents(wages(0, False) * MEDICARE_RATE / 100),
                cents(wages(FUTA_BASE, keep_unemp) * futa_rate / 100),
                cents(wages(p["suta_base"], keep_unemp) * p["suta_rate"] / 100)]

    def work(self, p: Params) -> tuple[float, Calc, str]:
        c, staff = Calc(), p["staff"]
        labels = (("Social Security", SS_BASE, SS_RATE), ("Medicare", None, MEDICARE_RATE),
                  ("FUTA", FUTA_BASE, FUTA_RATE), ("State unemployment", p["suta_base"], p["suta_rate"]))
        taxes = self._taxes(p)
        for (label, base, rate), tax in zip(labels, taxes):
            parts = [_taxable(s["ytd"], s["gross"], base) if base else s["gross"] for s in staff]
            where = f" (each employee's wages under {money(base, 0)})" if base else ""
            c.step(f"{label} wages{where} = {' + '.join(money(x, 0) for x in parts)} = {money(sum(parts), 0)}.")
            c.step(f"{label} tax = {money(sum(parts), 0)} × {rate:g}% = {money(tax)}.")
        total = cents(sum(taxes))
        c.step(f"Payroll tax expense = {' + '.join(money(t) for t in taxes)} = {money(total)}.")
        return total, c, money(total)

    def mistakes(self, p: Params) -> dict[str, float]:
        return {
            "bases_ignored": cents(sum(self._taxes(p, bases=False))),
            "futa_gross_rate": cents(sum(self._taxes(p, futa_rate=6.0))),
            "unemployment_bases_ignored": cents(sum(self._taxes(p, ss_base_only=True))),
        }


TEMPLATES = [PayrollNetPay(), EmployerPayrollTaxes()]
