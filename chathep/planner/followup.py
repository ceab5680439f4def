"""Follow-ups edit the previous request: "now log scale", "add the ttbar sample", ...

A follow-up is parsed like a request (in follow-up mode: nothing is "open"), and what it says
explicitly overrides the previous draft; everything else is kept. Changing what is plotted
resets the binning (40 bins of a mass are not 40 bins of an eta) unless the follow-up gives it;
switching the channel (muons -> electrons) keeps it.
"""

from __future__ import annotations

import chathep.planner.lexicon as lx
import chathep.regex as re
from chathep.catalog import Catalog
from chathep.planner import reductions
from chathep.planner.draft import EVENT_QUANTITIES, Draft, ObjectReq, get_path, set_path
from chathep.planner.parser import ParseResult
from chathep.registry.corrections import ALL, OPTIONAL
from chathep.registry.eras import default_era

SCALAR_FIELDS = (
    "pair", "index", "other", "other_index", "charge", "z_candidate", "met_min", "met_max", "bins",
    "start", "stop", "bin_width", "log_y", "log_x", "data_mc", "era", "lumi_pb", "analysis",
    "channel",
    "as_written", "all_pairs", "also", "edges", "density", "unit_area", "mc_to_data", "z_decay",
    "pair_sel",
    "pair_mass_min", "pair_mass_max", "not_in_pair", "reduce", "ht_min", "ht_max", "plot_title",
    "x_label",
    "nearest", "max_pt", "min_dr", "mht_min", "mht_max", "met_sig_min", "met_sig_max", "branch",
)  # fmt: skip
BINNING = ("bins", "start", "stop", "bin_width", "edges")
#: a per-event reduction or the system of all objects (chathep.planner.reductions)
REDUCTION_FIELDS = ("per_event", "first_n", "system")
#: Set when a follow-up names them, with nothing else to reconcile ("use PUPPI MET instead",
#: "now the |eta|", "with the HLT_IsoMu24 trigger"); were silently kept as before
SAID_FIELDS = ("puppi_met", "met_source", "absolute", "triggers")
#: "now the PF MET", "back to the type-1 MET": the PUPPI MET chosen before is taken back
_PF_MET = re.compile(
    r"\b(?:pf|particle[\s-]flow|type[\s-]?(?:1|i)(?:[\s-]corrected)?|standard|default|non[\s-]?puppi)"
    r"[\s-]*(?:met|missing\s+(?:et|transverse\s+(?:momentum|energy)))\b"
)
#: "now all jets", "every muon": each object, not the leading one
_EVERY = re.compile(
    r"\b(?:all|every|each)\s+(?:the\s+|of\s+the\s+|selected\s+)*[a-z-]*\s*(?:jets?|muons?"
    r"|electrons?|leptons?|photons?|taus?|b-?jets?)\b"
)
#: "require a jet", "now require an electron": a count of one (was read as "plot the jets")
_REQUIRE_A = re.compile(
    r"\b(require|requiring|demand|demanding)\s+an?\s+(?=(?:b-?tagged\s+|b-?|central\s+|forward\s+)?"
    r"(?:jet|muon|electron|lepton|photon|tau)\b)",
    re.IGNORECASE,
)
#: "also require tight muons", "now require taus" after a plot of other objects: at least one of
#: them (was: the muons defined and not required, silently, or the plot switched to the taus)
_REQUIRE_SOME = re.compile(
    r"\b(require|requiring|demand|demanding)\s+(?=(?:(?:v{0,3}[- ]?loose|medium|v{0,2}[- ]?tight"
    r"|isolated|central|forward|good|selected|identified|b-?tagged|deep[- ]?tau\w*|vs[- ]?jets?"
    r"|versus[- ]jets?|cut[- ]based)\s+)*(?P<kind>b-?jet|jet|muon|electron|lepton|photon|tau)s\b)",
    re.IGNORECASE,
)
#: "tighten the muon pT to 30", "raise the jet pT threshold to 50 GeV": the new value of the cut
#: (was: a new request for the muon pT), read as "muon pT above 30"
_SET_PT = re.compile(
    r"\b(?:tighten|loosen|raise|lower|increase|decrease|set|move|bump|put)\s+(?:the\s+)?"
    r"((?:b-?)?(?:jet|muon|electron|photon|lepton|tau)s?\s+p_?t)"
    r"(?:\s+(?:cut|threshold|requirement|selection))?\s+(?:up\s+|down\s+)?to\s+(\d+(?:\.\d+)?)",
    re.IGNORECASE,
)
#: a follow-up that edits a value: "tighten the muon pT to 30" (was read as a new request for
#: the muon pT, 'tighten' dropped as commentary: the dimuon plot replaced)
_EDIT_VERBS = re.compile(
    r"^\s*(?:(?:now|and|then|ok|okay|please|also)[\s,]+)*(?:tighten|loosen|relax|raise|lower"
    r"|increase|decrease|reduce|harden|widen|narrow|extend|shrink|restrict|move|bump)\b",
    re.IGNORECASE,
)
#: "the subleading one", "the second one": the previous plan's object
_ONE = re.compile(
    r"\b((?:the\s+)?(?:leading|sub-?leading|first|second|third|hardest))\s+one\b", re.IGNORECASE
)
_OBJECT_WORDS = {
    "jet": "jet", "bjet": "b-jet", "muon": "muon", "electron": "electron", "photon": "photon",
    "tau": "tau", "fatjet": "fat jet", "lepton": "lepton",
}  # fmt: skip
#: quantities with a sign, whose |x| differs: a follow-up to one of them says |x| is not kept
_SIGNED = ("eta", "phi", "rapidity", "delta_phi", "delta_eta", "branch")
#: quantities of one object: a follow-up naming only one of them keeps the object's index
_OWN = ("pt", "eta", "phi", "rapidity", "p", "energy", "mass", "branch")


def _family(kind: str | None) -> str:
    if kind == "fatjet":  # "use AK8 jets": the jets' cuts and count go to the AK8 jets
        return "jet"
    return "lepton" if kind in ("muon", "electron", "lepton", "emu", "tau") else str(kind)


def followup_words(text: str, previous: Draft | None = None) -> str:
    """The follow-up's words as the parser reads them: "require a jet" is "require at least one
    jet" (a selection, not a new plotted object); "tighten the muon pT to 30" is "change the
    muon pT above 30" (the value is said: no need to ask); "the subleading one" names the
    ``previous`` plan's object."""
    text = _SET_PT.sub(lambda m: f"{m.group(1)} above {m.group(2)}", text)
    if (
        previous is not None
        and previous.object in _OBJECT_WORDS
        and previous.quantity in _OWN  # not "the leading one" after a count (still asked)
    ):
        # "the subleading one instead" after "the leading jet pT": the subleading jet (was asked)
        word = _OBJECT_WORDS[previous.object]
        text = _ONE.sub(lambda m: f"{m.group(1)} {word}", text)
    text = _REQUIRE_A.sub(lambda m: f"{m.group(1)} at least one ", text)
    if previous is not None:
        plotted = {previous.object, "bjet" if previous.object == "jet" else None}
        text = _REQUIRE_SOME.sub(
            lambda m: (
                m.group(0)
                if m.group("kind").lower().replace("-", "") in plotted
                else f"{m.group(1)} at least one "
            ),
            text,
        )
    return text


#: verbs that change a value by an amount the words do not give
_VAGUE_VERBS = ("tighten", "loosen", "relax", "raise", "lower", "increase", "decrease", "reduce",
                "harden", "widen", "narrow")  # fmt: skip


def vague_question(text: str) -> str | None:
    """ "tighten the muon pT", "loosen the isolation", "widen the range": no value given, so the
    new value is asked, never chosen silently."""
    m = _EDIT_VERBS.search(text)
    if m is None or re.search(r"\d|\bto\b", text):  # "tighten to the tight ID": the parser's
        return None
    verb = m.group(0).split()[-1].lower()
    if verb not in _VAGUE_VERBS:  # "restrict to the barrel", "extend the range": no amount
        return None
    return (
        f"To what value should I {verb} it? Please give the number, e.g. 'muon pT above 30 GeV', "
        "'isolation below 0.1', '|eta| < 2.1' or '40 bins from 0 to 200 GeV' (the plan above "
        "lists the current values)."
    )


