"""Request -> analysis spec, in layers: rules, then (only if needed) an LLM, then questions.

Modes (``CHATHEP_PLANNER``): ``parser`` never calls a model; ``auto`` calls it only for what
the rules left open; ``llm`` asks it for the whole draft but keeps every explicit reading of
the rules. When something is ambiguous or does not exist, the plan carries one clarifying
question and no spec: a guessed analysis is worse than a question.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from langchain_core.language_models.chat_models import BaseChatModel

import chathep.regex as re
from chathep.catalog import Catalog, default_catalog
from chathep.config import Settings, get_settings
from chathep.describe import samples_mixed_eras_note, summary
from chathep.errors import ChatHEPError, SpecError
from chathep.knowledge.retrieval import Hit
from chathep.planner import (
    count_words,
    followup_notes,
    multiplot,
    panels,
    regions,
    rewrite,
    silent,
    stated,
    syntax,
)
from chathep.planner import lexicon as lx
from chathep.planner.build import build_spec
from chathep.planner.data_stream import with_stream_note, z_channel_of_the_data
from chathep.planner.decays import decay_products
from chathep.planner.draft import EVENT_QUANTITIES, Draft, get_path, set_path
from chathep.planner.followup import (
    another_plot,
    count_question,
    era_question,
    event_quantity_question,
    followup_words,
    index_question,
    looks_like_followup,
    merge_followup,
    pair_count_question,
    pair_field_question,
    remove_count,
    required_plot_question,
    split_by_count_question,
    vague_question,
)
from chathep.planner.followup_phrases import (
    is_undo,
    rewrite_first,
    rewrite_phrases,
    undo_question,
)
from chathep.planner.parser import ParseResult, parse_request, split_title, split_x_label
from chathep.planner.refine import refine
from chathep.resolve import available_fields, check_spec, trigger_spellings
from chathep.spec import AnalysisSpec

log = logging.getLogger(__name__)

Mode = Literal["parser", "llm", "auto"]
WHAT_TO_PLOT = (
    "What should I plot? For example 'the dimuon mass', 'the leading jet pT above 30 GeV' or "
    "'the number of b-tagged jets in ttbar MC'."
)


@dataclass
class Plan:
    """The planner's answer: a spec, or one clarifying question; plus how it was reached."""

    request: str
    spec: AnalysisSpec | None
    question: str | None
    draft: Draft
    explicit: set[str] = field(default_factory=set)
    from_llm: dict[str, object] = field(default_factory=dict)
    defaults: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)
    mode: str = "auto"
    examples: list[str] = field(default_factory=list)  # worked examples shown to the LLM
    unplaced: list[str] = field(default_factory=list)  # request words not placed in the spec
    #: a request of several plots: one plan per plot, merged into ``spec`` (follow-ups edit each)
    parts: list[Plan] = field(default_factory=list)
    #: histograms under selections of their own (:mod:`chathep.planner.regions`): puts the
    #: parts' plans together again after a follow-up edited each
    combine: Callable[[list[Plan]], regions.Reading] | None = None
    #: the plan this follow-up edited ("undo" goes back to it); None for a first request
    before: Plan | None = None

    @property
    def ok(self) -> bool:
        return self.spec is not None

    def describe(self, catalog: Catalog | None = None) -> str:
        """The plan in words for the user: summary, chosen defaults, notes; or the question."""
        if self.spec is None:
            return self.question or "No plan."
        lines = [summary(self.spec, catalog)]
        if self.defaults:
            lines.append("Chosen for you (say so to change): " + "; ".join(self.defaults) + ".")
        if self.from_llm:
            lines.append(
                "Interpreted by the language model: "
                + ", ".join(f"{k} = {v}" for k, v in self.from_llm.items())
                + "."
            )
        lines += self.notes
        return "\n".join(lines)


def _without_labels(text: str) -> str:
    """The request without the plot title and the x-axis label the user wrote: their words
    ('titled "Leading muon"') are text to print, not an analysis to check."""
    return split_title(split_x_label(text)[1])[1]


def _numbers(value: object) -> set[float]:
    """Every number in a (nested) draft dump."""
    if isinstance(value, bool) or value is None:
        return set()
    if isinstance(value, int | float):
        return {round(float(value), 6)}
    if isinstance(value, dict):
        return set().union(*(_numbers(v) for v in value.values())) if value else set()
    if isinstance(value, list):
        return set().union(*(_numbers(v) for v in value)) if value else set()
    return set()


def _decode_whole(
    text: str,
    parsed: ParseResult,
    mode: str,
    chat_model: BaseChatModel | None,
    catalog: Catalog,
    settings: Settings,
    hits: list[Hit] | None,
) -> tuple[Draft, dict[str, object], list[str], list[str]] | None:
    """The whole draft from a capable model, for a request the rules could not fully place.

    Accepted only where it keeps every explicit reading of the parser (which wins on a
    disagreement) and places every unplaced number; otherwise None, and the user gets the
    question. Models that are not measured useful for this (capability ``whole_spec``) are not
    asked: a confident small model is how a silently wrong plot is made.
    """
    if mode == "parser":
        return None
    from chathep.llm import get_chat_model, has_capability
    from chathep.planner.decode import MAX_TOKENS, decode_draft

    if chat_model is None and not has_capability(settings, "whole_spec"):
        return None
    try:
        model = chat_model or get_chat_model(settings, max_tokens=MAX_TOKENS)
        decoded = decode_draft(
            model, text, hints=parsed, docs=hits, settings=settings, catalog=catalog
        )
    except ChatHEPError as exc:
        log.warning("planner: whole-draft decoding failed: %s", exc)
        return None
    if decoded.draft is None:
        return None
    draft, rejected = decoded.draft, []
    for path in sorted(parsed.explicit):
        ours = get_path(parsed.draft, path)
        if get_path(draft, path) != ours:
            rejected.append(
                f"{path}: the model said {get_path(draft, path)!r}, the request {ours!r}"
            )
            set_path(draft, path, ours)
    wanted = {
        round(float(n), 6)
        for word in parsed.unplaced
        for n in re.findall(r"(?<![\w.])\d+(?:\.\d+)?", word)
    }
    if not wanted <= _numbers(draft.model_dump()):
        return None
    # requirements only on objects the request names (a number put on another object is a
    # misreading, not a placement)
    words = lx.normalise(_without_labels(text))
    named = {kind for pattern, kind, _ in lx.OBJECT_PATTERNS if re.search(pattern, words)}
    if "lepton" in named:
        named |= {"muon", "electron"}
    if set(draft.requirements) - named:
        return None
    try:
        build_spec(draft, catalog)
    except ChatHEPError:
        return None
    fields = {
        k: v
        for k, v in draft.model_dump(exclude_none=True).items()
        if v != parsed.draft.model_dump(exclude_none=True).get(k)
    }
    return draft, fields, rejected, decoded.examples


def _in_context(word: str, text: str) -> str:
    """ "'after' (in "...momentum |p|, maybe after requiring that the electron...")": a single
    word is quoted with the words around it, so the user sees which use of it is meant."""
    if not re.fullmatch(r"[\w-]+", word) or len(text.split()) <= 10:
        return f"'{word}'"  # a phrase, or a short request the user sees whole
    m = re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, flags=re.IGNORECASE)
    if m is None:
        return f"'{word}'"
    left = re.search(r"(?:\S+\s+){0,5}\S*$", text[: m.start()])
    right = re.match(r"\S*(?:\s+\S+){0,5}", text[m.end() :])
    lo = left.start() if left else m.start()
    hi = m.end() + (right.end() if right else 0)
    phrase = " ".join(text[lo:hi].split())
    if phrase.lower() == word.lower():
        return f"'{word}'"
    head = "..." if text[:lo].strip() else ""
    tail = "..." if text[hi:].strip() else ""
    return f"'{word}' (in \"{head}{phrase}{tail}\")"


