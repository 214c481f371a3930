"""Plant assets: acquisition on part credit, and disposal with a gain or loss.

Cost includes every expenditure needed to bring the asset to working condition, such as
freight and installation (ASC 360-10-30 / IAS 16.16). On disposal the asset and its
accumulated depreciation are removed and the difference between proceeds and carrying amount
is a gain or loss (ASC 360-10-40 / IAS 16.68, .71).
"""

from __future__ import annotations

import random

from acctbench.generators.base import Params, Worked, line, money, round2
from acctbench.generators.journal._common import MONTHS, JournalBase, amt, cosmetics, day_of, finish, pct
from acctbench.generators.journal.adjusting import ASSET_CLASSES

_GAIN = "Gain on Disposal of Plant Assets"
_LOSS = "Loss on Disposal of Plant Assets"
_MACHINES = ("a packaging machine", "a CNC milling machine", "a commercial oven",
             "a printing press", "an industrial compressor", "a forklift")


class PurchaseEquipmentCashAndNote(JournalBase):
    """Equipment bought partly for cash and partly on a note, with capitalised freight/installation."""

    name = "journal_purchase_equipment_cash_note"
    category = "plant_assets"
    key_terms = ("capitalization", "cost of equipment", "note payable", "installation costs",
                 "freight", "historical cost")
    principles = ("historical_cost", "matching")
    cosmetic = (*JournalBase.cosmetic, "month", "machine", "note_rate", "note_years")

    def sample(self, rng: random.Random) -> Params:
        return {**cosmetics(rng), "month": rng.randrange(12), "day": day_of(rng),
                "machine": rng.choice(_MACHINES), "price": rng.randrange(10, 301) * 1000,
                "down_pct": rng.choice((10, 20, 25, 30, 40, 50)),
                "freight": rng.choice((0, rng.randrange(2, 41) * 50)),
                "install": rng.choice((0, rng.randrange(2, 61) * 50)),
                "note_rate": rng.choice((6, 7, 8, 9, 10)), "note_years": rng.choice((2, 3, 4, 5))}

    def question(self, p: Params) -> str:
        down = round2(p["price"] * p["down_pct"] / 100)
        extras = []
        if p["freight"]:
            extras.append(f"freight of {amt(p['freight'])} to deliver it")
        if p["install"]:
            extras.append(f"installation and testing of {amt(p['install'])}")
        extra = f" {p['company']} also paid cash for " + " and ".join(extras) + "." if extras else ""
        return (
            f"On {MONTHS[p['month']]} {p['day']}, {p['year']}, {p['company']} bought {p['machine']} with a "
            f"list price of {amt(p['price'])}. It paid {amt(down)} in cash and signed a "
            f"{p['note_years']}-year, {pct(p['note_rate'])} note payable for the balance.{extra} "
            + self.ask(p, "the acquisition", "Use one compound entry.")
        )

    def solve(self, p: Params) -> Worked:
        down = round2(p["price"] * p["down_pct"] / 100)
        note = round2(p["price"] - down)
        cost = round2(p["price"] + p["freight"] + p["install"])
        cash = round2(down + p["freight"] + p["install"])
        extras = [(label, p[key]) for label, key in (("freight", "freight"), ("installation", "install"))
                  if p[key]]
        if extras:
            parts = " + ".join(f"{label} {money(x)}" for label, x in extras)
            steps = [f"Capitalised cost = price {money(p['price'])} + {parts} = {money(cost)}: costs needed "
                     "to bring the machine to working condition are part of its cost.",
                     f"Cash paid = {money(down)} down + {money(cost - p['price'])} of other costs = "
                     f"{money(cash)}."]
        else:
            steps = [f"Equipment is recorded at its cost, {money(cost)}; cash paid is {money(cash)}."]
        steps.append(f"Notes Payable = {money(p['price'])} - {money(down)} = {money(note)}.")
        lines = [line("Equipment", debit=cost), line("Cash", credit=cash), line("Notes Payable", credit=note)]
        return finish(lines, steps)