def index_question(previous: Draft, update: ParseResult) -> str | None:
    """ "the second muon instead" after the dimuon mass: one muon has no such mass, so which of
    its quantities? (was: the index kept in the draft, the dimuon mass plotted, no note)."""
    said = update.explicit
    if not previous.pair or "index" not in said or said & {"quantity", "pair"}:
        return None
    if update.draft.index is None or previous.quantity not in (
        "mass",
        "pt",
        "eta",
        "phi",
        "rapidity",
    ):
        return None
    which = {0: "leading", 1: "subleading"}.get(update.draft.index, f"#{update.draft.index + 1}")
    kind = update.draft.object or previous.object
    return (
        f"The plot is the {previous.quantity} of {previous.object} pairs. Which quantity of the "
        f"{which} {kind}: e.g. 'the {which} {kind} pT' or 'the {which} {kind} eta'?"
    )


def pair_field_question(previous: Draft, update: ParseResult, text: str) -> str | None:
    """ "now the dxy" after the dimuon mass: a pair has no dxy (a field of each object), so
    whose is it? (was: the dxy of the pair, a plan that cannot run; "now the charge": the
    pair's, always 0 for opposite charges, or each muon's?). "The dxy of each muon" and "of the
    leading muon" say it."""
    u, said = update.draft, update.explicit
    if not previous.pair or said & {"pair", "index"} or u.quantity != "branch" or u.reduce:
        return None
    if u.branch is None or _EVERY.search(lx.normalise(text)):
        return None
    kind = u.object or previous.object
    return (
        f"The plot is of {kind} pairs; {u.branch} is a field of each {kind}: the {u.branch} of "
        f"each selected {kind} (one entry per {kind}), or of the leading {kind}?"
    )


def looks_like_followup(text: str, parsed: ParseResult) -> bool:
    """A follow-up starts with a cue ("now", "add", "instead"), refers to the previous plot's
    events ("of these events") or does not name a plot."""
    if re.search(lx.FOLLOWUP_CUES, lx.normalise(text)) or _EDIT_VERBS.search(text):
        return True
    if re.search(lx.THESE_EVENTS, lx.normalise(text)):
        return True  # "plot the MET of these events": of the previous plot (no earlier sentence)
    complete = "quantity" in parsed.explicit and (
        "object" in parsed.explicit or parsed.draft.quantity in EVENT_QUANTITIES
    )
    return not complete


#: "ttbar instead of DY" (new, old); "swap DY for ttbar", "replace DY with ttbar" (old, new)
_INSTEAD_OF = re.compile(r"\binstead\s+of\s+(?:the\s+)?([a-z0-9][\w+-]*)")
_SWAP = re.compile(
    r"\b(?:swap|replace|exchange|substitute)\s+(?:the\s+)?([a-z0-9][\w+-]*)\s+(?:sample\s+)?"
    r"(?:for|with|by)\b"
)


def _swapped_out(text: str, named: list[str], catalog: Catalog) -> list[str]:
    """The named samples a follow-up takes out by replacing them: "ttbar instead of DY" -> the
    DY sample (was: both kept, the plan said nothing)."""
    words = lx.normalise(text)
    old = [m.group(1) for m in (*_INSTEAD_OF.finditer(words), *_SWAP.finditer(words))]
    out: list[str] = []
    for name in named:
        sample = catalog[name]
        spelled = {
            name.lower(),
            (sample.process or "").lower(),
            *(a.lower() for a in sample.aliases),
        }
        if any(w in spelled or name.lower().startswith(w) for w in old):
            out.append(name)
    return out if len(out) < len(named) else []


def _materialised_samples(draft: Draft, catalog: Catalog) -> list[str]:
    if draft.samples:
        return list(draft.samples)
    if draft.analysis:  # the analysis' era, not the latest era with data
        from chathep.planner.build import analysis_samples

        return analysis_samples(draft.analysis, catalog, draft.era)
    era = draft.era or default_era(catalog)
    return [s.name for s in catalog.data(era) + catalog.mc(era)]


def _in_era_of(named: list[str], current: list[str], catalog: Catalog) -> list[str]:
    """``named`` with each sample moved to the era of ``current`` where it has that process.

    "Remove the DY sample" from a sim13 plan means dy_sim13, although the parser, which does not
    know the plan, reads "DY" in the first era that has it.
    """
    eras = {catalog[n].era for n in current}
    if len(eras) != 1:
        return named
    era = eras.pop()
    out: list[str] = []
    for name in named:
        sample = catalog[name]
        same = [
            s.name
            for s in catalog
            if s.era == era and s.process == sample.process and s.kind == sample.kind
        ]
        out += [name] if sample.era == era or not same else same
    return list(dict.fromkeys(out))


#: a follow-up that adds to the plot shown: "also the HT", "the MET as well", "+ MET"
_ADDS = re.compile(
    r"^\s*\+|\b(?:add|adding|include|including|also|additionally|as\s+well|too|plus|together)\b"
)
#: a follow-up that begins with "and": another quantity of the plotted objects ("and the dimuon
#: pT" after the dimuon mass, "and the MET") is added (was: the plot replaced); a count or
#: other objects ("and the number of muons") keep the reading of "now ..."
_AND_START = re.compile(r"^\s*(?:and|&)\s+(?!(?:now|then|instead)\b)")


def another_plot(previous: Draft, update: ParseResult, text: str | None = None) -> str | None:
    """ "also plot the leading jet pT" after the dimuon mass: a second plot of other objects,
    which a follow-up cannot add to the plan shown (one plotted object per draft): asked, the
    first plot never silently replaced."""
    adds = _ADDS.search(lx.normalise(text or update.text))
    u, said = update.draft, update.explicit
    if not adds or "quantity" not in said or "object" not in said:
        return None
    if u.quantity in EVENT_QUANTITIES:
        return None
    if u.object == previous.object or {previous.object, u.object} <= {"muon", "electron", "lepton"}:
        # "and the leading muon pT too" after the dimuon mass: another member of the same
        # objects (one muon, not the pair), which the added histograms cannot be (they are of
        # the plotted pairs or objects): asked (was: the dimuon pT added, silently)
        other_member = bool(previous.pair) != bool(u.pair) or (
            "index" in said and u.index != previous.index
        )
        if not other_member:
            return None
        plotted = f"{previous.object} pairs" if previous.pair else f"{previous.object}s"
        return (
            f"Add a plot of other {u.object}s to the plot of {plotted}? An added histogram is of "
            f"the same {plotted}. Please ask for both in one request, e.g. 'plot the dimuon mass "
            "and the leading muon pT', or say 'instead' to replace the plot."
        )
    return (
        f"Add a second plot (of {u.object}s) to the plot of {previous.object}s? Please ask for "
        "both in one request, e.g. 'plot the dimuon mass and the leading jet pT', or say "
        "'instead' to replace the plot."
    )


#: A follow-up that asks for a requirement: "now require ...", "add a cut on ...", "only events
#: with ..." (not "instead")
_REQUIRING = (
    r"^\s*(?:(?:now|then|and|also|please|ok|okay)[\s,]+)*(?:require|requiring|add|apply|cut\s+on"
    r"|(?:keep|select|use)?\s*only\s+(?:the\s+)?events|keep\s+(?:the\s+)?events)\b"
)


def required_plot_question(previous: Draft, update: ParseResult, text: str) -> str | None:
    """ "now require the dielectron mass above 60 GeV" after the dimuon mass: a requirement that
    the rules read as a new plot of other objects (the plot replaced, said only as "Switched
    from muon to electron"): asked. A follow-up keeps one plotted object, so the plot with that
    requirement is asked for in one request."""
    normal = lx.normalise(text)
    u, said = update.draft, update.explicit
    if not re.search(_REQUIRING, normal) or re.search(r"\binstead\b", normal):
        return None
    if not re.search(r"\d", normal):
        return None  # "add the electrons": the light leptons together (merge_followup)
    other_objects = "object" in said and u.object not in (None, previous.object)
    if not other_objects or u.quantity in EVENT_QUANTITIES:
        return None
    plotted = f"{previous.object} pairs" if previous.pair else f"{previous.object}s"
    return (
        f"'{text.strip()}' asks for a requirement on {u.object}s, but it reads as a new plot of "
        f"them, which would replace the plot of {plotted}. To keep the plot with that "
        "requirement, ask for both in one request (e.g. 'the dimuon mass in events with a "
        "dielectron mass above 60 GeV'); to plot it instead, say 'instead'."
    )