def unplaced_question(unplaced: list[str], text: str | None = None) -> str:
    """One clarifying question quoting the words no rule placed in the analysis (a single word
    with the request's words around it)."""
    quoted = ", ".join(_in_context(w, text) if text else f"'{w}'" for w in unplaced[:4])
    return (
        f"I could not place {quoted} in the analysis, and I will not guess or drop "
        f"{'it' if len(unplaced) == 1 else 'them'}. Could you rephrase that part? For example "
        "'muons with pT > 25 GeV', 'at least two jets', 'no eta cut' or '40 bins from 0 to 200 "
        "GeV'."
    )


NONSENSE = (
    "I did not understand that as a change to the previous analysis. Say what to change, e.g. "
    "'now log scale', 'use 40 bins', 'require two b-tagged jets' or 'show the electrons "
    "instead'; or ask for a new plot."
)


def these_events_question(words: str) -> str:
    """ "the MET of these events" in a first request: which events (nothing selected them)."""
    return (
        f"Which events do you mean by '{words}'? Nothing before selects them. Please name them, "
        "e.g. 'the MET in events with two opposite-sign muons', or first ask for a plot of "
        "them and then 'now the MET of these events'."
    )


_RERUN = r"\b(?:again|redo|re-?run|same\s+(?:plot|thing|again)|repeat)\b"


def _open_question(open_fields: list[str], draft: Draft) -> str:
    if "quantity" in open_fields:
        return WHAT_TO_PLOT
    if draft.z_candidate:
        return "The Z peak in which channel: Z -> mumu (dimuon) or Z -> ee (dielectron)?"
    return (
        f"The {draft.quantity} of which objects? For example muons, electrons, jets, b-tagged "
        "jets, or pairs such as the dimuon or dijet system."
    )


#: words that say which system a mass belongs to, when no reconstructed object is named
_SYSTEM_WORDS = re.compile(
    r"\b(?:higgs|top|tops|w|z|bosons?|quarks?|hadrons?|mesons?|baryons?|particles?|candidates?"
    r"|tracks?|vertex|vertices|gen|generator|truth|parton|pions?|kaons?|protons?|neutrinos?"
    r"|j\s*/?\s*psi|upsilon|resonances?|systems?|objects?|leptons?|clusters?|met|missing"
    r"|4l|2mu2e|4mu|4e|zz|ww|tt|ttbar)\b"
)


def _stream_pair(
    draft: Draft, catalog: Catalog, open_fields: list[str]
) -> tuple[Draft, str | None]:
    """The draft with the pair of the lepton the data stream records as its object (the field
    removed from ``open_fields``), and that lepton; the draft unchanged and None when the data
    hold both flavours or none."""
    channel = z_channel_of_the_data(draft, catalog)
    if channel is None:
        return draft, None
    open_fields.remove("object")
    return draft.model_copy(update={"object": channel, "pair": True}), channel


#: the words that may stand before a bare "invariant mass" / "mass plot" ("plot the invariant
#: mass", "a mass histogram"); any other word names a system the rules did not read
_BARE_MASS_BEFORE = frozenset((
    "the", "a", "an", "of", "plot", "plots", "draw", "show", "make", "histogram", "histograms",
    "and", "reconstructed", "total", "full", "combined", "observed", "this", "that", "its",
    "their", "same", "me", "us", "please", "get", "produce", "create", "compute", "fill",
    "display", "on", "in", "for", "with", "at", "to", "from", "about", "into",
))  # fmt: skip


def _bare_mass(draft: Draft, text: str) -> bool:
    """An invariant mass with no object and no system named at all ("plot the invariant mass
    histogram on the range 70-110 GeV"): the data stream's lepton pair can be chosen, said."""
    if draft.quantity != "mass" or draft.object is not None or draft.samples:
        return False
    low = text.lower()
    found = re.search(
        r"\binvariant[- ]mass|\bmass\s+(?:spectrum|spectra|histogram|distribution|plot)", low
    )
    if not found:
        return False  # "the mass" alone: too little to choose for the user
    before = re.search(r"([\w'-]+)\W*$", low[: found.start()])
    if before and before.group(1) not in _BARE_MASS_BEFORE:
        return False  # "the mt_tot mass plots", "the foo invariant mass": a system not read
    if any(re.search(pattern, low) for pattern, _, _ in lx.OBJECT_PATTERNS):
        return False
    return _SYSTEM_WORDS.search(low) is None


def _z_events(draft: Draft, catalog: Catalog) -> Draft | str:
    """A Z candidate named beside a plot of something else ("the number of jets in events with
    a Z candidate"): the draft selecting events with a Z -> ll candidate, of the plotted
    lepton's flavour or else of the channel the data records; a question when neither says."""
    channel = draft.object if draft.object in ("muon", "electron") else None
    channel = channel or z_channel_of_the_data(draft, catalog)
    if channel is None:
        return (
            "Events with a Z candidate in which channel: Z -> mumu (a muon pair) or Z -> ee "
            "(an electron pair)?"
        )
    return draft.model_copy(update={"z_decay": channel, "z_candidate": None})


def _model_fills_fields(settings: Settings) -> bool:
    from chathep.llm import has_capability

    return has_capability(settings, "fill_fields")


