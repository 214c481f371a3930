"""What an answer commits to: the one analysis behind "credit for what is asserted".

Every scorer reads an answer through :func:`stance_of`. Parts of the text that are withdrawn,
denied, framed as false, put as counterfactual or only asked are blanked (replaced by spaces,
so positions still index the original); candidates (numbers, letters) that the answer denies are
blanked too. The scorers then read only what is left:

- ``asserted``: something is left and nothing is kept open;
- ``negated``: the final value is denied ("$6,873.75 is not the interest", "anything but B");
- ``retracted``: stated, then withdrawn or given up ("scrap that", "cannot be determined");
- ``hedged``: several candidates kept open in prose, or a spread ("give or take", "B, though A
  is just as likely");
- ``denied``: the entry or the claims given, then declared untrue, unnecessary or reversed
  ("no entry is required", "swap the sides", "none of this holds");
- ``framed_false``: claims under a frame that inverts them ("it is a myth that ...", "many
  believe ... that belief is mistaken", "is it true that ...? No."), or counterfactual.

Natural negation inside a claim ("revenue is not recognised until control transfers") is no
cue here. The cues are data (``rewards/commitment.yaml``, :mod:`acctbench.rewards.cues`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from acctbench.rewards.cues import Cues, Hit, load_cues
from acctbench.rewards.numbers import scan_numbers
from acctbench.rewards.parsing import Parsed

ASSERTED = "asserted"
STATUS_OF = {"retract": "retracted", "reject": "retracted", "unresolved": "retracted", "deny_after": "denied", "deny_entry": "denied", "reverse": "denied", "hedge_after": "hedged",
             "frame_false": "framed_false", "debunk": "framed_false", "counterfactual": "framed_false",
             "question": "hedged", "question_no": "framed_false", "negate": "negated", "hedge_spread": "hedged", "hedge_open": "hedged"}
WITHDRAWN = ("negated", "retracted", "denied", "framed_false")
GOLD_KINDS = ("numeric", "choice", "journal")
LEFT_OVER_SHARE = 0.25
"""An answer with less than this share of its letters and digits left after withdrawals
("Is it true that ...? No.") asserts nothing."""

_SENTENCE_END_RE = re.compile(r"[.!?]+(?=\s|$)|\n")
_ABBREVIATION_RE = re.compile(r"(?i)(?:\b[a-z]|\b[ie]\.[ge]|\betc|\bvs|\binc|\bco|\bno|\bdr|\bcr|\bmr|\bms|\bst)$")
_SEGMENT_END_RE = re.compile(r"[;!?\n]|\.(?=\s|$)")
_LETTER_RE = re.compile(r"(?<![\w.'’])[(\[]?([A-Z])[)\]]?(?![\w'’])")
_ARTICLE_FOLLOW_RE = re.compile(
    r"\s+(?!(?:is|was|would|could|might|may|seems?|looks?|also|too|as|just|works?|fits?|or|and|being|remains?|feels?|appears?)\b)[a-z]"
)
_WORD_RE = re.compile(r"\w+")
_QUESTION_RE = re.compile(r"\?+")
_ADJACENT_RE = re.compile(r"[\s,;:$(~\-–—]*(?:[a-z]{1,5}[\s,$(~]*)?")
_TABLE_HEADER_RE = re.compile(r"(?im)^[^\n]*\bdebits?\b[^\n]*\|[^\n]*\bcredits?\b[^\n]*$")
_BLANKED_RUN_RE = re.compile(r"x[x ]*x")
MIN_CLAIM_WORDS = 4
CLAIM_OVERLAP = 0.7
"""A withdrawn run sharing this share of its content words (4+ letters) with a sentence the
reference asserts denies that claim."""
_ANSWER_LEAD_RE = re.compile(
    r"(?i)[\s*_#>]*(?:(?:my\s+|the\s+)?(?:final\s+)?answer(?:\s+is)?|in\s+short|to\s+sum\s+up|in\s+summary|to\s+summari[sz]e"
    r"|in\s+conclusion|overall|so|thus|therefore|hence|in\s+brief|put\s+simply|simply\s+put|to\s+conclude)\s*[:,\-–]?")
_OPENING_LETTER_RE = re.compile(r"\s*[*_(\[]*[A-Z][*_)\]]*\s*(?:[.:)]|[-–—]\s|$)")
_INTERROGATIVE_RE = re.compile(
    r"(?i)[\s*_\"'“]*(?:is|are|was|were|does|do|did|can|could|should|would|will|has|have|isn't|aren't|doesn't|might|may)\b")


@dataclass(frozen=True)
class Region:
    """What one answer region commits to: its status, the deciding cue, the text left."""

    status: str
    cue: str
    kept: str

    @property
    def withdrawn(self) -> bool:
        """Whether something was withdrawn, denied or framed false."""
        return self.status in WITHDRAWN


@dataclass(frozen=True)
class Stance:
    """A whole completion's commitment: the final answer's region, and the asserted content
    (reasoning and answer with withdrawn parts removed) the content scorers read."""

    region: Region
    body: str
    """Reasoning and answer as :func:`~acctbench.rewards.parsing.completion_body` joins them,
    withdrawn parts blanked (same length, so reasoning offsets still hold); "" when nothing is asserted."""
    answer: str
    """The answer block (the whole text without one) with withdrawn parts blanked."""
    why: str
    status: str = ASSERTED
    """What the completion as a whole commits to: ``asserted`` or why nothing is credited
    (``negated``, ``retracted``, ``hedged``, ``denied``, ``framed_false``, ``no_answer``)."""

    @property
    def asserted(self) -> bool:
        """Whether the completion asserts anything the content scorers may credit."""
        return bool(self.body.strip())


def _blank(chars: list[str], start: int, end: int) -> None:
    for i in range(max(0, start), min(end, len(chars))):
        if chars[i] != "\n":
            chars[i] = " "


def _ends_sentence(text: str, m: re.Match[str]) -> bool:
    """Whether a ``_SENTENCE_END_RE`` match ends a sentence: the dot of "U.S.", "e.g.", "Dr." does not."""
    return m.group() != "." or not _ABBREVIATION_RE.search(text[max(0, m.start() - 4) : m.start()])


def _sentence_ends(text: str, start: int, stop: int | None = None) -> list[re.Match[str]]:
    """Sentence ends in ``text[start:stop]``."""
    ends = _SENTENCE_END_RE.finditer(text, start, len(text) if stop is None else stop)
    return [m for m in ends if _ends_sentence(text, m)]


def _next_end(text: str, pos: int) -> int:
    """The end of the sentence running at ``pos`` (the text's end when none)."""
    return next((m.end() for m in _SENTENCE_END_RE.finditer(text, pos) if _ends_sentence(text, m)), len(text))


def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    """The sentence around ``pos``: after the previous sentence end, to the next one (inclusive)."""
    window = max(0, pos - 2000)
    ends = _sentence_ends(text, window, pos)
    return (ends[-1].end() if ends else window if window else 0), _next_end(text, pos)


def _through_colon(text: str, end: int) -> int:
    """A span ending in a colon ("..., it would record:") governs what it introduces: up to the
    next blank line."""
    if not text[:end].rstrip().endswith(":"):
        return end
    gap = text.find("\n\n", end)
    return len(text) if gap < 0 else gap


def _segment_bounds(text: str, pos: int) -> tuple[int, int]:
    """The clause around ``pos`` (ends at ``;``, ``.``, ``!``, ``?`` or a line break)."""
    start = 0
    for m in _SEGMENT_END_RE.finditer(text, 0, pos):
        start = m.end()
    nxt = _SEGMENT_END_RE.search(text, pos)
    return start, nxt.end() if nxt else len(text)


def _alnum(text: str) -> int:
    return sum(c.isalnum() for c in text)


def _has_content(chars: Sequence[str], start: int, end: int) -> bool:
    """Whether ``chars[start:end]`` (a string or a list of characters) holds a letter or digit."""
    return any(c.isalnum() for c in chars[max(0, start) : end])


def _starts_with(text: str, pos: int, words: frozenset[str]) -> bool:
    """Whether the text after ``pos`` (skipping spaces and punctuation) opens with one of ``words``."""
    rest = text[pos : pos + 40].lower()
    m = _WORD_RE.search(rest)
    if not m or rest[: m.start()].strip(" \t\n\"'*_-—–:,.") != "":
        return False
    return any(rest[m.start():].startswith(w) and not rest[m.start() + len(w): m.start() + len(w) + 1].isalnum() for w in words)


class _Analysis:
    """Blank what a text does not assert; remember the cue that decided each blanking."""

    def __init__(self, text: str):
        self.cues = load_cues()
        self.text = text
        self.chars = list(text)
        self.status = ASSERTED
        self.cue = ""

    def mark(self, section: str, cue: str, start: int, end: int, cue_span: tuple[int, int] | None = None) -> None:
        """Blank ``[start, end)`` when it holds content besides the cue itself."""
        a, b = cue_span or (end, end)
        if _has_content(self.chars, start, a) or _has_content(self.chars, b, end):
            _blank(self.chars, start, end)
            self.status, self.cue = STATUS_OF[section], cue.strip()

    def kept(self) -> str:
        return "".join(self.chars)

    def withdraw(self, hits: list[Hit], answer_start: int, candidates: list[tuple[int, int]] | None, gold: bool = False) -> None:
        """Retractions, rejections, denials, frames and self-answered questions (``gold``, for a
        gold answer's region: also "no entry is required", "swap the sides" and counterfactuals)."""
        text = self.text
        beliefs = [h for h in hits if h.section == "reported_belief"]
        for h in hits:
            if h.section == "reverse" and _starts_with(text, h.end, self.cues.words["deny_qualifiers"]):
                continue  # "the opposite is true for liabilities": a scoped claim
            if h.section == "hedge_after" and gold:
                continue  # a gold answer kept open is hedged as a whole (analyse_region)
            if h.section in ("retract", "deny_after", "reverse", "hedge_after", "unresolved") or h.section == "deny_entry" and gold:
                self.mark(h.section, h.text, 0, h.end, (h.start, h.end))
            elif h.section in ("reject", "debunk"):
                self._reject(h, beliefs, answer_start, candidates)
            elif h.section == "frame_false" or h.section == "reported_belief" and self._opens(h, answer_start):
                self._frame(h, answer_start)
            elif h.section == "counterfactual" and gold:
                a, b = _segment_bounds(text, h.start)
                self.mark(h.section, h.text, a, _through_colon(text, b), (h.start, h.end))
        self._questions(answer_start)

    def _reject(self, h: Hit, beliefs: list[Hit], answer_start: int, candidates: list[tuple[int, int]] | None) -> None:
        text = self.text
        start, _ = _sentence_bounds(text, h.start)
        before = [b for b in beliefs if b.start < h.start]
        if before:  # "Many think X. That belief is mistaken." / "Some say X, but that is wrong"
            a, _ = _sentence_bounds(text, before[-1].start)
            self.mark("debunk", h.text, a, h.end, (h.start, h.end))
            return
        if h.section == "debunk":
            return
        if candidates is not None:
            prior = [s for s, e in candidates if e <= h.start and s >= answer_start]
            if prior:
                a, _ = _sentence_bounds(text, prior[-1])
                self.mark(h.section, h.text, min(a, start), h.end, (h.start, h.end))
            return
        if text[start:h.start].strip(" \t\n\"'*_-—–:,."):
            self.mark(h.section, h.text, start, h.end, (h.start, h.end))  # "Some record X, but that is wrong; Y"
        else:
            self.mark(h.section, h.text, answer_start if start >= answer_start else 0, h.end, (h.start, h.end))  # "X. That is wrong."

    def _opens(self, h: Hit, answer_start: int) -> bool:
        """Whether a cue opens the answer (after a lead such as "Answer:" or "In short,")."""
        lead = _ANSWER_LEAD_RE.match(self.text, answer_start)
        opens_at = lead.end() if lead else answer_start
        return h.start >= answer_start and not any(c.isalnum() for c in self.text[opens_at : h.start])

    def _frame(self, h: Hit, answer_start: int) -> None:
        text = self.text
        begin, end = _sentence_bounds(text, h.start)
        begin = begin if _alnum(text[begin : h.start]) <= 3 else h.start  # "A frequent mistake is ...": the article goes too
        section = "frame_false" if h.section == "reported_belief" else h.section
        if h.section == "reported_belief":  # "One might think X, but ...": its sentence (or what its colon introduces)
            end = _through_colon(text, end)
        elif self._opens(h, answer_start):
            # A frame that opens the answer governs it, up to a sentence opening with a truth marker.
            while end < len(text) and not _starts_with(text, end, self.cues.phrases["truth_markers"]):
                end = _next_end(text, end + 1)
        else:
            end = _through_colon(text, end)
            if not _has_content(self.chars, h.end, end):  # "... Do not record it.": nothing to govern, so it denies
                self.mark("deny_after", h.text, 0, h.end, (h.start, h.end))
                return
        self.mark(section, h.text, max(begin, answer_start), end, (h.start, h.end))

    def _questions(self, answer_start: int) -> None:
        """A question the text asks itself asserts nothing, unless it answers "yes" at once
        (answered "no", it frames its content as false)."""
        text = self.text
        for m in _QUESTION_RE.finditer(text, max(0, answer_start)):
            if _starts_with(text, m.end(), self.cues.words["yes_replies"]):
                continue
            start, _ = _sentence_bounds(text, max(answer_start, m.start() - 1))
            if _INTERROGATIVE_RE.match(text, answer_start) and "?" not in text[answer_start : m.start()]:
                start = answer_start  # "Is it true that X. Y? No." asks all of it
            denied = _starts_with(text, m.end(), self.cues.words["no_replies"])
            self.mark("question_no" if denied else "question", text[max(start, answer_start) : m.end()][-60:],
                      max(start, answer_start), m.end())


def _adjacent(between: str) -> bool:
    """Whether a cue and a number are next to each other: at most one short word between them,
    and no sentence end."""
    return len(between) <= 16 and bool(_ADJACENT_RE.fullmatch(between))


def _final_word(a: _Analysis, hits: list[Hit], kind: str, n_choices: int) -> None:
    """After the last commit marker ("The answer is", "Final:") that a candidate follows,
    what came before is a draft: blank it (the status is unchanged)."""
    kept = a.kept()
    for h in reversed([h for h in hits if h.section == "commit_markers"]):
        rest = kept[h.end :]
        found = _candidates(rest, kind, n_choices) if kind != "journal" else [(0, 1)] * any(c.isdigit() for c in rest)
        if found:
            _blank(a.chars, 0, h.start)
            return


def _choice_letters(text: str, n: int) -> list[tuple[int, int]]:
    """Letter-like capitals naming an option (not the article "A" or the pronoun "I")."""
    out = []
    for m in _LETTER_RE.finditer(text):
        letter = m.group(1)
        if ord(letter) - ord("A") >= n:
            continue
        if letter in "AI" and m.group() == letter and _ARTICLE_FOLLOW_RE.match(text, m.end()):  # "A)" is no article
            continue
        out.append((m.start(1), m.end(1)))
    return out


def _candidates(text: str, kind: str, n_choices: int) -> list[tuple[int, int]] | None:
    if kind == "numeric":
        return [t.span for t in scan_numbers(text)]
    if kind == "choice":
        return _choice_letters(text, n_choices)
    return None


def _replied_no(cues: Cues, kept: str, start: int, end: int, options: tuple[str, ...]) -> bool:
    """Whether a reply denies the candidate at ``start:end`` ("B - wrong"), unless the reply is
    that option's own text ("B: No" where option B reads "No")."""
    reply = cues.replied_after.match(kept, end)
    if not reply:
        return False
    index = ord(kept[start]) - ord("A") if end - start == 1 else -1
    own = options[index] if 0 <= index < len(options) else None
    return own is None or _WORD_RE.findall(reply.group().lower()) != _WORD_RE.findall(own.lower())


@lru_cache(maxsize=8192)
def analyse_region(text: str, kind: str, n_choices: int = 0, options: tuple[str, ...] = ()) -> Region:
    """What an answer region (the ``<answer>`` block or its fallback) commits to; ``options``
    (a choice item's option texts) keep "B: No" asserted where option B reads "No"."""
    if _is_deferral(text):
        return Region(ASSERTED, "", "")
    a = _Analysis(text)
    cues = a.cues
    hits = list(cues.scan(text))
    candidates = _candidates(text, kind, n_choices)
    a.withdraw(hits, 0, candidates, gold=kind in GOLD_KINDS)
    _final_word(a, hits, kind, n_choices)
    if kind == "journal":  # a table's header line survives a withdrawal: the corrected table still reads
        for m in _TABLE_HEADER_RE.finditer(text):
            a.chars[m.start() : m.end()] = list(m.group())
    kept = a.kept()
    opened = [h for h in hits if h.section == "hedge_after" and _has_content(kept, 0, h.start)]
    if opened:  # "entry; or, equally acceptable: entry", "$500. Or perhaps not."
        return Region("hedged", opened[0].text.strip(), kept)
    if candidates is not None:
        for start, end in candidates:
            pre = kept[max(0, start - 80) : start]
            if cues.negated_before.search(pre) or cues.negated_after.match(kept, end) or _replied_no(cues, kept, start, end, options):
                a.mark("negate", text[max(0, start - 24) : end + 24].strip(), start, end)
        kept = a.kept()
        remaining = _candidates(kept, kind, n_choices) or []
        if remaining:  # what was withdrawn was an alternative: the answer still commits
            a.status = ASSERTED
        hedges = [h for h in hits if h.section in ("hedge_spread", "hedge_open") and kept[h.start : h.end].strip()]
        # A spread qualifies a number next to it ("at least $500", "$500 or so"), not "at least two accounts".
        spread = kind == "numeric" and any(h.section == "hedge_spread" and any(
            s >= h.end and _adjacent(kept[h.end : s]) or e <= h.start and _adjacent(kept[e : h.start])
            for s, e in remaining) for h in hedges)
        letters = {kept[s:e] for s, e in remaining} if kind == "choice" else set()
        asserted = {kept[s:e] for s, e in remaining if cues.affirmed_after.match(kept, e) or _OPENING_LETTER_RE.match(kept[:e + 3])}
        if len(asserted) > 1:  # "D. That said, A is the option that actually fits."
            return Region("hedged", f"several options asserted ({', '.join(sorted(asserted))})", kept)
        if spread or (len(letters) > 1 and any(h.section == "hedge_open" for h in hedges)):
            cue = next(h.text for h in hedges if h.section == ("hedge_spread" if spread else "hedge_open"))
            return Region("hedged", cue.strip(), kept)
    elif kind == "journal":
        # Lines emptied by a withdrawal go, so a table's header still heads its rows.
        kept = "\n".join(line for line in kept.split("\n") if line.strip(" \t:.,;-—–*_|"))
        if any(c.isdigit() for c in kept):
            a.status = ASSERTED  # entry lines remain after what was withdrawn
    return Region(a.status, a.cue, kept)


def _is_deferral(answer: str) -> bool:
    """An answer block that only points elsewhere ("see above", "N/A") states nothing."""
    deferrals = load_cues().words["deferral"]
    plain = answer.strip().lower().strip(" .!:;*_")
    words = " ".join(_WORD_RE.findall(plain))
    if not plain or len(words.split()) > 8:
        return False
    return plain in deferrals or words in deferrals or any(
        " " in d and re.search(rf"(?<!\w){re.escape(d)}(?!\w)", words) for d in deferrals)


@lru_cache(maxsize=8192)
def _stance(kind: str, options: tuple[str, ...], reasoning: str | None, answer: str | None, text: str, reference: str) -> Stance:
    from acctbench.rewards.correctness.region import region_of

    region = analyse_region(region_of(answer, text, kind)[0], kind, len(options), options) if kind in GOLD_KINDS else Region(ASSERTED, "", "")
    text = text if answer is None else answer  # from here on: what the answer is read from
    if answer is not None and not any(c.isalnum() for c in answer):
        return Stance(region, "", "", "no answer outside the reasoning, or an empty one: nothing asserted", "no_answer")
    if answer is not None and _is_deferral(answer):
        return Stance(region, "", "", f"the answer block defers ({answer.strip()[:40]!r}): nothing asserted", "no_answer")
    if region.withdrawn or region.status == "hedged":
        return Stance(region, "", "", f"final answer {region.status.replace('_', ' ')} ({region.cue[:60]}): nothing asserted",
                      region.status)
    parts = [p for p in (reasoning, answer) if p]
    body = "\n".join(parts) or text  # what parsing.completion_body reads
    answer_start = len(body) - len(answer) if answer and parts[-1] is answer else (0 if not parts else len(body))
    shown = text  # the answer block (or what stands for it), else the whole text
    if kind in GOLD_KINDS:  # the final answer decides; its region was read above
        return Stance(region, body, shown, "")
    a = _Analysis(body)
    hits = list(a.cues.scan(body))
    if not hits and "?" not in body[answer_start:]:
        return Stance(region, body, shown, "")
    a.withdraw(hits, answer_start, None)
    if a.status == ASSERTED:
        return Stance(region, body, shown, "")
    kept = a.kept()
    kept_answer = kept[answer_start:] if answer is not None or not parts else shown
    if _alnum(kept[answer_start:]) < LEFT_OVER_SHARE * _alnum(body[answer_start:]):
        return Stance(region, "", "", f"answer {a.status.replace('_', ' ')} ({a.cue[:60]}): nothing asserted", a.status)
    denied = _denied_reference_claim(body[answer_start:], kept[answer_start:], reference)
    if denied:
        return Stance(region, "", "", f"answer {a.status.replace('_', ' ')} a claim of the reference ({denied[:60]}...)",
                      a.status)
    return Stance(region, kept, kept_answer, f"{a.status.replace('_', ' ')} part left out ({a.cue[:60]})")


def _content_words(text: str) -> set[str]:
    return {w for w in _WORD_RE.findall(text.lower()) if len(w) >= 4}


@lru_cache(maxsize=2048)
def _asserted_sentences(reference: str) -> tuple[frozenset[str], ...]:
    """The content words of each sentence a reference asserts (its own frames left out)."""
    a = _Analysis(reference)
    a.withdraw(list(a.cues.scan(reference)), 0, None)
    kept = a.kept()
    sentences, start = [], 0
    for m in _sentence_ends(kept, 0):
        sentences.append(_content_words(kept[start : m.end()]))
        start = m.end()
    sentences.append(_content_words(kept[start:]))
    return tuple(frozenset(s) for s in sentences if len(s) >= MIN_CLAIM_WORDS)


def _denied_reference_claim(original: str, kept: str, reference: str) -> str | None:
    """A withdrawn run of the answer that states a claim the reference asserts ("It is a myth
    that <the reference's claim>"): the answer contradicts the reference, not merely omits it."""
    if not reference:
        return None
    claims = _asserted_sentences(reference)
    for m in _BLANKED_RUN_RE.finditer("".join("x" if o != k else " " for o, k in zip(original, kept))):
        words = _content_words(original[m.start() : m.end()])
        if len(words) >= MIN_CLAIM_WORDS and any(len(words & c) >= CLAIM_OVERLAP * min(len(words), len(c)) for c in claims):
            return " ".join(original[m.start() : m.end()].split())
    return None


def choice_options(item: Any) -> tuple[str, ...]:
    """The option texts of a choice item that a letter can name (at most 26); none otherwise."""
    choices = item.get("choices") if isinstance(item, dict) else None
    return tuple(str(c) for c in choices[:26]) if isinstance(choices, list) else ()


def stance_of(item: Any, parsed: Parsed) -> Stance:
    """The commitment of a parsed completion for ``item`` (cached; never raises on text)."""
    kind = item.get("type") if isinstance(item, dict) else None
    options = choice_options(item)
    ref = item.get("reference") if isinstance(item, dict) else None
    reference = str(ref.get("answer", "")) if kind == "text" and isinstance(ref, dict) else ""
    outside_only = parsed.answer is None and parsed.reasoning is not None and parsed.well_formed
    answer = parsed.outside.strip() if outside_only else parsed.answer  # the working is no answer
    return _stance(str(kind), options, parsed.reasoning, answer, parsed.text, reference)