class DisposalOfPlantAsset(JournalBase):
    """Sale or scrapping of a plant asset with a gain or a loss."""

    name = "journal_disposal_plant_asset"
    category = "plant_assets"
    key_terms = ("disposal", "book value", "carrying amount", "accumulated depreciation",
                 "gain on disposal", "loss on disposal")
    principles = ("historical_cost", "depreciation_allocation", "no_offsetting")

    def sample(self, rng: random.Random) -> Params:
        kind = rng.choice(("equipment", "equipment", "vehicle", "furniture"))
        _, _, _, lives, (lo, hi) = ASSET_CLASSES[kind]
        cost = rng.randrange(lo, hi + 1) * 1000
        life = rng.choice(lives)
        salvage = rng.randrange(0, cost // 10 // 500 + 1) * 500
        years = rng.randint(1, life)
        accumulated = round2((cost - salvage) * years / life)
        book = cost - accumulated
        scrap = book > 0 and rng.random() < 0.15
        if scrap:
            proceeds = 0
        else:
            low = -int(book // 100)
            delta = rng.choice([d for d in range(max(low, -60), 41) if d != 0])
            proceeds = max(0, round2(round(book / 100) * 100 + delta * 100))
            if proceeds == book:
                proceeds = round2(book + 100)
        return {**cosmetics(rng), "kind": kind, "cost": cost, "life": life, "salvage": salvage,
                "years": years, "proceeds": proceeds, "form": rng.choice(("given", "compute"))}

    def question(self, p: Params) -> str:
        desc, asset, accum, _, _ = ASSET_CLASSES[p["kind"]]
        first, last = p["year"] - p["years"] + 1, p["year"]
        if p["form"] == "given":
            accumulated = round2((p["cost"] - p["salvage"]) * p["years"] / p["life"])
            noun = desc.removeprefix("a ").removeprefix("an ")
            history = (f"{p['company']}'s {noun} cost {amt(p['cost'])} and has accumulated "
                       f"depreciation of {amt(accumulated)}, fully updated to the date of disposal.")
        else:
            history = (f"On January 1, {first}, {p['company']} bought {desc} for {amt(p['cost'])}, with a "
                       f"residual value of {amt(p['salvage'])} and a useful life of {p['life']} years, "
                       f"depreciated by the straight-line method; depreciation has been recorded for "
                       f"every year through December 31, {last}.")
        disposal = (
            f"On December 31, {last}, the asset was scrapped; nothing was received for it."
            if p["proceeds"] == 0
            else f"On December 31, {last}, the asset was sold for {amt(p['proceeds'])} in cash."
        )
        return (
            f"{history} {disposal} The company uses the accounts {asset} and {accum}. "
            + self.ask(p, "the disposal")
        )

    def solve(self, p: Params) -> Worked:
        _, asset, accum, _, _ = ASSET_CLASSES[p["kind"]]
        accumulated = round2((p["cost"] - p["salvage"]) * p["years"] / p["life"])
        book = round2(p["cost"] - accumulated)
        result = round2(p["proceeds"] - book)
        steps = []
        if p["form"] == "compute":
            steps.append(f"Accumulated depreciation = ({money(p['cost'])} - {money(p['salvage'])}) / "
                         f"{p['life']} x {p['years']} years = {money(accumulated)}.")
        steps += [
            f"Carrying amount = {money(p['cost'])} - {money(accumulated)} = {money(book)}.",
            f"Proceeds {money(p['proceeds'])} - carrying amount {money(book)} = {money(result)}: a "
            + ("gain." if result > 0 else "loss."),
            f"Remove the asset (credit {asset} {money(p['cost'])}) and its accumulated depreciation "
            f"(debit {accum} {money(accumulated)}), record the cash, and the gain or loss balances the entry.",
        ]
        lines = [line("Cash", debit=p["proceeds"]), line(accum, debit=accumulated),
                 line(_LOSS, debit=max(0.0, -result)), line(asset, credit=p["cost"]),
                 line(_GAIN, credit=max(0.0, result))]
        return finish(lines, steps)


TEMPLATES = [PurchaseEquipmentCashAndNote(), DisposalOfPlantAsset()]