def plan_request(
    text: str,
    catalog: Catalog | None = None,
    *,
    mode: Mode | None = None,
    chat_model: BaseChatModel | None = None,
    previous: Plan | None = None,
    settings: Settings | None = None,
    check_files: bool = True,
    hits: list[Hit] | None = None,
    as_written: bool = False,
) -> Plan:
    """Plan ``text`` (a new request, or a follow-up to ``previous``) into an analysis spec.

    ``chat_model`` is created from the settings only when the LLM is actually needed.
    ``check_files`` also checks the spec against the branches in the sample files.
    ``hits`` (retrieved knowledge-base chunks) are shown to the LLM step as reference.
    ``as_written`` applies no default object requirement (the "as written" phrase does too).
    A request that lists plots of different things is planned one plot at a time and merged
    (:mod:`chathep.planner.multiplot`); a follow-up to such a plan edits every plot.
    Wordings read one of two ways are read one way and said so (:mod:`chathep.planner.stated`).
    """
    # a web page's markup ("m<sub>SD</sub>, &Delta;&phi;") as its text, once, before the request
    # is split into plots or regions (a ";" of "&Delta;&phi;" is no list separator)
    text = lx.plain_text(text)
    if previous is not None and is_undo(text):
        # "undo", "go back": the plan before the last follow-up, if kept; never invented
        if previous.before is None:
            return Plan(
                text, None, undo_question(previous), previous.draft,
                previous.explicit, mode=previous.mode,
            )  # fmt: skip
        back = previous.before
        note = f"Undone: '{previous.request}'; back to the plan of '{back.request}'."
        notes = [n for n in back.notes if not n.startswith("Undone: ")]
        return dataclasses.replace(back, notes=[*notes, note])
    if previous is not None and not previous.ok and previous.question:
        # "log scale" after a request that was asked about: nothing to draw yet (was: the
        # asked draft's misreading planned, e.g. the isolation plotted, its cut gone)
        alone = parse_request(text, catalog or default_catalog())
        drawing = _DRAWING_FIELDS | {"unit_area", "mc_to_data", "plot_title", "x_label"}
        if alone.explicit and alone.explicit <= drawing and not alone.unplaced:
            return Plan(
                text, None,
                "The request before was not planned yet: I asked about it (\""
                + previous.question.split("\n")[0][:300]
                + "\"). Please answer that, or write the whole request again with this change.",
                previous.draft, previous.explicit, mode=previous.mode,
            )  # fmt: skip
    rewritten, said = stated.rewrite(text)
    if (asked := stated.asked(rewritten)) is not None:  # "events with 1 or 3 jets"
        return Plan(
            text, None, asked, previous.draft if previous else Draft(),
            set(previous.explicit) if previous else set(),
            mode=mode or (settings or get_settings()).planner,
        )  # fmt: skip
    plan = _plan_request(
        rewritten, catalog, mode=mode, chat_model=chat_model, previous=previous,
        settings=settings, check_files=check_files, hits=hits, as_written=as_written,
    )  # fmt: skip
    plan = stated.state(plan, text, said, previous)
    if (
        previous is not None
        and plan.ok
        and previous.draft.object == "emu"
        and plan.draft.pair
        and plan.draft.object in ("muon", "electron")
    ):  # "now the muon eta" after the e-mu mass (was: a dimuon pair's eta, "as before")
        kind = plan.draft.object
        plan = dataclasses.replace(plan, spec=None, question=(
            f"After the e-mu pair: the {kind} of that pair, or a pair of two {kind}s? I can plot "
            f"the e-mu pair's quantities ('now the e-mu pT') or each {kind}'s ('now the eta of "
            f"each {kind}'), but not yet the {kind} of the e-mu pair alone."
        ))  # fmt: skip
    elif (
        previous is not None
        and plan.ok
        and plan.spec is not None
        and previous.draft.object == "emu"
        and plan.draft.object != "emu"
        and not any(
            {"Muon", "Electron"} <= {plan.spec.object(i).source for i in c.inputs}
            for c in plan.spec.combinations
        )
    ):  # "now the leading lepton pT" after the e-mu mass (was: only "Switched from emu ...")
        plan = dataclasses.replace(plan, notes=[*plan.notes, (
            "The e-mu pair required before is not carried over: every event that passes this "
            "plan's own requirements is used (say '... in events with an opposite-charge e-mu "
            "pair' to keep that requirement)."
        )])  # fmt: skip
    if (
        previous is not None
        and plan.ok
        and plan.spec == previous.spec
        and any(n.startswith("Switched from ") for n in plan.notes)
    ):  # "now dielectron events" after "MET in events with exactly two muons": nothing changed
        # but a note said it switched (was: the same plan, "Switched from nothing to electron")
        plan = dataclasses.replace(plan, spec=None, question=(
            f"'{text.strip()}': I could not work out what to change in the plan shown (it "
            "would stay the same). Could you say it as a change, e.g. 'require exactly two "
            "opposite-sign muons' or 'now plot the leading jet pT'?"
        ))  # fmt: skip
    these = re.search(lx.THESE_EVENTS, lx.normalise(text)) if previous is None else None
    if these is not None and plan.ok:
        # "Plot the MET of these events" alone: no sentence chose them (was: every event); a
        # request refused for another reason keeps its own answer ("make a tree of ...")
        return dataclasses.replace(
            plan, spec=None, question=these_events_question(these.group(0).strip())
        )
    plan = with_stream_note(plan, catalog or default_catalog())
    plan = stated.eras_mixed(plan, catalog or default_catalog())
    if previous is None and not plan.ok and plan.unplaced:
        plan = _restated(plan, catalog, mode, chat_model, settings, check_files, as_written)
    if previous is not None and plan.ok:
        plan = dataclasses.replace(plan, before=previous)
    return plan


def _restated(
    plan: Plan,
    catalog: Catalog | None,
    mode: Mode | None,
    chat_model: BaseChatModel | None,
    settings: Settings | None,
    check_files: bool,
    as_written: bool,
) -> Plan:
    """A request whose words the rules could not all place: with a model that can restate it
    (capability ``rewrite``), the rules' plan of the restatement if every check passes
    (:mod:`chathep.planner.rewrite`); else the question stands."""
    settings = settings or get_settings()
    if (mode or settings.planner) == "parser":
        return plan
    from chathep.llm import has_capability

    if chat_model is None and not has_capability(settings, "rewrite"):
        return plan
    try:
        model = chat_model
        if model is None:
            from chathep.llm import get_chat_model

            model = get_chat_model(settings, max_tokens=120)
    except ChatHEPError as exc:  # no model installed: the question stands
        log.warning("planner: no model to restate the request: %s", exc)
        return plan

    def plan_rules(line: str) -> Plan:
        return plan_request(
            line, catalog, mode="parser", settings=settings, check_files=check_files,
            as_written=as_written,
        )  # fmt: skip

    return rewrite.restate(model, plan, plan_rules) or plan