#: "show it per jet multiplicity", "now vs the number of jets", "per number of b-jets"
_SPLIT_BY_COUNT = (
    r"\b(?:per|vs\.?|versus|by|for\s+each|in\s+bins\s+of|as\s+a\s+function\s+of)\s+(?:the\s+)?"
    r"(?:number\s+of\s+(?:[a-z-]+\s+)?(?:b-?jets?|bjets?|jets?|muons?|electrons?|leptons?|photons?"
    r"|taus?)|(?:b-?jets?|bjets?|jets?|muons?|electrons?|leptons?)\s+(?:multiplicit(?:y|ies)"
    r"|bins?))\b"
)


def split_by_count_question(previous: Draft, update: ParseResult, text: str) -> str | None:
    """ "show it per jet multiplicity" after the dimuon mass: the previous plot split by a count,
    which the rules read as a new plot of the count (the plot replaced): asked."""
    normal = lx.normalise(text)
    m = re.search(_SPLIT_BY_COUNT, normal)
    if m is None or re.search(r"\binstead\b", normal):
        return None
    if update.draft.quantity != "count" or previous.quantity == "count":
        return None
    return (
        f"'{m.group(0)}': split the previous plot by that number? Ask for it in one request "
        "(e.g. 'the dimuon mass in the 0-jet, 1-jet and 2-jet bins'); to plot the number "
        "itself instead, say 'instead'."
    )


_SWAPPABLE = ("muon", "electron", "photon", "tau")
#: fields of an object requirement that carry over to another kind (not its isolation value,
#: flags, MVA or branch cuts, which are the old kind's own)
_CARRIED_FIELDS = ("pt_min", "pt_max", "abs_eta_min", "abs_eta_max", "min_count", "max_count",
                   "id", "isolated", "lead_pt_min")  # fmt: skip


def _swapped_selection(previous: Draft, u: Draft, said: set[str]) -> tuple[str, ObjectReq] | None:
    """(old kind, the requirement for ``u.object``) when a follow-up names only another lepton
    kind and the plot shown is an event quantity selected by a count of one lepton kind ("same
    for electrons" after "MET in events with exactly two muons"); else None."""
    event_quantity = previous.object is None or (
        previous.quantity in ("ht", "mht") and previous.object == "jet"  # the HT's own jets
    )
    # "electron channel" after "the number of jets in events with exactly one muon": the
    # channel's lepton selects the events, whatever is plotted (was: the electrons plotted)
    channel = "channel" in said and u.channel == u.object and _family(previous.object) != "lepton"
    if not (event_quantity or channel) or "object" not in said or u.object not in _SWAPPABLE:
        return None
    if said - {"object", "channel"} or u.pair or u.object in previous.requirements:
        return None
    counted = [
        k
        for k, r in previous.requirements.items()
        if k in _SWAPPABLE and (r.min_count is not None or r.max_count is not None)
    ]
    if len(counted) != 1 or counted[0] == u.object:
        return None
    if counted[0] in (previous.pair_sel, previous.z_decay, previous.channel):
        return None  # a pair or a Z of them too: not only a count (asked, or read elsewhere)
    old = previous.requirements[counted[0]]
    return counted[0], ObjectReq(**{f: getattr(old, f) for f in _CARRIED_FIELDS})


def _req_words(req: ObjectReq) -> str:
    if req.min_count is not None and req.min_count == req.max_count:
        return f"exactly {req.min_count}"
    parts = [f"at least {req.min_count}"] if req.min_count is not None else []
    parts += [f"at most {req.max_count}"] if req.max_count is not None else []
    return " and ".join(parts)


