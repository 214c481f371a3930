"""Financial-statement ratio templates: liquidity, leverage, profitability and activity.

Each template has three wordings (:meth:`Template.variant`): one states the ratio's definition,
two only name the ratio, which then means its standard textbook definition (acid-test assets are
cash, marketable securities and receivables; debt-to-equity counts all liabilities; returns and
turnovers use the average of the opening and closing balance; days sales outstanding uses credit
sales). Statements list some items that the ratio does not use, and the typical errors
(:meth:`mistakes`) are exactly those items used, or the wrong balance.
"""

from __future__ import annotations

import random
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from acctbench.generators.base import NumericTemplate, Params, Worked, money

COMPANIES = ("Northwind Traders", "Bluewater Foods", "Summit Components", "Redwood Apparel",
             "Keystone Logistics", "Maple Leaf Tools", "Orion Electronics", "Prairie Grain Co.")


def half_up(x: Fraction, places: int) -> float:
    """Round an exact fraction half away from zero to ``places`` decimals."""
    with localcontext() as ctx:
        ctx.prec = 40
        value = Decimal(x.numerator) / Decimal(x.denominator)
    return float(value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP))


def _k(rng: random.Random, lo: int, hi: int, step: int = 1) -> int:
    """A round amount between ``lo`` and ``hi`` thousand dollars."""
    return rng.randrange(lo, hi + 1, step) * 1000


def _poss(name: str) -> str:
    return name + ("'" if name.endswith("s") else "'s")


def _listing(items: list[tuple[str, int]]) -> str:
    return "; ".join(f"{label} {money(amount, 0)}" for label, amount in items)


def _sum_text(amounts: list[int]) -> str:
    """``"$1.00 + $2.00 = $3.00"`` for the amounts that enter a total."""
    return " + ".join(money(a) for a in amounts) + f" = {money(sum(amounts))}"


class _Ratio(NumericTemplate):
    """A ratio with gold rounded to two decimals; wording 0 states the definition."""

    category = "ratios"
    unit = "times"
    rounding = 0.01
    principles = ()
    asks: tuple[str, str, str]  # the request in the defining wording and in two naming-only ones

    def names_method(self, p: Params) -> bool:
        return self.variant(p, 3) == 0

    def ask(self, p: Params) -> str:
        """The request in this instance's wording."""
        return self.asks[self.variant(p, 3)]


class _Percent(_Ratio):
    unit = "%"


# ---- liquidity --------------------------------------------------------------------------------

_CA = (("cash", "Cash"), ("receivables", "Accounts receivable"), ("inventory", "Inventory"),
       ("prepaid", "Prepaid expenses"))
_CL = (("payables", "Accounts payable"), ("accrued", "Accrued liabilities"),
       ("current_debt", "Current portion of long-term debt"))


def _current_liabilities(rng: random.Random) -> Params:
    return {"payables": _k(rng, 40, 300), "accrued": _k(rng, 10, 120),
            "current_debt": _k(rng, 5, 100, 5)}