def _plan_request(
    text: str,
    catalog: Catalog | None = None,
    *,
    mode: Mode | None = None,
    chat_model: BaseChatModel | None = None,
    previous: Plan | None = None,
    settings: Settings | None = None,
    check_files: bool = True,
    hits: list[Hit] | None = None,
    as_written: bool = False,
) -> Plan:
    """:func:`plan_request` of the (plain, :mod:`~chathep.planner.stated`-rewritten) text."""
    catalog = catalog or default_catalog()
    settings = settings or get_settings()
    kwargs = dict(
        mode=mode, chat_model=chat_model, settings=settings, check_files=check_files,
        hits=hits, as_written=as_written,
    )  # fmt: skip
    # a ROOT / RDataFrame / MadAnalysis 5 / CutLang line: read literally, as its tool does
    translated = syntax.translate_all(text)
    if len(translated) == 1:
        return _plan_translated(text, translated[0], catalog, **kwargs)  # type: ignore[arg-type]
    if translated:  # several histogram lines: one plot each, one analysis if they can share it
        plans = [_plan_translated(text, tr, catalog, **kwargs) for tr in translated]  # type: ignore[arg-type]
        failed = next((p for p in plans if not p.ok), None)
        if failed is not None:
            return failed
        merged = _merged(text, plans, mode or settings.planner)
        if merged is not None:
            return merged
        return Plan(
            text, None, f"The {len(plans)} histogram lines select different events or objects, "
            "so they cannot be one analysis. Shall I make them one at a time? Send one line per "
            "request.", plans[0].draft, mode=mode or settings.planner,
        )  # fmt: skip
    if previous is None and (ranks := multiplot.split_ranks(text)) is not None:
        # "the pT of up to three jets": one plot per rank (was: a cut "<= 3 jets", or asked)
        plans = [_plan_one(r, catalog, **kwargs) for r in ranks[0]]  # type: ignore[arg-type]
        if all(p.ok and not p.unplaced for p in plans):
            merged = _merged(text, plans, mode or settings.planner)
            if merged is not None:
                return dataclasses.replace(merged, notes=[ranks[1], *merged.notes])
    # the same quantity under several selections (before/after a cut, channels, N-1)
    followup = previous is not None and looks_like_followup(text, parse_request(text, catalog))
    reading = None
    if previous is not None and previous.combine is not None and followup:
        parts = [_plan_one(text, catalog, previous=p, **kwargs) for p in previous.parts]
        reading = regions.recombine(previous.combine, parts, followup=True)
    elif not followup:
        reading = regions.read_regions(
            text,
            lambda r: _plan_one(r, catalog, **kwargs),
            panels.read_panels,
            count_words.read_per_count,
        )
    if reading is not None:
        draft = reading.parts[0].draft if reading.parts else parse_request(text, catalog).draft
        return Plan(
            text, reading.spec, reading.question, draft, notes=reading.notes,
            defaults=reading.defaults, mode=mode or settings.planner,
            unplaced=reading.unplaced, parts=reading.parts if reading.spec else [],
            combine=reading.combine,
        )  # fmt: skip
    if previous is not None and (drawn := _drawing_of_a_plot(text, previous, catalog, kwargs)):
        return drawn
    if previous is not None and (added := _added_plot(text, previous, catalog, kwargs)):
        return added
    if previous is not None and previous.parts and previous.combine is None:
        dropped = multiplot.dropped_part(text, [p.draft.quantity for p in previous.parts])
        if isinstance(dropped, str):
            return Plan(text, None, dropped, previous.draft, previous.explicit,
                        mode=mode or settings.planner)  # fmt: skip
        if dropped is not None:  # "drop the mass histogram": the other plots, as they were
            rest = [p for n, p in enumerate(previous.parts) if n != dropped]
            note = f"Dropped the plot '{previous.parts[dropped].request}'; the others are kept."
            if len(rest) == 1:
                return dataclasses.replace(rest[0], notes=[note, *rest[0].notes], before=previous)
            merged = _merged(text, rest, mode or settings.planner)
            if merged is not None:
                return dataclasses.replace(merged, notes=[note, *merged.notes], before=previous)
    if previous is not None and previous.parts and previous.combine is None:
        kept = multiplot.only_part(
            text, [p.draft for p in previous.parts], lambda w: parse_request(w, catalog).draft
        )
        if kept is not None:  # "only the leading jet pT": that plot, the others dropped
            part = previous.parts[kept]
            note = f"Kept only the plot '{part.request}'; the others are dropped."
            return dataclasses.replace(part, notes=[note, *part.notes], before=previous)
        requests = [p.request for p in previous.parts]
        if (one_edit := multiplot.one_plot_edit(text, requests)) is not None:
            # "log scale for the muon pT only": that plot's drawing, the others as they were
            k, edit = one_edit
            edited = _plan_one(edit, catalog, previous=previous.parts[k], **kwargs)  # type: ignore[arg-type]
            plans = [edited if n == k else p for n, p in enumerate(previous.parts)]
            merged = _merged(text, plans, mode or settings.planner)
            if merged is not None and edited.spec is not None:
                before = previous.parts[k].spec
                if before is not None and edited.spec.model_dump(exclude={"histograms"}) == (
                    before.model_dump(exclude={"histograms"})
                ):  # the drawing only: the events and objects of that plot are as they were
                    note = f"'{edit}' applied to the plot '{requests[k]}' only."
                    return dataclasses.replace(
                        merged, notes=[note, *merged.notes[1:]], before=previous
                    )
    if previous is not None and previous.parts:
        if looks_like_followup(text, parse_request(text, catalog)):
            plans = [_plan_one(text, catalog, previous=p, **kwargs) for p in previous.parts]
            switched = followup_notes.switch_question(
                text, [p.draft.object for p in previous.parts], [p.draft.object for p in plans]
            )
            if switched is not None and all(p.ok for p in plans):
                return Plan(
                    text, None, switched, previous.draft, previous.explicit,
                    mode=mode or settings.planner,
                )  # fmt: skip
            if (one := _one_plot_named(text, previous.parts, plans)) is not None:
                return Plan(
                    text, None, one, previous.draft, previous.explicit,
                    mode=mode or settings.planner,
                )  # fmt: skip
            merged = _merged(text, plans, mode or settings.planner, followup=True)
            if merged is not None:
                return merged
            failed = next((p for p in plans if not p.ok), None)
            if failed is not None:
                return failed
            # every plot took the change, but the plots no longer fit one analysis
            return Plan(
                text, None, _unmergeable_question(plans), previous.draft, previous.explicit,
                mode=mode or settings.planner,
            )  # fmt: skip
        previous = None
    fresh = (
        previous is not None
        and previous.ok
        and not looks_like_followup(text, parse_request(text, catalog))
        and remove_count(text, previous.draft) is None
        and multiplot.removed_extra_plot(text, previous.draft) is None
        and multiplot.removed_event_cut(text, previous.draft) is None
    )
    plan = _plan_one(text, catalog, previous=previous, **kwargs)
    if fresh and plan.ok and previous is not None and previous.spec != plan.spec:
        # "the muon pt" after a ttbar e-mu plan: a complete request starts again (was: the
        # earlier cuts and samples gone, no word)
        plan = dataclasses.replace(plan, notes=[
            *plan.notes,
            "Read as a new request: nothing of the previous plan is carried over (start with "
            "'now', e.g. 'now the muon pT', to change the plot shown and keep its selection).",
        ])  # fmt: skip
    if previous is None and not plan.ok:
        # "look for decays to 4 muons": nothing else to plot, the mass of the decay products
        # (or only their charges, "two positively charged muons and two negatively charged")
        read = decay_products(text)
        quantity = plan.draft.quantity if plan.draft is not None else None
        if read is not None and (quantity is None or read[2] and quantity == "branch"):
            decayed = _plan_one(read[0], catalog, **kwargs)
            if decayed.ok:
                plan = dataclasses.replace(decayed, request=text, notes=[*decayed.notes, read[1]])
    if plan.ok and previous is None:
        # (a follow-up that adds the MET to the plot shown: both of the events shown)
        plan = _own_events(plan)
    elif (
        plan.ok
        and previous is not None
        and previous.spec is not None
        and any(h.steps is not None for h in previous.spec.histograms)
        and plan.draft.also == previous.draft.also
    ):  # "log scale" after "the leading muon pT and the MET": the MET still of every event
        # (was: filled only from the events with a muon, no word)
        plan = _own_events(plan)
    if plan.ok and previous is None and (folded := panels.folded(text, plan.spec)) is not None:
        # the panels in one histogram: asked, unless they split into plots of their own below
        plan = dataclasses.replace(plan, spec=None, question=folded)
    if plan.ok and previous is None and (kinds := multiplot.kind_pair(text)) is not None:
        # "the pT of the jets and the electrons with pT > 30": one plot of each kind (below), not
        # the jets' pT with the electrons only cleaning them (was: the electrons' plot dropped)
        plan = dataclasses.replace(
            plan,
            spec=None,
            question=f"'{kinds}': one plot of each? Say e.g. 'the jet pT and the electron pT' "
            "(and which cuts are of which objects).",
        )
    if plan.ok or (
        previous is not None and looks_like_followup(text, parse_request(text, catalog))
    ):
        return plan
    if plan.question and silent.one_quantity_two_definitions(lx.normalise(text), plan.draft):
        return plan  # "the number of muons and of isolated muons": not two plans of one muon
    for split in (multiplot.split_plots, multiplot.split_list):
        requests = split(text)
        if not requests or multiplot.binning_of_last_only(requests):
            continue
        if plan.draft is not None and plan.draft.zz:  # "m4l, mZ1 and mZ2": all of the ZZ pairs
            requests = [_of_zz(r, catalog) for r in requests]
        plans = [_plan_one(r, catalog, **kwargs) for r in requests]
        if all(p.ok and not p.unplaced for p in plans):
            merged = _merged(text, plans, plan.mode)
            if merged is not None:
                return merged
    return plan