def merge_followup(
    previous: Draft,
    previous_explicit: set[str],
    update: ParseResult,
    catalog: Catalog,
    *,
    text: str | None = None,
) -> tuple[Draft, set[str], list[str]]:
    """(new draft, new explicit set, notes): ``update`` applied on top of ``previous``.

    ``text``: the follow-up as written (``update.text`` is normalised: "PF MET" -> "met")."""
    new = previous.model_copy(deep=True)
    explicit = set(previous_explicit)
    notes: list[str] = []
    u, said = update.draft, update.explicit

    plot_changed = False
    keeps_pair = _pair_events_keepable(previous, u, said) and not _ALL_EVENTS.search(
        lx.normalise(text or update.text)
    )
    if (
        previous.analysis and "channel" in said and u.object == u.channel
        and "quantity" not in said and "pair" not in said
    ):  # fmt: skip
        # "only the muon channel" in an analysis selects the Z decay, not what is plotted
        said = said - {"object"}
    written = lx.normalise(text or update.text)
    adds = _ADDS.search(written) or (
        _AND_START.search(written)
        and u.quantity != "count"
        and (
            "object" not in said
            or (u.object == previous.object and bool(u.pair) == bool(previous.pair))
        )
    )
    if (
        "object" in said
        and {previous.object, u.object} == {"muon", "electron"}
        and adds
        and "lepton" not in u.requirements
    ):  # "dimuon mass" + "and add the electrons": the light leptons together
        u = u.model_copy(update={"object": "lepton"})
        notes.append("Muons and electrons together: both flavours, same-flavour pairs.")
    if (
        previous.pair_sel == "emu"
        and previous.object != "emu"
        and u.object == "emu"
        and "quantity" not in said
    ):  # "opposite-sign e-mu only" after "ttbar e-mu events: the number of b-jets": the
        # selected pair's charge, the plot kept (was: a count of e-mu pairs, or a KeyError)
        said = said - {"object", "pair"}
        u = u.model_copy(update={"object": previous.object, "pair": previous.pair})
    elif (
        previous.pair_sel == "emu"
        and previous.object != "emu"
        and u.pair
        and u.object in ("lepton", "muon", "electron")
        and "quantity" not in said
    ):  # "same-flavour instead", "dielectron events instead" after "ttbar e-mu events: the
        # number of b-jets": the selected pair's flavour, the plot kept (was: the number of
        # same-flavour pairs plotted, the e-mu pair still required)
        word = {"lepton": "same-flavour lepton", "muon": "dimuon", "electron": "dielectron"}
        new.pair_sel = u.object
        notes.append(
            f"The e-mu pair requirement is replaced by a {word[str(u.object)]} pair "
            "requirement; the plot is unchanged."
        )
        said = said - {"object", "pair"}
        u = u.model_copy(update={"object": previous.object, "pair": previous.pair})
    swapped = _swapped_selection(previous, u, said)
    if swapped is not None:
        # "same for electrons" after "MET in events with exactly two muons": the electrons
        # select the events now (was: the muons kept, "Switched from nothing to electron")
        old_kind, req = swapped
        new.requirements.pop(old_kind)  # type: ignore[arg-type]
        new.requirements[u.object] = req  # type: ignore[index]
        explicit = {
            p.replace(f"requirements.{old_kind}.", f"requirements.{u.object}.") for p in explicit
        }
        said = said - {"object", "channel"}
        notes.append(
            f"The {old_kind} requirement of the events now applies to {u.object}s instead "
            f"({_req_words(req)}); the plotted quantity is unchanged."
        )
    if "object" in said and u.object != previous.object:
        old = previous.object
        if (
            old
            and old in new.requirements
            and u.object not in u.requirements
            and old not in u.requirements
            and _family(old) == _family(u.object)
        ):
            # "show the electron channel instead": the cuts were on the channel's leptons (a
            # jet's cuts are no electron's: "and for electrons" after "jets above 50 GeV"); not
            # when the follow-up names the old objects too ("the number of electrons in events
            # with two muons": the muon cuts stay the muons')
            new.requirements[u.object] = new.requirements.pop(old)  # type: ignore[index]
            explicit = {
                p.replace(f"requirements.{old}.", f"requirements.{u.object}.") for p in explicit
            }
            if _family(old) == "jet":  # "use AK8 jets": said, the AK4 and AK8 defaults differ
                notes.append(f"The {old} requirements stated before now apply to the {u.object}s.")
        moved_away = old is not None and old in new.requirements and old not in u.requirements
        keeps_old = keeps_pair or _pair_cut_kept(previous, said)
        if moved_away and keeps_old and _pair_carried(previous, u, said) is None:
            # "now the leading jet pT" after the dimuon mass: the muon cuts select the pair
            # whose events are kept (_pair_events_kept)
            moved_away = False
        if moved_away and _family(old) != _family(u.object):
            kept = new.requirements[old]  # type: ignore[index]
            if kept.min_count is None and kept.max_count is None:
                # the cuts of the objects plotted before select no events: they go with them
                del new.requirements[old]  # type: ignore[arg-type]
                explicit = {p for p in explicit if not p.startswith(f"requirements.{old}.")}
                notes.append(f"The {old} cuts stated before are not carried over to {u.object}s.")
        if _family(old) != _family(u.object) and "pair" not in said:
            # muons -> jets is a new kind of plot: pair and charge choices do not carry over
            new.pair, new.charge, new.z_candidate = u.pair, None, None
            explicit -= {"pair", "charge", "z_candidate"}
            carried = _pair_carried(previous, u, said)
            if carried is not None:  # "and now the jets" after the dimuon mass: the dijet mass
                new.pair = True
                new.all_pairs = None
                explicit.add("pair")
                notes.append(carried)
                plot_changed = True  # a Z window's 60-120 GeV is no range of a dijet mass
        elif "tau" in (old, u.object) and "pair" not in said:
            # "now the taus" after the dimuon mass: one lepton family, so the pair is kept; its
            # reading is stated as for "now the jets" (was: only "Switched from muon to tau")
            carried = _pair_carried(previous, u, said)
            if carried is not None:
                notes.append(carried)
                plot_changed = True  # the note says: the ditau mass's default binning
        if (
            old is not None
            and previous.pair_sel == old
            and "pair_sel" not in said
            and _family(old) == _family(u.object) == "lepton"
            and u.object in ("muon", "electron", "lepton")
        ):  # "now for electrons" after "delta R of the two muons for dimuon mass > 12 GeV":
            # the selected pair is of the new leptons (was: the muon pair still required)
            new.pair_sel = u.object
            notes.append(
                f"The {old} pair required before (its mass window too) is now "
                f"{'an' if u.object[0] in 'aeiou' else 'a'} {u.object} pair."
            )
        new.object = u.object
        explicit.add("object")
        notes.append(f"Switched from {old or 'nothing'} to {u.object}.")
    same_plot = "object" not in said or u.object == previous.object
    if (
        "quantity" in said
        and u.quantity != previous.quantity
        and adds
        and same_plot
        and previous.quantity is not None
        and u.quantity is not None
    ):
        # "also plot the dimuon pT", "and the eta too": one more histogram, the first kept
        new.also = list(dict.fromkeys([*(previous.also or []), u.quantity]))  # type: ignore[list-item]
        explicit.add("also")
        notes.append(f"Added: the {u.quantity} histogram; the {previous.quantity} is kept.")
        said = said - {"quantity"}
    # "now the dxy" after "the charge": another NanoAOD field is another quantity (its binning)
    other_field = u.quantity == "branch" and "branch" in said and u.branch != previous.branch
    if "quantity" in said and (u.quantity != previous.quantity or other_field):
        new.quantity = u.quantity
        explicit.add("quantity")
        plot_changed = True
        one = previous.index is not None and not previous.pair and not _ranked(previous)
        if "index" not in said and one and "object" not in said and u.quantity in _OWN:
            # "now the eta" after "the leading jet pT": still of the leading jet
            which = {0: "leading", 1: "subleading"}.get(previous.index, "same")
            notes.append(
                f"Still the {which} {previous.object} (say 'all {previous.object}s' for every one)."
            )
        elif "index" not in said:
            new.index = None
    if "quantity" in said and new.object is None and u.object is not None:
        # "now the HT" after "the MET": the HT's own objects, the jets (the parser infers them;
        # was: an HT of no objects, an invalid analysis)
        new.object = u.object
    _jet_sum_followup(previous, new, u, said, notes)
    _met_followup(previous, new, u, said, notes)
    plot_changed = _arithmetic_followup(previous, new, u, said, explicit, notes) or plot_changed
    _reduction_followup(previous, new, u, said, explicit, notes)
    _said_fields(previous, new, u, said, explicit, notes, text or update.text, plot_changed)
    if plot_changed:
        for name in BINNING:
            if name not in said:
                setattr(new, name, None)
                explicit.discard(name)
    if plot_changed or new.object != previous.object:
        # the user's own title and axis label named the previous plot (was: "Z peak" and
        # "m(mumu) [GeV]" kept on the MET plot of "now the MET", or on "now for electrons")
        words = {"plot_title": "title", "x_label": "x-axis label"}
        dropped = [w for f, w in words.items() if f not in said and getattr(new, f) is not None]
        for name in words:
            if name not in said:
                setattr(new, name, None)
                explicit.discard(name)
        if dropped:
            notes.append(
                f"The {' and '.join(dropped)} you gave the previous plot "
                f"{'are' if len(dropped) > 1 else 'is'} not carried over to this one."
            )

    for name in SCALAR_FIELDS:
        if name in said:
            setattr(new, name, getattr(u, name))
            explicit.add(name)
    if "also" in said:  # the order the follow-up writes them in
        new.also_before = u.also_before
    if "log_y" in update.inferred and "log_y" not in said:
        if "log_x" in said and "log_y" not in previous_explicit:
            new.log_y = u.log_y  # "use log-spaced bins": shown log-log, as its note says
        else:  # "linear y" said before: kept, and the note of the log-log view is not true
            update.notes[:] = [n for n in update.notes if not n.startswith("Log-spaced bins:")]
    if "target_mass" in said:  # "now the pair closest to 125 GeV": the new mass, as said
        new.target_mass, new.target_name = u.target_mass, u.target_name
        explicit.add("target_mass")
    # one binning at a time: "use 40 bins" replaces variable edges, and edges replace bins
    if said & {"bins", "start", "stop", "bin_width"} and "edges" not in said:
        new.edges = None
        explicit.discard("edges")
    if "bin_width" in said and "bins" not in said:  # "make the bins 5 GeV wide": a new count
        new.bins = None
        explicit.discard("bins")
    if "edges" in said:
        for name in ("bins", "start", "stop", "bin_width"):
            setattr(new, name, None)
            explicit.discard(name)
    if "index" in said and "pair" not in said:  # "the leading muon": one object, not a pair
        new.pair = False
    elif new.pair and "pair" not in said and "quantity" in said and u.quantity == "count":
        # "now the number of muons" after the dimuon mass: the muons are counted, in the
        # previous plot's events (_pair_events_kept says which; was: the number of dimuon
        # pairs, labelled "Number of muons")
        new.pair, new.all_pairs = False, None
        explicit.discard("pair")
        if _ALL_EVENTS.search(lx.normalise(text or update.text)):
            # "... in all events" after the Z candidate mass: no Z candidate selects them
            new.z_candidate, new.target_mass, new.target_name = None, None, None
            explicit -= {"z_candidate", "target_mass", "target_name"}
    elif (
        new.pair and "pair" not in said and "quantity" in said and u.quantity in _OWN
        and _EVERY.search(lx.normalise(text or update.text))
    ):  # fmt: skip
        # "now the pT of each muon" after the dimuon mass: one entry per muon, as the plan's
        # own note offers (was: still the dimuon pT)
        new.pair = False
        notes.append(f"One entry per {new.object}, not the pair plotted before.")
    for path in sorted(p for p in said if p.startswith("requirements.")):
        set_path(new, path, get_path(u, path))
        explicit.add(path)
        kind, _, name = path.removeprefix("requirements.").partition(".")
        other = {"min_count": "max_count", "max_count": "min_count"}.get(name)
        if other and f"requirements.{kind}.{other}" not in said:
            low = get_path(new, f"requirements.{kind}.min_count")
            high = get_path(new, f"requirements.{kind}.max_count")
            if low is not None and high is not None and low > high:
                # "change it to two muons" after "exactly one muon": the new count replaces
                # the old one (was: at least 2 and at most 1, an empty plot); "and at most 4
                # jets" after "at least 2 jets" narrows it
                set_path(new, f"requirements.{kind}.{other}", None)
                explicit.discard(f"requirements.{kind}.{other}")
    # "remove the pT cut": a property waived now drops the values stated before for it
    waived_fields = {"pt": ("pt_min",), "eta": ("abs_eta_max",), "iso": ("iso_max", "isolated"),
                     "id": ("id",)}  # fmt: skip
    for kind, req in u.requirements.items():
        for prop in req.without or []:
            for name in waived_fields.get(prop, ()):
                path = f"requirements.{kind}.{name}"
                if kind in new.requirements and get_path(new, path) is not None:
                    set_path(new, path, None)
                    explicit.discard(path)
                    notes.append(f"Removed the {kind} {name.replace('_', ' ')} stated before.")

    _waived_note(previous, new, notes)
    _pair_events_kept(previous, new, u, said, notes, lx.normalise(text or update.text))
    if "arithmetic_cuts" in said and u.arithmetic_cuts:
        # "now require MET/HT above 0.5": one more selection step, the previous ones kept
        kept = list(previous.arithmetic_cuts or [])
        new.arithmetic_cuts = kept + [c for c in u.arithmetic_cuts if c not in kept]
        explicit.add("arithmetic_cuts")
    if "event_cuts" in said and u.event_cuts:
        # "now require the dimuon pT above 50 GeV": one more selection step, the rest kept
        kept = list(previous.event_cuts or [])
        new.event_cuts = kept + [c for c in u.event_cuts if c not in kept]
        explicit.add("event_cuts")
    if "samples" in said:
        current = _materialised_samples(previous, catalog)
        named = list(u.samples or [])
        verbs = {update.sample_verbs.get(n) for n in named}
        if verbs & {"remove", "add"} and "era" not in said:
            named = _in_era_of(named, current, catalog)
        swapped = _swapped_out(text or update.text, named, catalog)
        if swapped:  # "ttbar instead of DY", "swap DY for ttbar": DY out, ttbar in
            new.samples = [n for n in current if n not in swapped] + [
                n for n in named if n not in swapped and n not in current
            ]
            added = ", ".join(n for n in named if n not in swapped)
            notes.append(f"Replaced {', '.join(swapped)} by {added}.")
        elif verbs == {"remove"}:
            new.samples = [n for n in current if n not in named]
        elif "add" in verbs or adds:  # "and ttbar": added to the samples shown
            new.samples = current + [n for n in named if n not in current]
        else:  # "use the DY sample": replace
            new.samples = named
        explicit.add("samples")
        if not new.samples:
            notes.append("That removed every sample; back to all samples of the era.")
            new.samples = None
        elif "era" not in said and (
            mixed := _mixed_era_note(current, new.samples, catalog, new.lumi_pb)
        ):
            # "add the DY" to a 2022 ttbar plan: dy_2018 is the catalog's only DY (was: the era
            # moved to 2018 with no note); the plan keeps its era, the mixing is stated
            era, note = mixed
            new.era = era
            notes.append(note)

    if "era" in said and "samples" not in said and previous.samples:
        moved = _samples_in_era(previous.samples, str(u.era), catalog)
        if moved is not None and moved != previous.samples:
            new.samples = moved
            notes.append(f"Moved to {u.era}: " + ", ".join(moved) + ".")
    if "corrections" in said:
        asked = list(u.corrections or [])
        text = lx.normalise(update.text)
        if not asked:
            new.corrections = []
        elif re.search(r"\b(?:remove|drop|without|no|disable|turn\s+off)\b", text):
            before = list(previous.corrections or [])
            if ALL in before and any(c in OPTIONAL for c in asked):
                # "without pileup reweighting" after "all corrections": every other one kept
                # (was: "all" kept, pileup reweighting with it)
                before = [*OPTIONAL, *(c for c in before if c != ALL)]
                notes.append(
                    "All corrections except " + ", ".join(asked) + " (the rest of 'all' kept)."
                )
            new.corrections = [c for c in dict.fromkeys(before) if c not in asked]
        else:
            new.corrections = list(dict.fromkeys([*(previous.corrections or []), *asked]))
        explicit.add("corrections")
    _one_sided_instead(previous, new, said, text or update.text, explicit, notes)
    return new, explicit, notes