class CurrentRatio(_Ratio):
    """Current assets / current liabilities, with non-current distractors on the list."""

    name = "ratio_current"
    asks = ("What is its current ratio (total current assets divided by total current liabilities)?",
            "What is its current ratio?",
            "How many dollars of current assets does it hold per dollar of current liabilities (its "
            "current ratio)?")
    key_terms = ("current ratio", "current assets", "current liabilities", "liquidity",
                 "working capital")

    def sample(self, rng: random.Random) -> Params:
        return {"cash": _k(rng, 20, 300), "receivables": _k(rng, 30, 400),
                "inventory": _k(rng, 40, 500), "prepaid": _k(rng, 5, 60),
                "equipment": _k(rng, 200, 2000, 10), **_current_liabilities(rng),
                "long_term_debt": _k(rng, 100, 1500, 10), "company": rng.choice(COMPANIES)}

    def _items(self, p: Params) -> list[tuple[str, int]]:
        return ([(label, p[k]) for k, label in _CA] + [("Equipment, net", p["equipment"])]
                + [(label, p[k]) for k, label in _CL]
                + [("Long-term notes payable (non-current portion)", p["long_term_debt"])])

    def question(self, p: Params) -> str:
        return (
            f"{p['company']} reports these year-end balances: {_listing(self._items(p))}. "
            f"{self.ask(p)} Round to two decimal places."
        )

    def exact(self, p: Params) -> float:
        return sum(p[k] for k, _ in _CA) / sum(p[k] for k, _ in _CL)

    def mistakes(self, p: Params) -> dict[str, float]:
        """Equipment counted as current; the non-current notes counted as current; the quick ratio."""
        ca, cl = sum(p[k] for k, _ in _CA), sum(p[k] for k, _ in _CL)
        return {"equipment included": (ca + p["equipment"]) / cl,
                "long-term notes included": ca / (cl + p["long_term_debt"]),
                "quick ratio": (p["cash"] + p["receivables"]) / cl}

    def solve(self, p: Params) -> Worked:
        ca, cl = [p[k] for k, _ in _CA], [p[k] for k, _ in _CL]
        total_ca, total_cl = sum(ca), sum(cl)
        gold = half_up(Fraction(total_ca, total_cl), 2)
        steps = [
            f"Current assets = cash + accounts receivable + inventory + prepaid expenses = "
            f"{_sum_text(ca)}.",
            f"Current liabilities = accounts payable + accrued liabilities + current portion of "
            f"long-term debt = {_sum_text(cl)}.",
            "Equipment and the non-current portion of notes payable are non-current and excluded.",
            f"Current ratio = {money(total_ca)} / {money(total_cl)} = {gold:.2f}.",
        ]
        return Worked(gold=gold, steps=steps, answer=f"{gold:.2f}")


class QuickRatio(_Ratio):
    """(Cash + marketable securities + receivables) / current liabilities."""

    name = "ratio_quick"
    asks = ("Compute its quick (acid-test) ratio, defined as (cash + marketable securities + accounts "
            "receivable) / current liabilities.",
            "Compute its quick (acid-test) ratio.",
            "What is its acid-test ratio?")
    key_terms = ("quick ratio", "acid-test ratio", "quick assets", "current liabilities",
                 "marketable securities")

    def sample(self, rng: random.Random) -> Params:
        return {"cash": _k(rng, 10, 250), "securities": _k(rng, 0, 150, 5),
                "receivables": _k(rng, 30, 350), "inventory": _k(rng, 50, 600),
                "prepaid": _k(rng, 5, 60), **_current_liabilities(rng),
                "company": rng.choice(COMPANIES)}

    def question(self, p: Params) -> str:
        items = [("Cash", p["cash"]), ("Marketable securities", p["securities"]),
                 ("Accounts receivable", p["receivables"]), ("Inventory", p["inventory"]),
                 ("Prepaid expenses", p["prepaid"])] + [(label, p[k]) for k, label in _CL]
        return (
            f"{_poss(p['company'])} balance sheet shows: {_listing(items)}. {self.ask(p)} Round to two "
            "decimal places."
        )

    def exact(self, p: Params) -> float:
        return (p["cash"] + p["securities"] + p["receivables"]) / sum(p[k] for k, _ in _CL)

    def mistakes(self, p: Params) -> dict[str, float]:
        """Inventory included (the current ratio); prepaid expenses included; securities left out."""
        quick, cl = p["cash"] + p["securities"] + p["receivables"], sum(p[k] for k, _ in _CL)
        return {"inventory included": (quick + p["inventory"] + p["prepaid"]) / cl,
                "prepaid included": (quick + p["prepaid"]) / cl,
                "securities left out": (quick - p["securities"]) / cl}

    def solve(self, p: Params) -> Worked:
        quick, cl = [p["cash"], p["securities"], p["receivables"]], [p[k] for k, _ in _CL]
        total_q, total_cl = sum(quick), sum(cl)
        gold = half_up(Fraction(total_q, total_cl), 2)
        steps = [
            f"Quick assets = cash + marketable securities + accounts receivable = {_sum_text(quick)};"
            " inventory and prepaid expenses are excluded because they are not quickly convertible"
            " to cash.",
            f"Current liabilities = {_sum_text(cl)}.",
            f"Quick ratio = {money(total_q)} / {money(total_cl)} = {gold:.2f}.",
        ]
        return Worked(gold=gold, steps=steps, answer=f"{gold:.2f}")