def _met_type_only(text: str, previous: Draft, update: ParseResult) -> None:
    """ "use PUPPI MET" after "the dimuon mass with MET < 40": the MET type of the cut changes,
    the plot stays (was: the MET plotted instead, the dimuon mass gone). ``update`` is changed
    in place: its quantity is no longer said."""
    d = update.draft
    if (
        "quantity" in update.explicit
        and d.quantity == "met"
        and {"puppi_met", "met_source"} & update.explicit
        and previous.quantity not in (None, "met")
        and (
            previous.met_min is not None
            or previous.met_max is not None
            or previous.quantity == "mt"  # "use PUPPI MET" after the mT of the muon and MET
            or bool(previous.with_met)  # ... after the delta phi of the leading jet and the MET
        )
        and (
            re.match(
                r"\s*(?:(?:now|then|and|ok|okay|please)[\s,]+)*(?:use|switch\s+to|take"
                r"|change\s+to|go\s+with|with)\b",
                text,
                re.IGNORECASE,
            )
            or re.fullmatch(  # "PUPPI MET instead"
                r"\s*(?:(?:now|then|and|ok|okay|please)[\s,]+)*(?:the\s+)?[\w-]+\s*met\s+instead"
                r"\s*[.!]?\s*",
                text,
                re.IGNORECASE,
            )
        )
    ):
        update.explicit.discard("quantity")
        d.quantity = None


def _z_window_only(previous: Draft, update: ParseResult) -> None:
    """ "Z window 70-110", "Z mass between 80 and 100" after "the leading muon pT for events
    with a Z candidate": the Z candidate's mass window, the plot kept (was: the muon pT axis
    70-110, or the Z mass plotted instead, the window still 60-120). ``update`` is changed in
    place."""
    d = update.draft
    if previous.quantity == "mass" and previous.pair:
        return  # "Z window 70-110" after the dimuon mass: the plotted mass's range
    if not d.z_candidate or d.start is None or d.stop is None or d.object is not None:
        return
    if update.explicit - {"start", "stop", "z_candidate", "quantity"}:
        return
    d.pair_mass_min, d.pair_mass_max = d.start, d.stop
    d.start = d.stop = None
    d.quantity = None
    if previous.z_decay:
        d.z_candidate = None  # the Z candidate of the plan: its window only
    update.explicit = (update.explicit - {"start", "stop", "z_candidate", "quantity"}) | {
        "pair_mass_min",
        "pair_mass_max",
    }
    update.notes.append(
        f"Read as the Z candidate's mass window: {d.pair_mass_min:g} < m(ll) < "
        f"{d.pair_mass_max:g} GeV; the plot is unchanged."
    )


#: what a follow-up may say to redraw a plot it names ("dimuon mass: 50 bins")
_DRAWING_FIELDS = {"bins", "start", "stop", "log_y", "log_x", "bin_width", "edges", "density"}
_NAMING_FIELDS = {"quantity", "object", "pair", "index"}


def _drawing_of_a_plot(
    text: str, previous: Plan, catalog: Catalog, kwargs: dict[str, object]
) -> Plan | None:
    """ "dimuon mass: 50 bins", "MET range 0 to 500", "the leading jet pT from 0 to 1000": a
    follow-up that names a plot shown and only how to draw it redraws that plot, its events and
    the other plots kept (was: a new plan of that quantity alone, the selection and the other
    plots gone, no note). None when the words say more, or name no single plot shown."""
    if not previous.ok or previous.combine is not None:
        return None
    parsed = parse_request(text, catalog)
    said = parsed.explicit
    if parsed.question or parsed.unplaced or "quantity" not in said:
        return None
    if not said & _DRAWING_FIELDS or said - _DRAWING_FIELDS - _NAMING_FIELDS:
        return None
    d = parsed.draft
    parts = previous.parts or [previous]

    def names(p: Plan) -> bool:
        q = p.draft
        return (
            not q.also
            and q.quantity == d.quantity
            and (d.quantity in EVENT_QUANTITIES or q.object == d.object)
            and bool(q.pair) == bool(d.pair)
            and ("index" not in said or q.index == d.index)
        )

    matches = [k for k, p in enumerate(parts) if p.ok and names(p)]
    if len(matches) != 1:
        return None
    k = matches[0]
    edited = _plan_one(f"now {text}", catalog, previous=parts[k], **kwargs)  # type: ignore[arg-type]
    before = parts[k].spec
    if edited.spec is None or before is None or edited.unplaced:
        return None
    if edited.spec.model_dump(exclude={"histograms", "title"}) != before.model_dump(
        exclude={"histograms", "title"}
    ):
        return None  # more than the drawing changed
    if not previous.parts:
        note = f"'{text}': the plot shown redrawn; its selection is kept."
        return dataclasses.replace(edited, notes=[note, *edited.notes], before=previous)
    plans = [edited if n == k else p for n, p in enumerate(parts)]
    merged = _merged(text, plans, str(kwargs.get("mode") or previous.mode))
    if merged is None:
        return None
    note = f"'{text}' applied to the plot '{parts[k].request}' only."
    return dataclasses.replace(merged, notes=[note, *merged.notes[1:]], before=previous)


def _keeps_the_events(before: AnalysisSpec | None, after: AnalysisSpec | None) -> bool:
    """Whether ``after`` selects the events of ``before``: each pair it required (the same
    objects and charge), a cut on each quantity it cut on, and each trigger step are in it.
    (Counts of objects may differ: "now the number of jets" keeps the pair, not ">= 2 muons".)"""
    if before is None or after is None:
        return False

    def pairs(spec: AnalysisSpec) -> set[tuple[object, ...]]:
        combs = {c.name: c for c in spec.combinations}
        return {
            (tuple(sorted(combs[s.count].inputs)), combs[s.count].charge)
            for s in spec.selection if s.count in combs
        }  # fmt: skip

    def cuts(spec: AnalysisSpec) -> set[str]:  # (a cut on the same quantity may be tightened)
        return {s.observable or s.name for s in spec.selection if s.observable or s.triggers}

    return pairs(before) <= pairs(after) and cuts(before) <= cuts(after)


def _added_plot(
    text: str, previous: Plan, catalog: Catalog, kwargs: dict[str, object]
) -> Plan | None:
    """ "also the number of jets", "and the HT too" after the dimuon mass: a plot of other
    objects added to the plot shown, filled from the previous plot's events (the reading of
    "now the number of jets"); the two plots are one analysis, as if asked together. None when
    the follow-up adds no plot of other objects, or the plots cannot share one analysis (then
    the follow-up is read as before: asked)."""
    if not previous.ok or previous.combine is not None:
        return None
    parts = previous.parts or [previous]
    base = parts[0]  # of several plots: the added one is filled from the first plot's events
    if not base.ok:
        return None
    core = multiplot.added_plot_words(text)
    if core is None or not looks_like_followup(text, parse_request(text, catalog)):
        return None
    update = parse_request(
        followup_words(text, base.draft), catalog, followup=True,
        context_object=base.draft.object,
    )  # fmt: skip
    u = update.draft
    jet_sum = (
        "quantity" in update.explicit and u.quantity in ("ht", "mht") and base.draft.object != "jet"
    )  # "and the HT too" after the dimuon mass or the MET (was: an invalid spec)
    # "also the MET from 0 to 500", "also the MET for events with MET > 100": the words after
    # the added event quantity are its own (was: the binning or the cut applied to every plot)
    own_words = u.quantity in EVENT_QUANTITIES and bool(
        update.explicit - {"quantity", "object", "pair", "index", "puppi_met", "met_source"}
    )
    if another_plot(base.draft, update, text) is None and not jet_sum and not own_words:
        return None
    new = _plan_one(f"now {core}", catalog, previous=base, **kwargs)  # type: ignore[arg-type]
    if not new.ok or new.unplaced or not _keeps_the_events(base.spec, new.spec):
        return None
    mode = str(kwargs.get("mode") or previous.mode)
    merged = _merged(text, [*parts, new], mode)
    if merged is None:
        return None
    note = f"Added a plot of {core} to the plot of '{base.request}', filled from the same events."
    notes = [n for n in merged.notes[1:] if not n.startswith("Switched from ")]  # both plotted
    return dataclasses.replace(merged, notes=[note, *notes], before=previous)