_WINDOWED = {"met": "MET", "ht": "HT", "mht": "MHT", "met_sig": "MET significance"}


def _one_sided_instead(
    previous: Draft, new: Draft, said: set[str], text: str, explicit: set[str], notes: list[str]
) -> None:
    """ "MET > 100 instead" after "MET < 40": the new bound replaces the opposite one (was:
    both kept, no event passes). The opposite bound goes when the follow-up says "instead" or
    when the two leave nothing; a bound that narrows the window ("MET > 20" after "MET < 40")
    stays a window."""
    instead = re.search(r"\binstead\b|\brather\b", text, re.IGNORECASE) is not None
    for key, word in _WINDOWED.items():
        lo, hi = f"{key}_min", f"{key}_max"
        for given, other in ((lo, hi), (hi, lo)):
            if given not in said or other in said or getattr(previous, other) is None:
                continue
            low = getattr(new, lo)
            high = getattr(new, hi)
            empty = low is not None and high is not None and low >= high
            if not (instead or empty):
                continue
            old = getattr(previous, other)
            setattr(new, other, None)
            explicit.discard(other)
            op = "<" if other == hi else ">"
            notes.append(f"The earlier cut {word} {op} {old:g} is replaced by the new one.")
    for kind, req in new.requirements.items():
        before = previous.requirements.get(kind)
        if before is None or before.max_count is None or req.max_count is None:
            continue
        if f"requirements.{kind}.min_count" not in said:
            continue
        if f"requirements.{kind}.max_count" in said or req.min_count is None:
            continue
        # "3 jets instead", "at least 2 jets" after "exactly 4 jets": a new count of the kind
        # replaces the old one (was: 3 to 4, "at least 3" said)
        notes.append(f"The earlier 'at most {req.max_count} {kind}s' is replaced by the new count.")
        req.max_count = None
        explicit.discard(f"requirements.{kind}.max_count")


#: Per-event sums over the jets: "now the HT" is of the jets whatever was plotted before
_JET_SUMS = {"ht": "HT", "mht": "MHT"}
#: What a previous plot of a pair must not have chosen for "now the HT" to keep its events as a
#: pair selection (``pair_sel``: any pair of the selected objects, of the stated charge)
_PAIR_CHOICES = ("z_candidate", "target_mass", "zz", "leading_pair",
                 "not_in_pair", "pair_sel", "z_decay", "event_cuts", "arithmetic_cuts")  # fmt: skip


def _jet_sum_kept(previous: Draft) -> bool:
    """The events of the previous plot can be kept when its objects make way for the jets of an
    HT: a pair of two (as a pair selection), a ranked object (a count) or every object."""
    if not previous.pair:
        return True
    if (previous.size or 2) != 2 or previous.object not in _PAIR_WORDS:
        return False
    return not any(getattr(previous, name) for name in _PAIR_CHOICES)


def event_quantity_question(previous: Draft, update: ParseResult) -> str | None:
    """ "now the HT", "now the MHT", "now the MET" (event quantities) after a plot whose events
    they cannot keep (a Z candidate, a four-lepton system): which events, asked (was: an HT of
    the plotted pair, a validation error)."""
    u, said = update.draft, update.explicit
    if "quantity" not in said or "object" in said or u.quantity not in (*_JET_SUMS, "met"):
        return None
    if previous.object in (None, u.object) and not previous.pair or _jet_sum_kept(previous):
        return None
    if u.quantity == "met":  # "now the MET" after "the Z candidate mass" (not "now MET/HT")
        if u.arithmetic:
            return None
        return (
            f"The previous plot's events (with its {previous.object} candidate) cannot be kept "
            "as a selection for the MET here. In which events should I plot the MET: e.g. 'the "
            "MET in events with two opposite-sign muons', or 'the MET' for all events?"
        )
    what = _JET_SUMS[str(u.quantity)]
    return (
        f"The {what} is a sum over the jets; the previous plot's events (with its "
        f"{previous.object} candidate) cannot be kept as a selection for it here. In which events "
        f"should I plot the {what}: e.g. 'the {what} in events with two opposite-sign muons', or "
        f"'the {what}' for all events?"
    )