# ---- leverage ---------------------------------------------------------------------------------


class DebtToEquity(_Ratio):
    """Total liabilities / total stockholders' equity."""

    name = "ratio_debt_to_equity"
    asks = ("Compute its debt-to-equity ratio, defined as total liabilities / total stockholders' equity.",
            "Compute its debt-to-equity ratio (every liability counts as debt).",
            "What is its debt-to-equity ratio, counting all of its liabilities as debt?")
    key_terms = ("debt-to-equity ratio", "total liabilities", "stockholders' equity", "leverage",
                 "solvency")

    def sample(self, rng: random.Random) -> Params:
        return {"payables": _k(rng, 30, 300), "accrued": _k(rng, 10, 150),
                "bonds": _k(rng, 50, 1500, 10), "common_stock": _k(rng, 50, 500, 10),
                "apic": _k(rng, 0, 800, 10), "retained_earnings": _k(rng, 50, 1500, 5),
                "company": rng.choice(COMPANIES)}

    def question(self, p: Params) -> str:
        items = [("Accounts payable", p["payables"]), ("Accrued liabilities", p["accrued"]),
                 ("Bonds payable (long-term)", p["bonds"]), ("Common stock", p["common_stock"]),
                 ("Additional paid-in capital", p["apic"]),
                 ("Retained earnings", p["retained_earnings"])]
        return (
            f"At year end {p['company']} reports: {_listing(items)}. {self.ask(p)} Round to two "
            "decimal places."
        )

    def exact(self, p: Params) -> float:
        return (p["payables"] + p["accrued"] + p["bonds"]) / (p["common_stock"] + p["apic"] + p["retained_earnings"])

    def mistakes(self, p: Params) -> dict[str, float]:
        """The debt ratio (liabilities over liabilities plus equity); bonds only; paid-in capital
        left out of equity."""
        liab = p["payables"] + p["accrued"] + p["bonds"]
        equity = p["common_stock"] + p["apic"] + p["retained_earnings"]
        return {"debt ratio": liab / (liab + equity), "bonds only": p["bonds"] / equity,
                "retained earnings left out": liab / (p["common_stock"] + p["apic"])}

    def solve(self, p: Params) -> Worked:
        liab = [p["payables"], p["accrued"], p["bonds"]]
        equity = [p["common_stock"], p["apic"], p["retained_earnings"]]
        total_l, total_e = sum(liab), sum(equity)
        gold = half_up(Fraction(total_l, total_e), 2)
        steps = [
            f"Total liabilities = accounts payable + accrued liabilities + bonds payable = "
            f"{_sum_text(liab)}.",
            f"Total stockholders' equity = common stock + additional paid-in capital + retained "
            f"earnings = {_sum_text(equity)}.",
            f"Debt-to-equity = {money(total_l)} / {money(total_e)} = {gold:.2f}.",
        ]
        return Worked(gold=gold, steps=steps, answer=f"{gold:.2f}")


# ---- profitability ----------------------------------------------------------------------------