def _own_events(plan: Plan) -> Plan:
    """ "the leading jet pT and the MET": an event quantity listed beside an object's quantity
    is of every event (asked alone it would be), not only of the events that have the plotted
    object: the steps the plotted object alone needs (">= 1 jets" for the leading jet, the
    pair for a pair's quantity) are left out of the event quantity's histogram
    (``Histogram.steps``), as "the dimuon mass and the leading jet pT" fills each plot from its
    own events (:func:`multiplot.merge_specs`). A count the request states ("in events with
    at least one jet") is every plot's; the plan is unchanged when nothing is left out."""
    draft, spec = plan.draft, plan.spec
    if spec is None or draft.object is None or draft.quantity in EVENT_QUANTITIES:
        return plan
    if not any(q in EVENT_QUANTITIES for q in draft.also or []):
        return plan
    req = draft.requirements.get(draft.object)  # type: ignore[call-overload]
    if req is not None and (req.min_count is not None or req.max_count is not None):
        return plan  # "in events with at least one jet": stated, every plot's
    first = spec.observable(spec.histograms[0].observable)
    plotted = {first.of} if first.of else set()
    comb = next((c for c in spec.combinations if c.name == first.of), None)
    if comb is not None:
        plotted |= set(comb.inputs)
    own = [
        s for s in spec.selection if s.count in plotted and s.op == ">=" and s.observable is None
    ]
    if not own or any(h.steps is not None for h in spec.histograms):
        return plan
    kept = [s.name for s in spec.selection if s not in own]
    for step in spec.selection:  # a kept cut on the plotted candidate needs it: one selection
        if step.name in kept and step.observable and spec.observable(step.observable).of in plotted:
            return plan
    every = [s.name for s in spec.selection]
    histograms = []
    events = []
    for h in spec.histograms:
        if spec.observable(h.observable).kind in ("met", "npv", "pv"):
            histograms.append(h.model_copy(update={"steps": kept}))
            events.append(h.name)
        else:
            histograms.append(h.model_copy(update={"steps": every}))
    note = (
        f"{' and '.join(repr(e) for e in events)} filled from every event that passes the "
        "event selection, as if asked alone; the other histograms only from the events with "
        f"what they plot ({', '.join(repr(s.name) for s in own)})."
    )
    new = spec.model_copy(update={"histograms": histograms})
    return dataclasses.replace(plan, spec=new, notes=[*plan.notes, note])


def _plan_translated(text: str, tr: syntax.Translation, catalog: Catalog, **kwargs: object) -> Plan:
    """The plan of a tool's histogram line (:mod:`chathep.planner.syntax`): its literal
    translation planned as a new request, the translation stated; or the line's question."""
    settings = kwargs["settings"]
    assert isinstance(settings, Settings)
    mode = str(kwargs.get("mode") or settings.planner)
    if tr.question is not None or tr.text is None:
        return Plan(text, None, tr.question or WHAT_TO_PLOT, Draft(), mode=mode)
    plan = plan_request(tr.text, catalog, **kwargs)  # type: ignore[arg-type]
    note = tr.note()
    if tr.comment:
        said = parse_request(tr.comment, catalog).draft
        question = syntax.contradiction(
            tr, (plan.draft.object, plan.draft.quantity), (said.object, said.quantity)
        )
        if question is not None:
            return Plan(text, None, question, plan.draft, plan.explicit, mode=mode)
        note += f" Its comment/title '{tr.comment}' is commentary (it agrees with the code)."
    if not plan.ok:
        plan.question = f"{note} {plan.question}"
    plan.notes.insert(0, note)
    return plan


def _one_plot_named(text: str, before: list[Plan], after: list[Plan]) -> str | None:
    """ "drop the mass histogram", "use 50 bins for the mass" after "the dimuon mass and the
    leading muon pT": the follow-up names one plot's quantity, and applied to each plot it
    would turn every plot into that one (was: two dimuon-mass plots, the muon pT dropped, no
    note). Asked."""
    changed = [
        (b, a)
        for b, a in zip(before, after, strict=True)
        if a.ok and b.draft.quantity != a.draft.quantity  # ("now for electrons": each plot's)
    ]
    if not changed:
        return None
    plots = "; ".join(f"'{p.request}'" for p in before)
    return (
        f"This plan has {len(before)} plots ({plots}), and '{text}' would change what one of "
        "them plots. I cannot edit one plot of several yet: please ask for the plots again as "
        "you want them, in one request."
    )


def _unmergeable_question(plans: list[Plan]) -> str:
    """Why a follow-up leaves the plots of a request unable to share one analysis."""
    try:
        multiplot.merge_specs([p.spec for p in plans if p.spec is not None])
        reason = "they no longer agree"
    except (multiplot.MergeError, ValueError) as exc:
        reason = str(exc).splitlines()[0]
    return (
        f"With that change the {len(plans)} plots cannot be one analysis ({reason}). Should I "
        "apply it to one plot only? Name the plot, or ask for the plots one at a time."
    )


def _of_zz(request: str, catalog: Catalog) -> str:
    """One plot of a request that pairs four leptons into two Z candidates: a four-lepton plot
    that does not say so itself ("m4l" of "m4l, mZ1 and mZ2") is of the ZZ candidates too."""
    draft = parse_request(request, catalog).draft
    return f"{request} of the ZZ candidates" if draft.size == 4 and not draft.zz else request


def _merged(text: str, plans: list[Plan], mode: str, *, followup: bool = False) -> Plan | None:
    """One plan of several plots' plans; None when they cannot share one analysis (then the
    caller asks: the single-plan question). ``followup``: each plan is the follow-up ``text``
    applied to one plot of the previous plan; its notes are said once
    (:mod:`chathep.planner.followup_notes`)."""
    if not all(p.ok for p in plans):
        return None
    try:
        spec, said = multiplot.merge_specs([p.spec for p in plans if p.spec is not None])
    except (multiplot.MergeError, ValueError) as exc:
        log.info("planner: plots not merged: %s", exc)
        return None
    first = plans[0]
    defaults = list(dict.fromkeys(d for p in plans for d in p.defaults))
    if followup:
        notes = [followup_notes.applied_note(text, len(plans))]
        notes += followup_notes.said_once([n for p in plans for n in p.notes]) + said
    else:
        notes = [
            f"Read as {len(plans)} plots, one histogram each: "
            + "; ".join(f"'{p.request}'" for p in plans)
            + "."
        ]
        notes += list(dict.fromkeys(n for p in plans for n in p.notes)) + said
    return Plan(
        text, spec, None, first.draft, first.explicit, {}, defaults, notes, [], mode,
        parts=plans,
    )  # fmt: skip