def pair_count_question(previous: Draft, update: ParseResult) -> str | None:
    """ "and the number of electrons" after "the dimuon mass": the electrons of the previous
    plot's events, or of the electron channel, or of every event -- asked (was: the number of
    dielectron pairs, labelled "Number of electrons"). Events named ("in all events") plan."""
    u, said = update.draft, update.explicit
    if not previous.pair or "pair" in said or u.quantity != "count" or "quantity" not in said:
        return None
    if "object" not in said or u.object in (None, previous.object) or u.pair:
        return None
    if _family(u.object) != "lepton" or _family(previous.object) != "lepton":
        return None  # "now the number of jets": the jets of the previous plot's events
    if said - {"object", "quantity", *BINNING} or _ALL_EVENTS.search(lx.normalise(update.text)):
        return None
    old = str(previous.object)
    words = _OBJECT_WORDS.get(old, old)
    count = _OBJECT_WORDS.get(str(u.object), str(u.object))
    charge = {"opposite": "opposite-sign ", "same": "same-sign "}.get(
        str(previous.charge), "" if previous.charge else "opposite-sign "
    )
    pair = f"{_PAIR_WORDS.get(old, old)} pair" if (previous.size or 2) == 2 else f"{words}s"
    if previous.z_candidate:
        pair = "Z candidate"
    return (
        f"Count the {count}s in which events: those of the previous plot (with its {pair}) or "
        f"every event? Please say e.g. 'the number of {count}s in events with two {charge}"
        f"{words}s', or 'now the number of {count}s in all events'."
    )


def _jet_sum_followup(
    previous: Draft, new: Draft, u: Draft, said: set[str], notes: list[str]
) -> None:
    """ "now the HT" after "the dimuon mass of opposite-sign muons": the HT of the jets (its own
    objects) in the previous plot's events: a plotted pair becomes a pair selection (the same
    charge), a ranked object a count; stated (was: the HT of the dimuon pair, an invalid
    analysis; after "the leading muon pT": the scalar pT sum of the muons, unsaid)."""
    if "quantity" not in said or "object" in said or u.quantity not in _JET_SUMS:
        return
    old, jets = previous.object, u.object
    if old is None or jets is None or (old == jets and not previous.pair):
        return
    if not _jet_sum_kept(previous):
        return  # asked (event_quantity_question)
    words = _OBJECT_WORDS.get(str(old), str(old))
    plotted = f"{_PAIR_WORDS[str(old)]} pair" if previous.pair else f"{words}s"
    if previous.pair and old == jets:  # "the dijet mass" -> the HT in events with two jets
        req = new.req(jets)
        req.min_count = max(req.min_count or 0, 2)
        events = f"with at least two {words}s"
        new.pair = None
    else:
        events = _keep_previous_events(previous, new) or ""
    new.object, new.index = jets, None
    what = _JET_SUMS[str(u.quantity)]
    notes.append(
        f"The {what} is of the selected jets (its usual objects), not of the {plotted} plotted "
        "before" + (f"; the events are those of the previous plot: {events}." if events else ".")
    )


def _met_followup(previous: Draft, new: Draft, u: Draft, said: set[str], notes: list[str]) -> None:
    """ "now the MET" after "the dimuon mass": the MET in the previous plot's events -- a
    plotted pair becomes a pair selection (the same charge), a ranked object a count -- said
    in the notes (was: the MET of every event, the pair requirement dropped with no note, or a
    question about unused muons). A previous plot whose pair cannot be kept as a selection (a
    Z candidate, four objects, a chosen pair) is left as before."""
    if "quantity" not in said or "object" in said or u.quantity != "met" or u.arithmetic:
        return  # "now the MET/HT": the ratio's own reading (_arithmetic_followup)
    if previous.object is None or previous.quantity == "met" or not _jet_sum_kept(previous):
        return
    events = _keep_previous_events(previous, new)
    if events is None:
        return  # "the muon pT" then "now the MET": every event, as before
    new.object, new.index = None, None
    notes.append(f"The MET is plotted in the events of the previous plot: {events}.")


def _keep_previous_events(previous: Draft, new: Draft) -> str | None:
    """Keep the previous plot's events for a new event quantity (the HT, the MET): a plotted
    pair of two becomes a pair selection of the same charge, a ranked object a count of that
    many objects. Returns how the events are said ("with an opposite-sign dimuon pair ..."), or
    None when the previous plot selected no events of its own (every object plotted)."""
    old = str(previous.object)
    words = _OBJECT_WORDS.get(old, old)
    if previous.pair:
        new.pair_sel = previous.object
        new.pair = None
        # the charge the kept pair has: the stated one, else the pair selection's default
        # (opposite for leptons, chathep.planner.build; was said as "a dimuon pair")
        kept = previous.charge
        if kept is None:
            lepton_like = old in ("muon", "electron", "lepton", "emu", "tau")
            kept = "opposite" if lepton_like and not previous.as_written else "any"
        charge = {"opposite": "opposite-sign ", "same": "same-sign "}.get(kept, "")
        article = "an" if charge.startswith("o") else "a"
        events = f"with {article} {charge}{_PAIR_WORDS[old]} pair"
        if kept == "any" and _family(old) == "lepton":
            events += " of any charge"
        if not previous.all_pairs:  # the plot's pair was the two leading
            events += f" (any two of the selected {words}s)"
        return events
    if previous.index is not None:  # "the subleading muon pT": events with two muons
        need = previous.index + 1
        req = new.req(previous.object)
        req.min_count = max(req.min_count or 0, need)
        return f"with at least {need} {words}{'s' if need > 1 else ''}"
    return None


#: what a follow-up says of its own events: the previous plot's pair is not carried over
_OWN_EVENTS = ("pair", "pair_sel", "z_decay", "z_candidate", "arithmetic", "all_pairs")


def _pair_events_keepable(previous: Draft, u: Draft, said: set[str]) -> bool:
    """A plot of a pair of two (of any two of its objects, no candidate chosen) before a
    follow-up that names no pair or event selection of its own."""
    if not previous.pair or said & set(_OWN_EVENTS) or not _jet_sum_kept(previous):
        return False
    if "object" not in said or u.object == previous.object:
        return True
    # "now the leading jet pT" after the dimuon mass (not "the electron pT": another channel)
    return _family(u.object) != _family(previous.object)


def _pair_cut_kept(previous: Draft, said: set[str]) -> bool:
    """The previous plot's pair has an event cut ("the dimuon pT above 50 GeV"), carried over
    to the next plot: the pair, and the cuts on its objects, select that plot's events."""
    return (
        bool(previous.pair)
        and "event_cuts" not in said
        and any(c.pair and c.object == previous.object for c in previous.event_cuts or [])
    )


#: "in all events", "with no selection": the events of the follow-up's own plot are every event
_ALL_EVENTS = re.compile(
    r"\b(?:in|for|over|of|using)\s+(?:all|every|each|any)\s+(?:the\s+)?events?\b"
    r"|\b(?:no|without(?:\s+any)?)\s+(?:event\s+)?(?:selection|cuts?)\b",
    re.IGNORECASE,
)


def _pair_events_kept(
    previous: Draft, new: Draft, u: Draft, said: set[str], notes: list[str], text: str
) -> None:
    """ "and now the leading muon eta", "now the number of jets" after "the dimuon mass of
    opposite-sign muons": one object's quantity in the previous plot's events (the pair kept as
    a pair selection of the same charge, as for "now the HT"), said (was: the pair requirement
    dropped with no note). A pair that cannot be kept as a selection (a Z candidate, the pair of
    highest pT, four objects) is said to be dropped."""
    if not previous.pair or new.pair or new.pair_sel or new.z_decay:
        return  # still a pair, or the events already chosen (the HT, the MET)
    if new.quantity in EVENT_QUANTITIES or new.quantity in _JET_SUMS or new.arithmetic:
        return
    if not ({"object", "quantity", "index"} & said) or said & set(_OWN_EVENTS):
        return
    if _ALL_EVENTS.search(text):
        return  # "now the leading jet pT in all events": every event, as written
    if previous.object not in _PAIR_WORDS:
        return
    if _pair_cut_kept(previous, said):
        cuts = [c for c in new.event_cuts or [] if c.pair and c.object == previous.object]
        if cuts:
            pair = _PAIR_WORDS[str(previous.object)]
            notes.append(
                f"The events are those of the previous plot: its cut on the {pair} pair (and "
                f"the cuts on its {_OBJECT_WORDS.get(str(previous.object))}s) is kept."
            )
            return
    if not _pair_events_keepable(previous, u, said):
        if new.z_candidate:
            return  # the Z candidate kept as an event selection (said when planned)
        words = _OBJECT_WORDS.get(str(previous.object), str(previous.object))
        size = previous.size or 2
        if previous.z_candidate:
            what, example = "Z candidate", "'in events with a Z candidate'"
        else:
            what = f"{_PAIR_WORDS[str(previous.object)]} pair" if size == 2 else (
                f"{size}-{words} system"
            )  # fmt: skip
            sign = "opposite-sign " if _family(previous.object) == "lepton" else ""
            example = f"'in events with {size} {sign}{words}s'"
        notes.append(
            f"The events are not those of the previous plot: its {what} is not kept as a "
            f"selection here (every event is used); name the events to keep them, e.g. "
            f"{example}."
        )
        return
    new.charge = previous.charge
    events = _keep_previous_events(previous, new)
    notes.append(f"The events are those of the previous plot: {events}.")