class _ReturnOnAverage(_Percent):
    """Net income / average of a beginning and ending balance, in percent."""

    balance: str  # wording of the balance, e.g. "total stockholders' equity"
    ratio: str
    note = ""
    rounding = 0.01

    def sample(self, rng: random.Random) -> Params:
        begin = _k(rng, 200, 5000, 10)
        end = begin + rng.randrange(-begin // 10_000, begin // 4000 + 1) * 1000
        rate = Fraction(rng.randrange(2, 30 if "equity" in self.balance else 16), 100)
        noise = 1 + Fraction(rng.randrange(-40, 41), 1000)
        income = int(rate * (begin + end) / 2 * noise) // 500 * 500
        return {"net_income": income, "begin": begin, "end": end, "company": rng.choice(COMPANIES)}

    def question(self, p: Params) -> str:
        return (
            f"{p['company']} earned net income of {money(p['net_income'], 0)} this year. Its "
            f"{self.balance} amounted to {money(p['begin'], 0)} at the beginning of the year and "
            f"{money(p['end'], 0)} at the end.{self.note} {self._ask(p)} Give the answer as a "
            "percentage rounded to two decimal places."
        )

    def names_method(self, p: Params) -> bool:
        return self.variant(p, 3) == 0

    def _ask(self, p: Params) -> str:
        return (f"Compute its {self.ratio} as net income / average {self.balance}.",
                f"Compute its {self.ratio}.",
                f"What was its {self.ratio} for the year?")[self.variant(p, 3)]

    def exact(self, p: Params) -> float:
        return p["net_income"] / ((p["begin"] + p["end"]) / 2) * 100

    def mistakes(self, p: Params) -> dict[str, float]:
        """The ending balance instead of the average; the beginning balance."""
        return {"ending balance": p["net_income"] / p["end"] * 100,
                "beginning balance": p["net_income"] / p["begin"] * 100}

    def solve(self, p: Params) -> Worked:
        avg = Fraction(p["begin"] + p["end"], 2)
        gold = half_up(Fraction(p["net_income"]) / avg * 100, 2)
        steps = [
            f"Average {self.balance} = ({money(p['begin'])} + {money(p['end'])}) / 2 = "
            f"{money(float(avg))}.",
            f"{self.ratio[0].upper() + self.ratio[1:]} = {money(p['net_income'])} / "
            f"{money(float(avg))} = {float(Fraction(p['net_income']) / avg):.6f} = {gold:.2f}%.",
        ]
        return Worked(gold=gold, steps=steps, answer=f"{gold:.2f}%")


class ReturnOnEquity(_ReturnOnAverage):
    """Net income / average stockholders' equity."""

    name = "ratio_return_on_equity"
    balance = "total stockholders' equity"
    ratio = "return on equity (ROE)"
    note = " The company has no preferred stock."
    key_terms = ("return on equity", "net income", "average stockholders' equity", "profitability")


class ReturnOnAssets(_ReturnOnAverage):
    """Net income / average total assets."""

    name = "ratio_return_on_assets"
    balance = "total assets"
    ratio = "return on assets (ROA)"
    key_terms = ("return on assets", "net income", "average total assets", "profitability")


class GrossMarginPercent(_Percent):
    """(Net sales - cost of goods sold) / net sales, with returns and discounts to deduct."""

    name = "ratio_gross_margin"
    asks = ("What is its gross margin percentage (gross profit as a percentage of net sales)?",
            "What is its gross margin percentage?",
            "What gross profit rate did it earn on its sales for the year?")
    key_terms = ("gross margin", "gross profit", "net sales", "cost of goods sold",
                 "sales returns and allowances")
    principles = ("revenue_recognition", "matching")

    def sample(self, rng: random.Random) -> Params:
        sales = _k(rng, 200, 5000, 5)
        returns = rng.randrange(0, sales // 25_000 + 1) * 500
        discounts = rng.randrange(0, sales // 50_000 + 1) * 500
        net = sales - returns - discounts
        cogs = int(net * Fraction(rng.randrange(40, 86), 100)) // 1000 * 1000
        return {"gross_sales": sales, "returns": returns, "discounts": discounts, "cogs": cogs,
                "operating_expenses": int(net * Fraction(rng.randrange(5, 30), 100)) // 1000 * 1000,
                "company": rng.choice(COMPANIES)}

    def question(self, p: Params) -> str:
        items = [("Gross sales", p["gross_sales"]),
                 ("Sales returns and allowances", p["returns"]),
                 ("Sales discounts", p["discounts"]), ("Cost of goods sold", p["cogs"]),
                 ("Operating expenses", p["operating_expenses"])]
        return (
            f"{_poss(p['company'])} income statement for the year shows: {_listing(items)}. "
            f"{self.ask(p)} Round to two decimal places."
        )

    def exact(self, p: Params) -> float:
        net = p["gross_sales"] - p["returns"] - p["discounts"]
        return (net - p["cogs"]) / net * 100

    def mistakes(self, p: Params) -> dict[str, float]:
        """Discounts forgotten; returns forgotten; gross sales as the base; operating expenses
        deducted (the operating margin)."""
        g, r, d, c = p["gross_sales"], p["returns"], p["discounts"], p["cogs"]
        net = g - r - d
        return {"discounts forgotten": (g - r - c) / (g - r) * 100,
                "returns forgotten": (g - d - c) / (g - d) * 100,
                "gross sales as the base": (net - c) / g * 100,
                "operating expenses deducted": (net - c - p["operating_expenses"]) / net * 100}

    def solve(self, p: Params) -> Worked:
        net = p["gross_sales"] - p["returns"] - p["discounts"]
        profit = net - p["cogs"]
        gold = half_up(Fraction(profit, net) * 100, 2)
        steps = [
            f"Net sales = gross sales - sales returns and allowances - sales discounts = "
            f"{money(p['gross_sales'])} - {money(p['returns'])} - {money(p['discounts'])} = "
            f"{money(net)}.",
            f"Gross profit = net sales - cost of goods sold = {money(net)} - {money(p['cogs'])} = "
            f"{money(profit)}; operating expenses come below gross profit and are excluded.",
            f"Gross margin = {money(profit)} / {money(net)} = {float(Fraction(profit, net)):.6f} = "
            f"{gold:.2f}%.",
        ]
        return Worked(gold=gold, steps=steps, answer=f"{gold:.2f}%")


# ---- activity ---------------------------------------------------------------------------------


class InventoryTurnover(_Ratio):
    """Cost of goods sold / average inventory."""

    name = "ratio_inventory_turnover"
    asks = ("Compute the inventory turnover as cost of goods sold / average inventory.",
            "Compute its inventory turnover for the year.",
            "How many times did it turn over its inventory during the year?")
    key_terms = ("inventory turnover", "cost of goods sold", "average inventory", "activity ratio")

    def sample(self, rng: random.Random) -> Params:
        begin = _k(rng, 20, 900)
        end = max(10_000, begin + _k(rng, -begin // 4000, begin // 2500))
        cogs = int((begin + end) / 2 * rng.randrange(20, 160) / 10) // 1000 * 1000
        sales = cogs * rng.randrange(120, 200) // 100 // 1000 * 1000
        return {"cogs": cogs, "net_sales": sales, "begin": begin, "end": end,
                "company": rng.choice(COMPANIES)}

    def question(self, p: Params) -> str:
        return (
            f"{p['company']} reports net sales of {money(p['net_sales'], 0)} and cost of goods sold "
            f"of {money(p['cogs'], 0)} for the year. Inventory was {money(p['begin'], 0)} at the "
            f"start of the year and {money(p['end'], 0)} at the end. {self.ask(p)} Round to two "
            "decimal places."
        )

    def exact(self, p: Params) -> float:
        return p["cogs"] / ((p["begin"] + p["end"]) / 2)

    def mistakes(self, p: Params) -> dict[str, float]:
        """Net sales instead of cost of goods sold; the ending inventory instead of the average."""
        avg = (p["begin"] + p["end"]) / 2
        return {"net sales": p["net_sales"] / avg, "ending inventory": p["cogs"] / p["end"]}

    def solve(self, p: Params) -> Worked:
        avg = Fraction(p["begin"] + p["end"], 2)
        gold = half_up(Fraction(p["cogs"]) / avg, 2)
        steps = [
            f"Average inventory = ({money(p['begin'])} + {money(p['end'])}) / 2 = {money(float(avg))}.",
            f"Inventory turnover = {money(p['cogs'])} / {money(float(avg))} = {gold:.2f} times "
            "(net sales is not used: inventory is carried at cost, so it is compared with cost of "
            "goods sold).",
        ]
        return Worked(gold=gold, steps=steps, answer=f"{gold:.2f} times")


class DaysSalesOutstanding(_Ratio):
    """Average accounts receivable / net credit sales x 365."""

    name = "ratio_days_sales_outstanding"
    unit = "days"
    rounding = 0.1
    asks = ("Compute days sales outstanding as average accounts receivable / net credit sales x 365.",
            "Compute its days sales outstanding (average collection period).",
            "On average, how many days did it take to collect its receivables?")
    key_terms = ("days sales outstanding", "average accounts receivable", "credit sales",
                 "collection period", "receivables turnover")

    def sample(self, rng: random.Random) -> Params:
        credit = _k(rng, 300, 9000, 10)
        days = rng.randrange(15, 91)
        avg = credit * days // 365 // 1000 * 1000
        swing = rng.randrange(0, avg // 4000 + 1) * 1000
        return {"credit_sales": credit, "cash_sales": _k(rng, 0, 1500, 10),
                "begin": max(1000, avg - swing), "end": avg + swing,
                "company": rng.choice(COMPANIES)}

    def question(self, p: Params) -> str:
        return (
            f"{p['company']} made net credit sales of {money(p['credit_sales'], 0)} and cash sales "
            f"of {money(p['cash_sales'], 0)} during the year. Accounts receivable were "
            f"{money(p['begin'], 0)} at the beginning of the year and {money(p['end'], 0)} at the "
            f"end. {self.ask(p)} Use a 365-day year. Give the answer in days, rounded to one decimal "
            "place."
        )

    def exact(self, p: Params) -> float:
        return (p["begin"] + p["end"]) / 2 / p["credit_sales"] * 365

    def mistakes(self, p: Params) -> dict[str, float]:
        """Cash sales included; the ending balance instead of the average; a 360-day year."""
        avg = (p["begin"] + p["end"]) / 2
        out = {"ending receivables": p["end"] / p["credit_sales"] * 365,
               "360-day year": avg / p["credit_sales"] * 360}
        if p["cash_sales"]:
            out["cash sales included"] = avg / (p["credit_sales"] + p["cash_sales"]) * 365
        return out

    def solve(self, p: Params) -> Worked:
        avg = Fraction(p["begin"] + p["end"], 2)
        gold = half_up(avg / p["credit_sales"] * 365, 1)
        turnover = Fraction(p["credit_sales"]) / avg
        steps = [
            f"Average accounts receivable = ({money(p['begin'])} + {money(p['end'])}) / 2 = "
            f"{money(float(avg))}.",
            f"Only credit sales create receivables, so cash sales of {money(p['cash_sales'])} are "
            f"excluded; receivables turnover = {money(p['credit_sales'])} / {money(float(avg))} = "
            f"{float(turnover):.4f} times.",
            f"Days sales outstanding = {money(float(avg))} / {money(p['credit_sales'])} x 365 = "
            f"{gold:.1f} days.",
        ]
        return Worked(gold=gold, steps=steps, answer=f"{gold:.1f} days")


TEMPLATES = [
    CurrentRatio(),
    QuickRatio(),
    DebtToEquity(),
    ReturnOnEquity(),
    ReturnOnAssets(),
    GrossMarginPercent(),
    InventoryTurnover(),
    DaysSalesOutstanding(),
]