def _plan_one(
    text: str,
    catalog: Catalog,
    *,
    mode: Mode | None = None,
    chat_model: BaseChatModel | None = None,
    previous: Plan | None = None,
    settings: Settings | None = None,
    check_files: bool = True,
    hits: list[Hit] | None = None,
    as_written: bool = False,
    phrased: bool = False,
) -> Plan:
    """One plot's plan (see :func:`plan_request`); ``phrased``: the follow-up's common phrases
    are already written out (:mod:`chathep.planner.followup_phrases`)."""
    settings = settings or get_settings()
    mode = mode or settings.planner
    if previous is None and not phrased:
        # "the leading jet pT with no b-jets", "the HT of only central jets": read as the same
        # phrases in a follow-up are, where the request is not planned without them
        plan = _plan_one(
            text, catalog, mode=mode, chat_model=chat_model, settings=settings,
            check_files=check_files, hits=hits, as_written=as_written, phrased=True,
        )  # fmt: skip
        if plan.ok or (first := rewrite_first(text, catalog)) is None:
            return plan
        if isinstance(first, str):
            return Plan(text, None, first, plan.draft, plan.explicit, mode=mode)
        again = _plan_one(
            first[0], catalog, mode=mode, chat_model=chat_model, settings=settings,
            check_files=check_files, hits=hits, as_written=as_written, phrased=True,
        )  # fmt: skip
        if not again.ok:
            return plan
        return dataclasses.replace(again, request=text, notes=[*first[1], *again.notes])
    if previous is not None and previous.ok and not phrased:
        # "twice as many bins", "only central jets", "veto b-jets": one literal reading, stated
        words = rewrite_phrases(text, previous, catalog)
        if isinstance(words, str):
            return Plan(text, None, words, previous.draft, previous.explicit, mode=mode)
        if words[0] != text:
            plan = _plan_one(
                words[0], catalog, mode=mode, chat_model=chat_model, previous=previous,
                settings=settings, check_files=check_files, hits=hits, as_written=as_written,
                phrased=True,
            )  # fmt: skip
            return dataclasses.replace(plan, request=text, notes=[*words[1], *plan.notes])
    parsed = parse_request(text, catalog)
    notes: list[str] = []
    from_llm: dict[str, object] = {}
    rejected: list[str] = []
    examples: list[str] = []
    # "drop the b-jet requirement": the count taken back, the plot kept (the words name no plot)
    removal = remove_count(text, previous.draft) if previous is not None else None
    if removal is None and previous is not None:  # "drop the MET plot": that histogram
        removal = multiplot.removed_extra_plot(text, previous.draft)
    if removal is None and previous is not None:  # "drop the MET cut": that cut
        removal = multiplot.removed_event_cut(text, previous.draft)
    if removal is None and previous is not None:  # "only the muon pT": the first plot alone
        removal = multiplot.kept_only_main_plot(
            text, previous.draft, lambda words: parse_request(words, catalog).draft
        )
    if removal is None and previous is not None:  # "drop the MET plot" of a plot of no MET
        plotted = [q for q in (previous.draft.quantity, *(previous.draft.also or [])) if q]
        removal = multiplot.dropped_plot_question(text, plotted)
    if isinstance(removal, str):
        assert previous is not None
        return Plan(text, None, removal, previous.draft, previous.explicit, mode=mode)
    if removal is not None:
        assert previous is not None
        draft, explicit = removal[0], set(previous.explicit)
        notes.append(removal[1])
        open_fields: list[str] = []
    elif previous is not None and looks_like_followup(text, parsed):
        if (vague := vague_question(text)) is not None:
            return Plan(text, None, vague, previous.draft, previous.explicit, mode=mode)
        # an answer to "which objects?" names the plotted object even if it carries a cut
        answering = (
            previous.draft.object is None and previous.draft.quantity not in EVENT_QUANTITIES
        )
        update = parse_request(
            followup_words(text, previous.draft),
            catalog,
            followup=not answering,
            context_object=previous.draft.object,
        )
        if update.question:
            return Plan(text, None, update.question, previous.draft, previous.explicit, mode=mode)
        _met_type_only(text, previous.draft, update)
        _z_window_only(previous.draft, update)
        if (
            previous.draft.with_met
            and update.draft.quantity in ("delta_r", "delta_eta")
            and "object" not in update.explicit
        ):  # "show delta R instead" after the delta phi of the leading jet and the MET: the MET
            # has no eta (was: the delta R of two jets, with one jet required)
            return Plan(
                text, None,
                "The MET has no eta, so there is no delta R (or delta eta) with it. Between "
                "which objects should I take it, e.g. 'the delta R between the two leading "
                "jets'?",
                previous.draft, previous.explicit, mode=mode,
            )  # fmt: skip
        if (second := another_plot(previous.draft, update, text)) is not None:
            return Plan(text, None, second, previous.draft, previous.explicit, mode=mode)
        if (kept := required_plot_question(previous.draft, update, text)) is not None:
            return Plan(text, None, kept, previous.draft, previous.explicit, mode=mode)
        if (split := split_by_count_question(previous.draft, update, text)) is not None:
            return Plan(text, None, split, previous.draft, previous.explicit, mode=mode)
        if (moved := era_question(previous.draft, update, catalog)) is not None:
            return Plan(text, None, moved, previous.draft, previous.explicit, mode=mode)
        if (which := index_question(previous.draft, update)) is not None:
            return Plan(text, None, which, previous.draft, previous.explicit, mode=mode)
        if (events := event_quantity_question(previous.draft, update)) is not None:
            return Plan(text, None, events, previous.draft, previous.explicit, mode=mode)
        if (events := pair_count_question(previous.draft, update)) is not None:
            return Plan(text, None, events, previous.draft, previous.explicit, mode=mode)
        if update.unplaced:
            return Plan(
                text, None, unplaced_question(update.unplaced, text), previous.draft,
                previous.explicit, mode=mode, unplaced=update.unplaced,
            )  # fmt: skip
        if (whose := pair_field_question(previous.draft, update, text)) is not None:
            return Plan(text, None, whose, previous.draft, previous.explicit, mode=mode)
        if not update.explicit and not re.search(_RERUN, text, re.IGNORECASE):
            return Plan(text, None, NONSENSE, previous.draft, previous.explicit, mode=mode)
        draft, explicit, merge_notes = merge_followup(
            previous.draft, previous.explicit, update, catalog, text=text
        )
        if (empty := count_question(draft)) is not None:
            return Plan(text, None, empty, previous.draft, previous.explicit, mode=mode)
        if (closest := silent.closest_unread(text.lower(), draft)) is not None:
            return Plan(text, None, closest, previous.draft, previous.explicit, mode=mode)
        notes += update.notes + merge_notes
        open_fields = []
    else:
        if parsed.question:
            return Plan(text, None, parsed.question, parsed.draft, parsed.explicit, mode=mode)
        draft, explicit, open_fields = parsed.draft, parsed.explicit, list(parsed.open)
        notes += parsed.notes
        if parsed.unplaced and not (set(open_fields) >= {"object", "quantity"}):
            decoded = _decode_whole(text, parsed, mode, chat_model, catalog, settings, hits)
            if decoded is None:
                return Plan(
                    text, None, unplaced_question(parsed.unplaced, text), draft, explicit,
                    notes=notes, mode=mode, unplaced=parsed.unplaced,
                )  # fmt: skip
            draft, from_llm, rejected, examples = decoded
            notes.append(
                "Read with the language model (the rules could not place "
                + ", ".join(f"'{w}'" for w in parsed.unplaced)
                + "): "
                + ", ".join(f"{k} = {v}" for k, v in from_llm.items())
                + "."
            )
            open_fields = []
    if as_written and not draft.as_written:
        if previous is None and parsed.delegated:  # "with adequate filtering": no defaults here
            return Plan(
                text, None, unplaced_question(parsed.delegated), draft, explicit, notes=notes,
                mode=mode, unplaced=parsed.delegated,
            )  # fmt: skip
        draft = draft.model_copy(update={"as_written": True})
        explicit = explicit | {"as_written"}

    # Nothing physical in the request ("make a plot"): a small model would invent an analysis,
    # so auto mode asks instead of guessing both what and of which objects.
    nothing_named = {"object", "quantity"} <= set(open_fields)
    if mode == "auto" and nothing_named and previous is None:
        return Plan(
            text, None, _open_question(open_fields, draft), draft, explicit, notes=notes, mode=mode
        )
    # auto mode lets the model fill what the rules left open only when it is measured to do
    # better than asking (capability fill_fields: a server, a large GGUF; not the tiny ones)
    if mode == "llm" or (
        mode == "auto" and open_fields and (chat_model is not None or _model_fills_fields(settings))
    ):
        try:
            model = chat_model
            if model is None:
                from chathep.llm import get_chat_model

                model = get_chat_model(settings, max_tokens=96)
            refined = refine(
                model, text, draft, explicit, open_fields, catalog, mode=mode, hits=hits,
                settings=settings,
            )  # fmt: skip
        except ChatHEPError as exc:  # no model installed, server down, unusable answer
            log.warning("planner: LLM step failed: %s", exc)
            notes.append(f"The language model could not help: {exc.message}")
        else:
            draft, from_llm, rejected = refined.draft, refined.accepted, refined.rejected
            examples = refined.examples
            open_fields = [f for f in open_fields if getattr(draft, f) is None]
    if draft.object is not None and "object" in open_fields and draft.quantity is not None:
        open_fields.remove("object")
    if "object" in open_fields and draft.z_candidate and draft.object is None:
        # "the mass candidate closest to the Z mass": the flavour the data stream can show
        draft, channel = _stream_pair(draft, catalog, open_fields)
        if channel is not None:
            word = {"muon": "Z -> mumu", "electron": "Z -> ee"}[channel]
            notes.append(
                f"The request names no lepton flavour: {word} is chosen, the channel the data "
                "stream records (say 'electrons' or 'muons' to change it)."
            )
    if draft.quantity in EVENT_QUANTITIES and "object" in open_fields:
        open_fields.remove("object")
    z_sample = re.search(  # "in a set of Z boson data", "the Z MC": a sample, not a selection
        r"\bz(?:\s+boson)?\s+(?:data|samples?|mc|monte|simulation|datasets?)\b", text.lower()
    )
    if (
        draft.z_candidate
        and not draft.pair
        and draft.z_decay is None
        and draft.quantity
        and not z_sample
    ):
        # "the leading jet pT for events with a Z candidate": the Z selects the events (the
        # candidate is not plotted, so it cannot be dropped as a pair choice)
        z_events = _z_events(draft, catalog)
        if isinstance(z_events, str):
            return Plan(text, None, z_events, draft, explicit, notes=notes, mode=mode)
        draft = z_events
        word = {"muon": "Z -> mumu", "electron": "Z -> ee"}[str(draft.z_decay)]
        notes.append(
            f"The Z read as an event selection: events with a {word} candidate (an "
            f"opposite-charge {draft.z_decay} pair near the Z mass); say 'Z -> ee' or "
            "'Z -> mumu' to choose the channel."
        )
    if (
        draft.quantity == "mt"
        and draft.pair
        and not re.search(r"\b(?:met|missing|neutrinos?|nu|invisible)\b", lx.normalise(text))
    ):
        # "$M_T(l^+l^-)$", "the transverse mass of the dimuon system": with the MET (as for a
        # W), or the pair's own sqrt(m^2 + pT^2)? Two definitions, nothing says which
        return Plan(
            text, None, "The transverse mass of the pair: with the MET, mT(pair, MET), or the "
            "pair's own transverse mass, sqrt(m^2 + pT^2)? Say 'the transverse mass of the "
            "dimuon and the MET' for the first.", draft, explicit, notes=notes, mode=mode,
        )  # fmt: skip
    if (
        draft.z_candidate
        and draft.all_pairs
        and draft.pair
        and draft.target_mass is None
        and draft.object in ("jet", "bjet", "fatjet")
    ):
        # "for every combination of selected jets, the dijet mass for Z -> 2 jets": the words
        # "every combination" are explicit, the Z says what the pairs are for; choosing the pair
        # closest to the Z mass would drop the other pairs the user asked for
        draft = draft.model_copy(update={"z_candidate": None})
        notes.append(
            "Every combination is filled, as you wrote; the Z is read as what the pairs are for, "
            "not as a choice of the pair closest to the Z mass (say 'the pair closest to the Z "
            "mass' for one pair per event)."
        )
    if (draft.gen_particle is not None or draft.sv) and "object" in open_fields:  # by name
        open_fields.remove("object")
    if open_fields == ["object"] and previous is None and _bare_mass(draft, text):
        # "plot the invariant mass histogram on the range 70-110 GeV" on the dimuon stream: the
        # pair the data stream records, said (the open-data dimuon tutorials' wording)
        draft, channel = _stream_pair(draft, catalog, open_fields)
        if channel is not None:
            pair = {"muon": "dimuon", "electron": "dielectron"}[channel]
            notes.append(
                f"The request names no objects: the {pair} mass is chosen (opposite-charge "
                f"{channel} pairs, the pairs the data stream records); say e.g. 'the dijet mass' "
                "or 'the dielectron mass' to change it."
            )
    if open_fields:
        return Plan(
            text, None, _open_question(open_fields, draft), draft, explicit, from_llm,
            notes=notes, rejected=rejected, mode=mode, examples=examples,
        )  # fmt: skip

    try:
        built = build_spec(draft, catalog)
        if check_files:
            spelled = trigger_spellings(built.spec, catalog, settings)
            if spelled and draft.triggers:  # "hlt_isomu24": HLT_IsoMu24, as the files spell it
                draft.triggers = [spelled.get(t, t) for t in draft.triggers]
                notes += [f"Read '{a}' as {b} (the path's spelling in the files)."
                          for a, b in spelled.items()]  # fmt: skip
                built = build_spec(draft, catalog)
            available = available_fields(built.spec, catalog, settings)
            if available is not None:
                built = build_spec(draft, catalog, available)
            samples = check_spec(built.spec, catalog, settings)
            mixed = samples_mixed_eras_note(samples, built.spec.lumi_pb, catalog)
            if mixed is not None and not any(mixed in n for n in notes):
                notes.append(mixed)
    except SpecError as exc:
        question = exc.message + (f" {exc.hint}" if exc.hint else "")
        return Plan(
            text, None, question, draft, explicit, from_llm, notes=notes, rejected=rejected,
            mode=mode, examples=examples,
        )  # fmt: skip
    words = lx.normalise(_without_labels(text))
    unused = (
        silent.unused_objects(built.spec)
        or silent.background_without_mc(text, built.spec, catalog)
        or silent.era_not_stated(words, built.spec, catalog)
        or silent.region_name_unread(words)
        or silent.delta_unread(words, built.spec)
        or silent.quantity_unread(words, built.spec)
        or silent.reduction_unread(words, built.spec)
        or silent.btag_rank_unread(words, built.spec)
        or silent.raw_et_unread(words, built.spec)
        or silent.iso_field_unread(words, built.spec)
        or silent.met_types_mixed(_without_labels(text).lower(), built.spec)
        or silent.it_compared_unread(words, built.spec)
        or silent.ratio_unread(words, built.spec)
        or silent.angle_operands_unread(words, built.spec)
        or silent.function_unread(words, built.spec)
        or silent.met_cut_unread(words, built.spec)
        or silent.z_window_as_axis(built.spec)
        or silent.listed_first_unplotted(words, built.spec)
        or silent.listed_last_unplotted(words, built.spec)
        or silent.cleaning_only_unread(words, built.spec)
        or silent.between_them_unread(words, built.spec)
        or silent.normalisation_unread(words, built.spec)
        or silent.ordinal_unread(words, built.spec)
        or silent.every_step_unread(words)
        or silent.or_of_conditions(words)
        or silent.angle_to_every_object(words)
        or silent.beside_a_resonance(words)
        or silent.judgement_asked(words)
    )
    if unused is not None:
        return Plan(
            text, None, unused, draft, explicit, from_llm, notes=notes, rejected=rejected,
            mode=mode, examples=examples,
        )  # fmt: skip
    return Plan(
        text, built.spec, None, draft, explicit, from_llm, built.defaults, notes, rejected, mode,
        examples,
    )  # fmt: skip