def _arithmetic_followup(
    previous: Draft, new: Draft, u: Draft, said: set[str], explicit: set[str], notes: list[str]
) -> bool:
    """ "now the MET/HT": the ratio of two quantities (chathep.planner.arithmetic) as the new
    plot; a follow-up naming another plot after a ratio ("now the leading jet pT", "now the
    MET" after "MET/HT") plots that quantity alone (was: still divided by the HT, with no
    word said). Whether the plot changed."""
    if "arithmetic" in said and u.arithmetic:
        changed = (previous.arithmetic, previous.second) != (u.arithmetic, u.second)
        new.arithmetic, new.second = u.arithmetic, u.second
        explicit |= {"arithmetic", "second"}
        if u.quantity in EVENT_QUANTITIES and "object" not in said:
            # "now the MET/HT" after "the dimuon mass": of the event, as asked first (the
            # plotted pair is not the first term's)
            new.object, new.pair, new.index = u.object, u.pair, u.index
            explicit -= {"object", "pair", "index"}
        return changed
    if previous.arithmetic and ({"quantity", "object", "index", "pair"} & said):
        new.arithmetic, new.second = None, None
        explicit -= {"arithmetic", "second"}
        notes.append(
            f"The new plot is the quantity named alone: the {previous.arithmetic} of the "
            "previous plot is not carried over."
        )
        return True
    return False


#: the pair of two objects of one kind, in words
_PAIR_WORDS = {
    "muon": "dimuon", "electron": "dielectron", "lepton": "dilepton", "jet": "dijet",
    "bjet": "b-jet pair", "photon": "diphoton", "tau": "ditau", "fatjet": "fat-jet pair",
}  # fmt: skip
#: quantities of a pair's system or of its two objects
_QUANTITY_WORDS = {"pt": "pT", "delta_r": "delta R", "delta_phi": "delta phi",
                   "delta_eta": "delta eta", "delta_y": "delta y"}  # fmt: skip
_PAIR_QUANTITIES = (
    "mass", "pt", "eta", "phi", "rapidity", "delta_r", "delta_phi", "delta_eta", "delta_y",
)  # fmt: skip


def _pair_carried(previous: Draft, u: Draft, said: set[str]) -> str | None:
    """ "and now the jets", "now the photons" after the dimuon mass: the same pair quantity of
    the new objects (the dijet mass of the two leading jets), stated; None when the follow-up
    names a quantity or index of its own, or the previous plot was no pair of two (was: each
    jet's mass, said only as "Switched from muon to jet")."""
    if not previous.pair or (previous.size or 2) != 2 or u.object not in _PAIR_WORDS:
        return None
    if said & {"quantity", "index", "all_pairs"} or previous.quantity not in _PAIR_QUANTITIES:
        return None
    if u.object == "lepton" or previous.object not in _PAIR_WORDS:
        return None
    old, now = _PAIR_WORDS[str(previous.object)], _PAIR_WORDS[str(u.object)]
    words = _OBJECT_WORDS.get(str(u.object), str(u.object))
    quantity = _QUANTITY_WORDS.get(str(previous.quantity), str(previous.quantity))
    own = not previous.quantity.startswith("delta") and (
        previous.quantity != "mass" or u.object in ("jet", "bjet", "fatjet")
    )  # a delta needs two; a lepton's or photon's own mass is no plot
    each = f"; say 'the {words} {quantity}' for each {words}'s own {quantity}" if own else ""
    return (
        f"The {old} {quantity} carried over to {words}s: the {now} {quantity}, of the two "
        f"leading {words}s, with the {now} {quantity}'s default binning{each}."
    )


def _said_fields(
    previous: Draft,
    new: Draft,
    u: Draft,
    said: set[str],
    explicit: set[str],
    notes: list[str],
    text: str,
    plot_changed: bool,
) -> None:
    """The MET flavour, |x| and the triggers: set when the follow-up names them, taken back when
    it names the opposite ("now the PF MET"), never silently carried to another quantity."""
    for name in SAID_FIELDS:
        if name in said:
            setattr(new, name, getattr(u, name))
            explicit.add(name)
    words = lx.normalise(text)
    if "puppi_met" in said and u.puppi_met and not previous.puppi_met:
        was = previous.met_source or "PF MET"
        notes.append(f"Switched from the {was} to the PUPPI MET (PuppiMET).")
    elif "puppi_met" not in said and previous.puppi_met and _PF_MET.search(text.lower()):
        # the words as written: normalising drops "PF" and "type-1"
        new.puppi_met = None
        explicit.discard("puppi_met")
        notes.append("Switched from the PUPPI MET back to the PF MET (MET).")
    if "met_source" in said and u.met_source != previous.met_source:
        new.puppi_met = None  # one MET: the one named now
        notes.append(f"Switched to the {u.met_source}.")
    elif "puppi_met" in said and previous.met_source:
        new.met_source = None
    elif previous.met_source and _PF_MET.search(text.lower()):  # "now the PF MET"
        new.met_source = None
        explicit.discard("met_source")
        notes.append(f"Switched from the {previous.met_source} back to the PF MET (MET).")
    if plot_changed and previous.absolute and "absolute" not in said:
        new.absolute = None
        explicit.discard("absolute")
    if plot_changed and previous.absolute and "absolute" not in said and u.quantity in _SIGNED:
        notes.append(
            f"The absolute value (|{previous.quantity}|) of the previous plot is not carried "
            f"over to the {u.quantity}; say '|{u.quantity}|' to keep it."
        )
    if (
        "index" not in said
        and previous.index is not None
        and not previous.pair
        and _EVERY.search(words)
        and ("object" in said or "quantity" in said)
    ):
        # "now all jets" after "the leading jet pT": every jet (was: still the leading one,
        # although the plan's own note says "say 'all jets' for every one")
        new.index = None
        explicit.discard("index")
        which = {0: "leading", 1: "subleading"}.get(previous.index, "one")
        notes.append(f"Every {new.object}, not only the {which} one: one entry per {new.object}.")


_WAIVED_WORDS = {"pt": "pT", "eta": "eta", "id": "ID", "iso": "isolation", "cleaning": "cleaning"}


def _waived_note(previous: Draft, new: Draft, notes: list[str]) -> None:
    """ "now all muons" waives every muon requirement (as 'all muons' does in a request): said,
    since the cuts the plan showed go (was: dropped with no note)."""
    for kind, req in new.requirements.items():
        before = previous.requirements.get(kind)  # type: ignore[call-overload]
        old = (before and before.without) or []
        newly = [p for p in req.without or [] if p not in old]
        if kind not in ("jet", "bjet", "fatjet"):
            newly = [p for p in newly if p != "cleaning"]
        if newly:
            notes.append(
                f"No {kind} requirement on "
                + ", ".join(_WAIVED_WORDS.get(p, p) for p in newly)
                + " any more (the defaults shown before are dropped)."
            )


def _mixed_era_note(
    current: list[str], samples: list[str], catalog: Catalog, lumi_pb: float | None = None
) -> tuple[str, str] | None:
    """(the plan's era, a note) when a follow-up adds samples of another era to a plan whose
    samples were all of one era; None otherwise. ``lumi_pb``: the luminosity the draft states
    (an MC-only plan is normalised to it)."""
    eras = {catalog[n].era for n in current if n in catalog.samples}
    if len(eras) != 1:
        return None
    era = eras.pop()
    added = [catalog[n] for n in samples if n not in current and n in catalog.samples]
    other = [s for s in added if s.era != era]
    if not other:
        return None
    from chathep.describe import samples_mixed_eras_note
    from chathep.planner.build import DEFAULT_MC_LUMI_PB

    said = []
    for sample in other:
        kind = "data" if sample.is_data else sample.process
        said.append(
            f"{sample.name} is {sample.era} ({sample.sqrt_s_tev:g} TeV; the catalog has no "
            f"{era} {kind})"
        )
    energies = {catalog[n].sqrt_s_tev for n in samples if n in catalog.samples}
    energy = " at different centre-of-mass energies" if len(energies) > 1 else ""
    note = (
        "; ".join(said)
        + f", while the plan's other samples are {era}: the plan keeps era {era} and mixes "
        f"eras{energy}. "
    )
    chosen = [catalog[n] for n in samples if n in catalog.samples]
    if lumi_pb is None and not any(s.is_data for s in chosen) and not catalog.data(era):
        lumi_pb = DEFAULT_MC_LUMI_PB  # what the build chooses (and states) for this MC
    note += samples_mixed_eras_note(chosen, lumi_pb, catalog) or ""
    return era, note


def _samples_in_era(samples: list[str], era: str, catalog: Catalog) -> list[str] | None:
    """``samples`` with each moved to its process in ``era``; None when one has none there."""
    out: list[str] = []
    for name in samples:
        if name not in catalog.samples:
            return None
        sample = catalog[name]
        same = [
            s.name
            for s in catalog
            if s.era == era and s.process == sample.process and s.kind == sample.kind
        ]
        if sample.era == era:
            same = [name]
        if not same:
            return None
        out += same
    return list(dict.fromkeys(out))


def era_question(previous: Draft, update: ParseResult, catalog: Catalog) -> str | None:
    """ "now in 2022" after a plan of 2018 samples: the same processes in 2022, or one question
    when the era lacks one of them (was: the era changed, the 2018 samples kept, no note)."""
    if "era" not in update.explicit or "samples" in update.explicit or not previous.samples:
        return None
    era = str(update.draft.era)
    if _samples_in_era(previous.samples, era, catalog) is not None:
        return None
    missing = [n for n in previous.samples if _samples_in_era([n], era, catalog) is None]
    there = [s.name for s in catalog if s.era == era]
    return (
        f"The plan's samples {', '.join(missing)} have no {era} counterpart in the catalog "
        f"({era} has: {', '.join(there) or 'no samples'}). Which samples should I use in {era}?"
    )


def count_question(draft: Draft) -> str | None:
    """ "require exactly one muon" after the dimuon mass: at most one muon and a pair of muons
    select no event; asked (was: an empty plot, no note)."""
    if not draft.pair or draft.object is None:
        return None
    req = draft.requirements.get(draft.object)  # type: ignore[call-overload]
    size = draft.size or 2
    if req is None or req.max_count is None or req.max_count >= size:
        return None
    return (
        f"The plot is of {draft.object} pairs, which needs at least {size} {draft.object}s, but "
        f"the selection now allows at most {req.max_count}. Did you mean a different plot (e.g. "
        f"'the leading {draft.object} pT'), or a different number of {draft.object}s?"
    )


def _ranked(draft: Draft) -> bool:
    """The draft plots the system of two ranked objects ("the mass of the leading and third
    jets", chathep.planner.reductions)."""
    return bool(draft.system) and draft.other_index is not None


def _reduction_followup(
    previous: Draft, new: Draft, u: Draft, said: set[str], explicit: set[str], notes: list[str]
) -> None:
    """A per-event reduction or system (chathep.planner.reductions) in a follow-up: "now the
    maximum muon pT per event" sets it (one value per event: no pair, no index); a new quantity
    or object without one drops the previous one, said in a note (never silently carried to
    another quantity: "now the muon pT" after "the maximum jet |eta|" is every muon's pT)."""
    if any(name in said for name in REDUCTION_FIELDS):
        for name in REDUCTION_FIELDS:
            setattr(new, name, getattr(u, name))
            (explicit.add if name in said else explicit.discard)(name)
        new.pair, new.index = False, None
        explicit.discard("index")
        return
    changed = ("quantity" in said and u.quantity != previous.quantity) or (
        "object" in said and u.object != previous.object
    )
    if _ranked(previous) and (changed or "index" in said):
        first, second = previous.index or 0, int(previous.other_index or 0)
        ranks = f"the {reductions.RANK_WORDS[first]} and {reductions.RANK_WORDS[second]}"
        word = f"{_OBJECT_WORDS.get(str(previous.object), previous.object)}s"
        own = said & {"object", "index", "other_index", "pair", "also"}
        if not own and u.quantity in reductions.SYSTEM_QUANTITIES:
            # "now the pT" after "the mass of the leading and third jets": of the same two
            new.index = previous.index
            q = {"pt": "pT"}.get(str(u.quantity), str(u.quantity))
            notes.append(
                f"Still {ranks} {word}: the {q} of their four-vector sum (say e.g. 'the leading "
                f"{word[:-1]} {q}' for one {word[:-1]})."
            )
            return
        for name in REDUCTION_FIELDS:
            setattr(new, name, None)
            explicit.discard(name)
        if "index" not in said:
            new.index = None
        if "other_index" not in said:
            new.other_index = None
            explicit.discard("other_index")
        notes.append(
            f"The system of {ranks} {word} of the previous plot is not carried over; say it "
            "again to keep it."
        )
        return
    if changed and reductions.is_reduction(previous):
        for name in REDUCTION_FIELDS:
            setattr(new, name, None)
            explicit.discard(name)
        notes.append(
            "The per-event reduction (maximum, minimum, mean, sum of the leading, system of "
            "all) of the previous plot is not carried over; say it again to keep it."
        )


#: "drop the b-jet requirement", "remove the two-muon selection", "no longer require jets":
#: a follow-up that takes back the count of one kind of object
_REMOVE_COUNT = re.compile(
    r"^\s*(?:(?:now|and|then|ok|okay|please)[\s,]+)*(?:remove|drop|delete|lift|release|undo"
    r"|forget(?:\s+about)?|get\s+rid\s+of|no\s+longer\s+require|do\s+not\s+require|stop\s+requiring)"
    r"\s+(?:the\s+|any\s+|that\s+)?(?:(?:requirement|cut)\s+(?:of|on)\s+(?:the\s+|any\s+)?"
    r"(?:number\s+of\s+)?)?(?:(?:at\s+least|exactly|at\s+most)\s+)?(?:\d+|one|two|three|four)?[\s-]*"
    r"(b-?tagged\s+jets?|b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?)"
    r"(?:\s+(?:(?:count|multiplicity|number)\s+)?(?:requirement|cut|selection|condition|veto)"
    r"|\s+count)?"
    r"(?:\s+(?:again|too|as\s+well))?\s*[.!]?\s*$"
)


def remove_count(text: str, previous: Draft) -> tuple[Draft, str] | str | None:
    """ "drop the b-jet requirement" after a plan that required b-jets: the previous draft
    without that count (and a note), or a question if there was none to drop; None when the
    text is no such follow-up. The plotted object stays what it was (the words name the
    removed requirement, not a new plot)."""
    m = _REMOVE_COUNT.match(lx.normalise(text))
    if m is None:
        return None
    # the object words' one registry (lexicon.OBJECT_PATTERNS) names the kind
    kind = next(k for p, k, pair in lx.OBJECT_PATTERNS if not pair and re.search(p, m.group(1)))
    req = previous.requirements.get(kind)  # type: ignore[call-overload]
    if req is None or (req.min_count is None and req.max_count is None):
        return (
            f"The plan has no requirement on the number of {kind}s to remove. Which cut should "
            "I remove? (The plan above lists its selection.)"
        )
    new = previous.model_copy(deep=True)
    changed = new.requirements[kind]  # type: ignore[index]
    changed.min_count = changed.max_count = None
    if changed.is_empty() and kind != previous.object:
        del new.requirements[kind]  # type: ignore[arg-type]
    if kind == previous.object and (previous.pair or previous.index):
        # "remove the 2 jet requirement" after the dijet mass: the pair still needs two jets
        # (was: "Removed ...", the n(jets) >= 2 step still in the plan)
        need = (previous.size or 2) if previous.pair else (previous.index or 0) + 1
        return new, (
            f"Removed the stated requirement on the number of {kind}s; the plotted quantity "
            f"still needs at least {need} {kind}s, so that step stays."
        )
    return new, f"Removed the requirement on the number of {kind}s."
