"""Readings the parser's rules would make silently wrong: asked instead.

Each check sees the request's words (lower case) and the parser's draft after all passes, and
returns the question to ask when the words say something the draft cannot hold:

- "the dimuon mass where at least one muon has pT above 30 GeV": a cut on one muon of the
  pair (the leading one), which the rules would put on every muon, so on both legs;
- "the pT of the muons from the Z decay": the two legs of the Z candidate, which the rules
  would read as every selected muon.
"""

from __future__ import annotations

import chathep.regex as re
from chathep.catalog import Catalog
from chathep.planner.draft import EVENT_QUANTITIES, Draft
from chathep.planner.lexicon import ANY_CHARGE, PV_Z
from chathep.spec import AnalysisSpec

_KINDS = r"(muon|electron|lepton|jet|b-?jet|photon|tau)"

#: a bound right after a word ("xyz > 20", "xyz is above 20", "at least 3"): the parser asks
#: about an English word there that no rule read. Kept here, not in the parser: a pattern
#: written in parser.py is a recogniser of the coverage check, and with the word left open
#: (an f-string's part) it made every word before any bound known ("the lowest pT jet in
#: events with at least 3 jets" planned every jet).
BOUND_AFTER = (
    r"\s*(?:[<>]=?|=|(?:is\s+|are\s+)?(?:above|below|over|under|greater\s+than|less\s+than"
    r"|at\s+least|at\s+most))\s*-?\d"
)


def at_least_one_cut(text: str, draft: Draft) -> str | None:
    """ "the dimuon mass where at least one muon has pT above 30 GeV", "... with at least one
    muon in the endcap": asked when the plot is of several objects of that kind (a pair, a
    count), where a cut on every object is not a cut on one of them."""
    for m in re.finditer(
        rf"\b(?:at\s+least\s+(?:one|1)|(?:(?:only|exactly|just)\s+)?(?:one|1)\s+of\s+the"
        rf"|(?:only|just)\s+(?:one|1)|(?<=\bwith\s)(?:one|1|a|an)|(?<=\bwhere\s)(?:one|1|a|an))"
        rf"\s+{_KINDS}s?\s+(?:has|have|with|having|is|are|passes|pass"
        r"|must\s+have|should\s+have|must\s+be|above|over|harder|in|inside|outside|within|being)\b"
        r"[^.;:]{0,40}?(?:\bpt\b|\btransverse\s+momentum\b|\babove\b|\bover\b|>|<|\beta\b"
        r"|\bbarrel\b|\bendcaps?\b|\bforward\b|\bcentral\b|\bacceptance\b|\bisolated\b"
        r"|\biso(?:lation)?\b|\bid\b|\bidentification\b|\btight\b|\bmedium\b|\bloose\b"
        r"|\bb-?tagged\b|\bgev\b)",
        text,
    ):
        kind = m.group(1).replace("-", "")
        pt_cut = re.search(r"\bpt\b|\btransverse\s+momentum\b|\babove\b|\bover\b|>", m.group(0))
        # a pair, a count, a sum over them (HT), a lower-ranked one ("the subleading jet"),
        # every one of them ("the muon pT for events with at least one muon in the barrel"),
        # or the leading one with a region ("the leading jet pT for events with at least one
        # jet with |eta| > 3": the leading forward jet is not the event's leading jet): the
        # plot is of more objects than the one the cut is said of. (The leading one above a
        # pT threshold is the same either way.)
        # ("with a muon with pT > 50" may describe a trigger, not a selection: the plot of
        # every one or of the leading one asks only for "at least one", "one of the", "only one")
        counted = re.match(r"(?:at\s+least|only|just|exactly|one|1)\b", m.group(0)) is not None
        # "the jet pT for events with a jet above 500 GeV": one of them, said of the events
        before = text[: m.start()]
        counted = counted or (
            re.search(r"\bevents?\s+(?:with|where|having|containing)\s+$", before) is not None
            and not re.search(r"\b(?:veto|reject|remov)\w*:?\s+events?\s+\w+\s+$", before)
        )
        several = draft.object == kind and (
            draft.pair
            or draft.quantity in ("count", "ht", "mht")
            or (draft.index or 0) > 0
            or (counted and draft.index is None and draft.quantity not in EVENT_QUANTITIES)
            or (counted and draft.index == 0 and not pt_cut)
        )
        if several and pt_cut:
            return (
                f"'{m.group(0).strip()}...': should the cut apply to one {kind} only (the "
                f"leading {kind} above it, the others at the usual threshold) or to every "
                f"{kind}? Say 'the leading {kind} above ...' or 'all {kind}s above ...'."
            )
        if several:  # "with at least one muon in the endcap": a region of one of them
            return (
                f"'{m.group(0).strip()}...': I can require this of every {kind} (then all of "
                f"them), not of one {kind} only. Should every {kind} satisfy it (say 'all "
                f"{kind}s ...'), or only the leading one ('the leading {kind} ...')?"
            )
    # "with a barrel muon", "with one endcap muon", "at least one isolated muon": a region or an
    # isolation said of one object of the plotted pair
    m = re.search(
        r"\b(?:at\s+least\s+)?(?:one|1|a|an)\s+(barrel|endcap|forward|central|isolated"
        rf"|non-isolated|anti-isolated|tight|loose|medium)\s+{_KINDS}\b(?!s)",
        text,
    )
    if m is not None:
        kind = m.group(2).replace("-", "")
        if draft.object == kind and draft.pair:
            return (
                f"'{m.group(0).strip()}': I can require this of every {kind} of the pair, not of "
                f"one {kind} only. Should both satisfy it (say 'both {kind}s ...'), or only the "
                f"leading one ('the leading {kind} ...')?"
            )
    return None


def legs_of_the_z(text: str, draft: Draft) -> str | None:
    """ "the pT of the muons from the Z decay", "the eta of the electrons that form the Z
    candidate": each leg of the Z candidate, which the spec does not plot one by one; "the
    muons from b decays", "jets from the top": an origin, which needs generator matching."""
    origin = re.search(
        r"\b(muons?|electrons?|leptons?|b-?jets?|jets?|photons?|taus?)\s+(?:that\s+|which\s+)?"
        r"(?:from|forming|form|make\s+up|making\s+up|coming\s+from|come\s+from|produced\s+in"
        r"|originating\s+from|stemming\s+from|of)\s+(?:the\s+|a\s+)?(?:reconstructed\s+)?"
        r"(z|w|b|top|t|higgs|h|tau|heavy[- ]flavou?r|b[- ]hadron|hadronic)s?\b"
        r"(?:\s*(?:bosons?|quarks?|candidates?|decays?|->\s*\w+))*",
        text,
    )
    legs = re.search(
        r"\b(?:2\s+)?(muons?|electrons?|leptons?|b-?jets?|jets?)\s+(?:in|of|forming|making\s+up)"
        r"\s+(?:the|each|this|that)\s+(?:pair|dimuon|dielectron|dilepton|dijet|candidate)s?\b",
        text,
    )
    if legs is not None and not draft.pair and draft.quantity is not None:
        return (
            f"'{legs.group(0)}': I cannot plot each leg of a pair yet. Should I plot every "
            f"selected {legs.group(1).rstrip('s')}, the leading or subleading one alone, or the "
            "pair itself?"
        )
    if origin is None or draft.pair or draft.quantity is None:
        return None
    words = origin.group(0)
    if origin.group(2) == "z" and draft.object in ("muon", "electron", "lepton"):
        return (
            f"'{words}': I cannot plot each leg of the Z candidate yet. Should I plot every "
            f"selected {draft.object} in events with a Z candidate, the leading or subleading "
            "leg alone, or the Z candidate itself (the pair)?"
        )
    if origin.group(2) == "z" and not re.search(r"\b(?:decays?|->)", words):
        return None  # "the muons of the Z candidate" is read above; "jets of the Z": no
    return (
        f"'{words}': selecting objects by where they come from needs generator-level "
        "matching, which I cannot plan yet. Should I plot all selected objects instead?"
    )


def closest_unread(text: str, draft: Draft) -> str | None:
    """ "the MET in events with a pair of b-jets closest to 125 GeV" read as two b-jets: a mass
    to choose a candidate by, but no pair or candidate in the draft takes it (the build reads
    ``target_mass`` only for a plotted pair, a pair selection or four objects). Asked."""
    if draft.target_mass is None or draft.quantity is None:  # nothing plotted: asked so
        return None
    plotted = draft.pair and draft.object and draft.quantity not in EVENT_QUANTITIES
    if plotted or (draft.pair_sel and not draft.pair) or draft.z_decay or draft.z_candidate:
        return None
    if draft.zz or draft.size:  # four objects, triplets: their candidates take it
        return None
    m = re.search(r"\b(?:closest|nearest)\s+to\b[^,;.]{0,30}", text)
    said = f"'{m.group(0).strip()}'" if m else f"the mass {draft.target_mass:g} GeV"
    return (
        f"{said}: of which pair or candidate? Say e.g. 'events with a muon pair closest to the "
        "Z mass' or 'the dijet mass of the pair closest to 125 GeV'."
    )


_PLURALS = r"(muons|electrons|leptons|jets|b-?jets|photons|taus)"


def system_of_all(text: str, draft: Draft) -> str | None:
    """ "the invariant mass of all jets", "the pT of the sum of all muons": the system of every
    object of the event, which the spec does not build (it combines 2, 3 or 4 objects); the
    rules would read "all" as "no cuts" and plot pairs, or each object's pT."""
    system = re.search(
        rf"\b(?:(?:vector\s+)?sum|system)\s+of\s+(?:all|every|each)\s+(?:the\s+)?(?:selected\s+)?"
        rf"{_PLURALS}|\bmass\s+of\s+(?:all|every)\s+(?:the\s+)?(?:selected\s+)?{_PLURALS}",
        text,
    )
    if draft.system:  # read as the four-vector sum of every object (chathep.planner.reductions)
        return None
    if system is None or draft.quantity not in ("pt", "eta", "phi", "mass", "rapidity"):
        return None
    if draft.pair and draft.size in (3, 4):
        return None
    return (
        f"'{system.group(0)}': the system of every such object in the event is not a quantity "
        "I can build yet (I combine 2, 3 or 4 objects). Do you mean each pair (e.g. 'the mass "
        "of all pairs of ...'), the two leading ones, or something else?"
    )


def window_taken_out(text: str, draft: Draft) -> str | None:
    """ "the dimuon mass outside the Z peak", "excluding the Z window": pairs outside a mass
    window, which the spec cannot keep (a window keeps what is inside); the rules would read
    the window's name as the window itself."""
    out = re.search(
        r"\b(?:outside|off|away\s+from|excluding|exclude|except|vetoing|veto|not\s+in|not\s+near"
        r"|not\s+around)\s+(?:of\s+)?(?:the\s+)?(?:z|j/?psi|upsilon|psi|higgs|w|resonance|mass)"
        r"\b[^,;.]{0,25}?\b(?:peak|window|region|pole|resonance|mass)\b"
        # "mll outside 76-106 GeV" (was: the window kept), "off-Z" (was: 'off' taken as commentary)
        r"|\bmass\b[^,;.]{0,12}?\b(?:outside(?:\s+of)?|not\s+in|not\s+between|excluding)\s+"
        r"(?:the\s+)?(?:range\s+|window\s+)?[\[(]?\s*\d+(?:\.\d+)?\s*(?:-|to|and|,)\s*\d+"
        r"(?:\.\d+)?\s*[\])]?(?:\s*gev\b)?"
        r"|\boff[- ]?z\b"
        # "vetoing events with an OSSF pair within 10 GeV of the Z mass" (was: every lepton
        # vetoed and the pair required in the window)
        r"|\b(?:veto\w*|reject\w*|remov\w+|excluding|exclude)\s+(?:events?\s+)?(?:with|containing"
        r"|having|that\s+have)\s+[^,;.]{0,40}?\b(?:within|near|around|close\s+to|compatible"
        r"\s+with|consistent\s+with|inside)\s+[^,;.]{0,20}?\b(?:z|j/?psi|upsilon|higgs)\b"
        r"(?:\s+(?:boson\s+)?(?:mass|peak|window|pole))?"
        r"|\b(?:veto\w*|reject\w*|remov\w+|excluding|exclude)\s+(?:events?\s+)?(?:with|containing"
        r"|having|that\s+have)\s+[^,;.]{0,60}?\bmass\s+(?:between\s+\d+(?:\.\d+)?\s+and\s+"
        r"|within\s+)\d+(?:\.\d+)?(?:\s*gev\b)?",
        text,
    )
    if out is None or draft.quantity is None:
        return None
    return (
        f"'{out.group(0)}': I cannot keep only what is outside a mass window yet. Should I apply "
        "no mass window, or which mass range should I keep (e.g. 'dimuon mass above 120 GeV')?"
    )


def unused_objects(spec: AnalysisSpec) -> str | None:
    """An object the plan defines but nothing uses (no histogram, selection step, pair or
    overlap removal): the words that named it were read as its cuts and then dropped ("the
    number of muons ... and the number of electrons with pT > 10 GeV" plotting the muons
    only). Asked, quoting the object."""
    used: set[str] = set()
    for obj in spec.objects:
        used |= set(obj.merge) | {c.against for c in obj.clean_against}
    for comb in spec.combinations:
        used |= set(comb.inputs)
    for step in spec.selection:
        used |= {step.count} if step.count else set()
    for obs in spec.observables:
        used |= {x for x in (obs.of, obs.other, obs.exclude) if x}
    unused = [o.name for o in spec.objects if o.name not in used]
    if not unused:
        return None
    return (
        f"The request defines {', '.join(unused)} but neither plots nor requires them: what "
        f"should the {unused[0]} do (a histogram of their own, a requirement on the events, or "
        "nothing)?"
    )


def all_but_ranked(text: str, draft: Draft) -> str | None:
    """ "the pT of all but the leading jet", "every muon except the first": the objects after
    the first ones, which the spec cannot select (its index is one object); the rules would
    read the rank word and plot the leading one, the opposite of what was asked."""
    m = re.search(
        rf"\b(?:all|every|each|any)(?:\s+{_KINDS}s?)?\s+(?:but|except(?:\s+for)?|save|apart\s+from"
        r"|other\s+than|excluding|besides)\s+(?:the\s+)?(?:(?:\d|one|two|three|first|leading|"
        r"hardest|highest[- ]pt|sub-?leading|second|last|softest)\b[^.;,]{0,30})",
        text,
    )
    if m is None:
        return None
    return (
        f"'{m.group(0).strip()}': every object except the first ones is not a selection I can "
        "plan (a rank picks one object). Which plot do you mean, e.g. 'the subleading jet pT' "
        "(the second one only) or 'the pT of every jet'?"
    )


def trailing_ordinal(text: str, draft: Draft) -> str | None:
    """ "plot jet pT leading", "jet eta leading": an ordinal after the object and quantity,
    which the rules do not attach to the object (every jet would be plotted): asked."""
    m = re.search(
        rf"\b{_KINDS}s?\s+(?:pt|eta|phi|mass|energy|rapidity)\s*,?\s+"
        r"(leading|sub-?leading|second|third|fourth|hardest|softest)\s*[.!?]?\s*$",
        text,
    )
    if m is None or draft.index is not None:
        return None
    return (
        f"'{m.group(0).strip()}': of the {m.group(2)} {m.group(1)} only, or of every "
        f"{m.group(1)}? Say e.g. 'the {m.group(2)} {m.group(1)} pT'."
    )


def bare_eta_of(text: str, draft: Draft) -> str | None:
    """ "jets with |eta| of 4.7": "pT of 30 GeV" is a threshold (above), but an |eta| "of" a
    value is as often the acceptance edge (below): asked rather than read as |eta| > 4.7."""
    m = re.search(r"\|\s*eta\s*\|\s+of\s+(\d+(?:\.\d+)?)", text)
    if m is None:
        return None
    return (
        f"'{m.group(0)}': |eta| above {m.group(1)} or below it? Say '|eta| < {m.group(1)}' or "
        f"'|eta| > {m.group(1)}'."
    )


def z_unread(text: str, draft: Draft) -> str | None:
    """ "the leading jet pT in Z decays", "for Z production": a Z that no reading placed (no Z
    candidate, Z -> ll selection, Z sample, generator-level Z or ZZ pairing), which the rules
    would drop: asked, with the readings on offer."""
    axis = [v.span() for v in re.finditer(PV_Z, text)]  # "the primary vertex z": the beam axis
    m = next(
        (
            z for z in re.finditer(
                r"\bz\b(?!\s*(?:'|\^|prime\b|_?[12]\b|\*))(?:\s+(?:bosons?|decays?|production))*",
                text,
            )
            if not any(a <= z.start() < b for a, b in axis)
        ),
        None,
    )  # fmt: skip
    if m is None or draft.quantity is None:
        return None
    if draft.quantity == "mass" and draft.pair and draft.object in ("muon", "electron", "lepton"):
        return None  # "the dimuon mass ... identify the Z": the Z is the peak the mass shows
    placed = (
        draft.z_candidate or draft.z_decay or draft.zz or draft.gen_particle == "z"
        or draft.target_mass or draft.samples or draft.analysis or draft.channel
    )  # fmt: skip
    if placed:
        return None
    return (
        f"'{m.group(0)}': should the Z select the events (a Z -> ll candidate: say 'in Z boson "
        "events' or 'in Z -> mumu events'), or name the Drell-Yan sample ('in the DY sample')?"
    )


#: what a request may count in or of an object ("the number of jets of the event"): anything
#: else counted inside an object ("cells", "hits", "tracks") is a part of it, not the objects
_COUNTABLE = (
    r"(?:b-?tagged\s+jets|b-?jets|jets|muons|electrons|leptons|photons|taus|events|entries"
    r"|objects|candidates|pairs|fat\s*jets|vertices|pvs)"
)


def parts_counted(text: str, draft: Draft) -> str | None:
    """ "the number of cells in the leading photon": a count of parts of an object (a branch
    no rule read) was the number of the objects, the parts called commentary: asked."""
    if draft.quantity != "count":
        return None
    m = re.search(
        rf"\bnumber\s+of\s+(?!{_COUNTABLE}\b)([a-z][a-z-]*)\s+(?:in|of|inside|within"
        r"|associated\s+with|belonging\s+to|attached\s+to)\s+(?:the\s+|each\s+|every\s+|a\s+"
        r"|an\s+)?(?:[a-z-]+\s+){0,2}?(?:b-?jet|jet|muon|electron|lepton|photon|tau)s?\b",
        text,
    )
    if m is None:
        return None
    return (
        f"'{m.group(0)}': the number of {m.group(1)} of each object is not a quantity I can "
        f"read ({m.group(1)} are no objects of the plan). Name its NanoAOD branch (e.g. "
        "'Jet_nConstituents', 'Muon_nStations'), or say 'the number of ...' of objects."
    )


def two_bare_counts(text: str, draft: Draft) -> str | None:
    """ "the leading jet pT with one jet and with two jets": two numbers of the same objects,
    neither qualified ("at least", "exactly"): two selections (one histogram each) or one?
    The rules would keep the larger as "at least" (one plot). The readings of a plain "for
    events with 1 jet and for events with 2 jets" (:mod:`chathep.planner.regions`) come before
    and never get here."""
    found: dict[str, dict[int, str]] = {}
    for m in re.finditer(
        r"(?<![\w.#-])(\d+)\s+(b-?tagged\s+jet|b-?jet|jet|muon|electron|lepton|photon|tau)s?\b"
        r"(?!\s+or\s+(?:more|fewer|less))",
        text,
    ):
        before = text[: m.start()]
        if re.search(
            r"(?:\b(?:the|these|those|its|their|of|least|most|exactly|only|just|than|to|from"
            r"|between|first|per)|[<>=])\s*$",
            before,
        ):
            continue
        n = int(m.group(1))
        if n > 0:
            found.setdefault(re.sub(r"[\s-]+", "", m.group(2)), {})[n] = m.group(0)
    for said in found.values():
        if len(said) > 1:
            words = " and ".join(f"'{w}'" for w in said.values())
            low, high = min(said), max(said)
            return (
                f"{words}: one histogram for each number ('for events with exactly {low} "
                f"{said[low].split(maxsplit=1)[1]} and for events with exactly {high} "
                f"{said[high].split(maxsplit=1)[1]}'), or one selection of events (say 'at "
                f"least {high} ...')?"
            )
    return None


def generator_information(text: str, draft: Draft) -> str | None:
    """ "events selected on the basis of Monte Carlo generator information, requiring DY e+e-
    events in a mass range from 50 to 130 GeV", "using MC truth information": a selection on
    the generator record that no rule placed (the reconstructed objects would be used, the
    words dropped): asked."""
    m = re.search(
        r"\b(?:(?:monte\s+carlo|mc)\s+)?(?:generator|gen|truth)(?:[- ]level)?\s+"
        r"(?:information|info|record|particles?)\b",
        text,
    )
    if m is None or draft.gen_particle is not None:
        return None
    return (
        f"'{m.group(0)}': a selection on the generator-level particles (simulation only), "
        "which I would not apply from these words, or the reconstructed objects? Say e.g. "
        "'the generator-level Z mass between 50 and 130 GeV' or 'the reconstructed dielectron "
        "mass'."
    )


def numbered_pairs(text: str, draft: Draft) -> str | None:
    """ "Mass of 2 jet pairs", "the mass of two muon pairs": two pairs per event (four
    objects), or a pair of two objects ("2-jet pairs")? The rules read the number as a count
    of the objects (>= 2 jets) and plotted one pair's mass: asked."""
    m = re.search(
        r"(?<![\w.#-])(2|3|4|two|three|four)\s+(?:light\s+)?(?:di-?)?(b-?tagged\s+jet|b-?jet|jet"
        r"|muon|electron|lepton|photon|tau|mu)\s+pairs\b",
        text,
    )
    if m is None or re.search(r"(?:\bof\s+the|\bbetween|[<>=])\s*$", text[: m.start()]):
        return None
    return (
        f"'{m.group(0)}': {m.group(1)} pairs in each event (say e.g. 'the mass of each of the "
        f"two {m.group(2)} pairs' or 'the {m.group(2)} pairs closest to the Z mass'), or one pair "
        f"of two {m.group(2)}s (say 'the di{m.group(2)} mass')?"
    )


def too_few_for_the_candidate(text: str, draft: Draft) -> str | None:
    """ "the dimuon mass with exactly one muon", "the trijet mass with exactly two jets": the
    plotted pair (or triplet) needs more objects than the selection lets an event have, so the
    plot would be empty with nothing said: asked."""
    if not draft.pair or draft.object is None:
        return None
    needed = draft.size or 2
    req = draft.requirements.get(draft.object)
    if req is None or req.max_count is None or req.max_count >= needed:
        return None
    kind = draft.object
    return (
        f"At most {req.max_count} {kind}(s) per event leaves no {kind} "
        f"{'pair' if needed == 2 else f'combination of {needed}'} to plot. Did you mean "
        f"at least {needed} {kind}s, or a quantity of the {kind} itself (e.g. 'the {kind} pT')?"
    )


def z_candidate_legs(text: str, draft: Draft) -> str | None:
    """ "the muon pT of the Z candidate muons", "the eta of the Z candidate's electrons": the
    legs of the Z candidate, which the rules read as the candidate itself (the dimuon pT):
    asked, like :func:`legs_of_the_z`. The candidate's mass is the pair's mass: not asked."""
    m = re.search(
        r"\bz\s+(?:boson\s+)?candidates?(?:'s)?\s+(?:decay\s+)?(muons?|electrons?|leptons?|legs?"
        r"|daughters?|decay\s+products)\b",
        text,
    )
    if m is None or draft.quantity in (None, "mass"):
        return None
    return (
        f"'{m.group(0)}': I cannot plot each leg of the Z candidate yet. Should I plot every "
        "selected lepton in events with a Z candidate, the leading or subleading leg alone, "
        "or the Z candidate itself (the pair)?"
    )


def z_events_beside_another_pair(text: str, draft: Draft) -> str | None:
    """ "the invariant mass of the two leading jets in Z boson events": the Z selects the events
    (a Z -> ll candidate), or is it the jet pair itself (Z -> qq)? The rules made the jet pair
    the Z candidate (the pair closest to the Z mass, no word said, "two leading" dropped):
    asked. "The dijet mass near the Z peak" names the pair's mass: not asked."""
    if not (draft.z_candidate and draft.pair) or draft.object in (
        None,
        "muon",
        "electron",
        "lepton",
        "emu",
    ):
        return None
    m = re.search(
        r"\bz(?:\s+boson)?\s+events?\b|\bevents?\s+(?:from|with|containing|having|where)\s+"
        r"(?:an?\s+|the\s+)?(?:reconstructed\s+)?z\b(?:\s+boson)?",
        text,
    )
    if m is None:
        return None
    kind = draft.object
    return (
        f"'{m.group(0)}' and a pair of {kind}s: should the Z select the events (a lepton pair, "
        f"e.g. 'in Z -> mumu events') while the {kind} pair is plotted, or is the {kind} pair "
        f"the Z candidate itself (the {kind} pair closest to the Z mass)?"
    )


def third_beside_the_z(text: str, draft: Draft) -> str | None:
    """ "the pT of the third lepton in events with a Z candidate": the lepton outside the Z
    candidate, or the third by pT (maybe one of its legs)? The rules would take the third by
    pT with no word; asked (a chosen pair named as such reads it as the lepton outside it)."""
    m = re.search(r"\b(?:third|3rd)\s+(?:light\s+)?(?:lepton|muon|electron)\b", text)
    if m is None or not (draft.z_decay or draft.z_candidate) or draft.not_in_pair:
        return None
    if draft.index != 2 or draft.pair:
        return None
    return (
        f"'{m.group(0)}' beside the Z candidate: the highest-pT lepton not in the Z candidate, "
        "or the third lepton by pT (which may be one of the Z candidate's legs)? Say e.g. 'the "
        "pT of the highest-pT lepton not in the Z candidate' for the first."
    )


def background_unread(text: str, draft: Draft) -> str | None:
    """ "the dimuon mass in the background events", "for the background", "the expected
    background": the simulated background samples alone (no data), which the rules would drop
    ("background" is filler elsewhere: "to suppress the background") and plan data vs MC.
    Asked unless a rule chose the samples ("background only", "in the DY background") or read a
    data/MC comparison ("data and the stacked backgrounds")."""
    m = re.search(
        r"\b(?:in|for|from|within)\s+(?:the\s+|all\s+(?:the\s+)?|each\s+)?(?:[a-z-]+\s+)?"
        r"backgrounds?\b|\bbackgrounds?\s+(?:events?|samples?|processes|process|mc|simulations?"
        r"|contributions?|estimates?|predictions?)\b|\b(?:expected|stacked|simulated)\s+"
        r"backgrounds?\b",
        text,
    )
    if m is None or draft.quantity is None or draft.samples or draft.data_mc:
        return None
    return (
        f"'{m.group(0)}': only the simulated background samples (no data; say 'background "
        "only' or name the sample, e.g. 'in the DY MC'), or the data compared with the "
        "background simulation (say 'data vs MC')?"
    )


def background_without_mc(text: str, spec: AnalysisSpec, catalog: Catalog) -> str | None:
    """ "the dimuon mass with data and the stacked backgrounds", "data over the background":
    the plan runs on data only (the word "data" chose the samples) while the request asks for
    the background simulation too: asked rather than drawing the data alone."""
    m = re.search(
        r"\bdata\s+(?:and|with|over|vs\.?|versus|to|against|compared\s+(?:to|with))\s+(?:the\s+)?"
        r"(?:[a-z-]+\s+)?backgrounds?\b|\b(?:expected|stacked|simulated)\s+backgrounds?\b"
        r"|\bbackgrounds?\s+(?:and|with|vs\.?|versus)\s+(?:the\s+)?data\b",
        text.lower(),
    )
    if m is None or not isinstance(spec.samples, list) or not spec.samples:
        return None
    names = {s.name for s in catalog}
    if not all(name in names and catalog[name].is_data for name in spec.samples):
        return None
    return (
        f"'{m.group(0)}': the plan runs on data only. Should I compare the data with the "
        "background simulation (say 'data vs MC'), or plot the data alone?"
    )


# Two patterns of the parser's "N GeV <objects>" threshold rule, kept here: the coverage check
# (chathep.planner.coverage) takes every regular expression of parser.py as words it knows, and
# these list ordinary words ("decaying", "would") that must stay asked about elsewhere.
#: "a mass of around 90 GeV": a value, not a threshold
APPROXIMATE_BEFORE = re.compile(
    r"\b(?:around|about|approximately|roughly|near|nearly|close\s+to|of\s+order|~)\s*$"
)
#: a clause between a value and the objects after it ("90 GeV and can decay into two muons")
CLAUSE_BREAK = re.compile(
    r"[,;.:()]|\b(?:and|or|but|can|could|will|would|may|decays?|decaying|into|to|is|are|was"
    r"|were|has|have|had|in|of|from|for|which|that|where|when|then)\b"
)


_DELTA_WORD = re.compile(r"\bdelta[\s_]*(phi|r|eta)(?![a-z])")
_NEGATED_BEFORE = re.compile(
    r"\b(?:no|not|without|remove|removing|drop|dropping|skip|undo|instead\s+of)\b[^.;,]*$"
)
_DELTA_KINDS = {
    "phi": {"delta_phi", "acoplanarity"},
    "r": {"delta_r"},
    "eta": {"delta_eta"},
}


def delta_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "$\\Delta \\phi_{jet-\\phi}$" planned as the jet phi: a Delta-phi / Delta-R /
    Delta-eta the request names, of which the plan has no trace (no observable of that kind, no
    Delta-R overlap removal): the Delta was dropped, and the plot is of another quantity.
    Asked, quoting the words."""
    kinds = {o.kind for o in spec.observables}
    cleaned = any(obj.clean_against for obj in spec.objects)
    if any(c.choose == "smallest_dr" for c in spec.combinations):
        kinds |= {"delta_r"}  # "the pair with the smallest delta R": the pair's choice
    for m in _DELTA_WORD.finditer(normalised):
        which = m.group(1)
        if _NEGATED_BEFORE.search(normalised[max(0, m.start() - 40) : m.start()]):
            continue  # "no Delta-R cleaning", "without the delta phi cut": nothing to find
        if re.search(r"cos\s*\(?\s*$", normalised[max(0, m.start() - 8) : m.start()]):
            continue  # "1 - cos(delta phi)": a term of a formula (the mT's), not a plot of it
        if kinds & _DELTA_KINDS[which] or (which == "r" and cleaned):
            continue
        symbol = {"phi": "Delta-phi", "r": "Delta-R", "eta": "Delta-eta"}[which]
        return (
            f"You wrote '{m.group(0)}', but I could not place the {symbol} in the plan: between "
            f"which two objects should I compute it? For example '{symbol} between the leading "
            "jet and the MET' or 'between the two leading muons'."
        )
    return None


def _fields_used(spec: AnalysisSpec) -> set[str]:
    fields = {o.field for o in spec.observables if o.field}
    for obj in spec.objects:
        fields |= {c.field for c in obj.cuts}
    return fields


#: quantity words of the request (normalised) -> is the quantity anywhere in the plan
_QUANTITY_PLACED = {
    "rapidity": lambda spec: "rapidity" in _fields_used(spec),
    "charge": lambda spec: (
        "charge" in _fields_used(spec) or any(c.charge != "any" for c in spec.combinations)
    ),
    "met": lambda spec: (
        bool({o.kind for o in spec.observables} & {"met", "mt"})
        or any(o.other == "met" for o in spec.observables)
    ),
    "ht": lambda spec: any(
        o.kind == "ht" or (o.kind == "reduce" and o.reduce == "sum" and o.field == "pt")
        for o in spec.observables
    ),
    "mht": lambda spec: any(o.kind == "mht" for o in spec.observables),
    # the momentum components and the polar angle ("the muon px and py", "MET px")
    **{
        word: (lambda spec, word=word: word in _fields_used(spec))
        for word in ("px", "py", "pz", "theta", "transverse_energy")
    },
}
_QUANTITY_WORD = re.compile(
    r"\b(rapidity|charge|met|ht|mht|px|py|pz|theta|transverse_energy)\b(?!\s*(?:=|:))"
)


#: "uncorrected net Et of jet", "jet Et before corrections": the raw E_T (the rules read the
#: E_T, and "uncorrected" as no corrections by the analysis: the corrected E_T, silently)
_RAW_ET = re.compile(
    r"\b(?:uncorrected|raw)\s+(?:[a-z]+\s+){0,2}?transverse_energy\b|\btransverse_energy\s+"
    r"(?:of\s+(?:the\s+)?[a-z]+\s+)?(?:before|without)\s+(?:the\s+|any\s+)?(?:jet\s+)?"
    r"(?:energy\s+)?(?:corrections|calibrations?|jecs?)\b"
)


def raw_et_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "uncorrected net Et of jet" planned as the corrected E_T: asked."""
    m = _RAW_ET.search(normalised)
    if m is None or "transverse_energy" not in _fields_used(spec):
        return None
    return (
        f"You wrote '{m.group(0).replace('transverse_energy', 'E_T')}': I can plot the jet E_T "
        "as stored (with the jet energy corrections of the production) or the raw jet pT, pT "
        "(1 - rawFactor), not a raw E_T. Which should I plot?"
    )


#: "DY normalised to data in the 80-100 GeV window": a normalisation region
_NORMALISED_IN = re.compile(
    r"\bnormali[sz](?:ed?|ing|ation)\s+(?:it\s+)?to\s+(?:the\s+)?data\s+(?:yield\s+)?(?:in|within|inside"
    r"|over|at)\s+(?:the\s+)?[^.;,]{0,40}?\b(?:window|region|range|peak|bins?)\b"
)
#: "DY normalised to data, ttbar to its cross section": one sample's normalisation
_ONE_SAMPLE_NORMALISED = re.compile(
    r"\b(dy|drell-yan|ttbar|tt|top|w\+?jets|z\+?jets|qcd|diboson|signal)\s+(?:is\s+|mc\s+)?"
    r"(?:normali[sz]ed|scaled)\s+to\s+(?:the\s+)?data\b"
)


def normalisation_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """The simulation is scaled to the data yield of the whole histogram, all samples alike: a
    normalisation window ("in the 80-100 GeV window", was: the histogram range) or one
    sample's own normalisation ("DY normalised to data, ttbar to its cross section", was: both
    scaled) is asked."""
    m = _NORMALISED_IN.search(normalised)
    if m is not None:
        return (
            f"'{m.group(0)}': I can scale the simulation to the data yield of the whole "
            "histogram, not of a window of it. Should the histogram cover only that window, or "
            "the simulation be scaled to the whole plotted range?"
        )
    m = _ONE_SAMPLE_NORMALISED.search(normalised)
    several = isinstance(spec.samples, list) and len(spec.samples) > 2  # data + two MC
    if m is not None and several:
        return (
            f"'{m.group(0)}': I scale every simulated sample alike (all to the data yield, or all "
            "to their cross sections), not one sample alone. Which should it be?"
        )
    return None


#: "the delta phi between them" after two kinds of objects (or an object and the MET)
_BETWEEN_THEM = re.compile(
    r"\b(?:delta[_ ]?(?:phi|r|eta)|angles?|separation|opening\s+angle)\s+(?:between|of)\s+"
    r"(?:the\s+two\s+of\s+)?them\b"
)
_KINDS_NAMED = re.compile(r"\b(met|muons?|electrons?|jets?|photons?|taus?|leptons?)\b")


def between_them_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "MET > 100 and leading jet pT > 100, plot the delta phi between them": "them" is the
    MET and the jet, but the rules read an angle of two jets. Asked when the words before name
    two kinds (or an object and the MET) and the angle is of one collection."""
    m = _BETWEEN_THEM.search(normalised)
    if m is None:
        return None
    kinds = {k.rstrip("s") for k in _KINDS_NAMED.findall(normalised[: m.start()])}
    angles = [o for o in spec.observables if o.kind in ("delta_phi", "delta_r", "delta_eta")]
    if len(kinds) < 2 or not angles or any(o.other for o in angles):
        return None
    return (
        f"'{m.group(0)}': between which two? The request names {', '.join(sorted(kinds))}; say "
        "e.g. 'the delta phi between the MET and the leading jet'."
    )


#: "jets cleaned against electrons only", "jets cleaned only against the muons"
_CLEANED_ONLY = re.compile(
    r"\b(?:b-?)?jets?\s+(?:cleaned|cleaning|overlap-removed)\s+(?:(only)\s+)?(?:against|of|from"
    r"|with)\s+(?:the\s+)?(?:selected\s+)?(muons?|electrons?|photons?|taus?)\b(\s+only\b)?"
)


def cleaning_only_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "jets cleaned against electrons only" in a plan that cleans the jets against the muons
    too (every selected lepton and photon, the planner's rule): asked."""
    for m in _CLEANED_ONLY.finditer(normalised):
        if not (m.group(1) or m.group(3)):
            continue
        kind = m.group(2).rstrip("s") + "s"
        for obj in spec.objects:
            others = [c.against for c in obj.clean_against if c.against != kind]
            if obj.clean_against and others:
                return (
                    f"You wrote '{m.group(0).strip()}', but I clean jets against every selected "
                    f"lepton and photon ({', '.join(c.against for c in obj.clean_against)}) and "
                    f"cannot yet leave out the {' and '.join(others)}. Should I clean against "
                    "all of them, or not at all ('no jet cleaning')?"
                )
    return None


#: an isolation variable named by its NanoAOD field ("relIso03" is normalised to
#: pfreliso03_all): its cone and its charged-only part are not the generic "isolation"
_ISO_FIELD = re.compile(
    r"\b(pfreliso0[34]_(?:all|chg)|minipfreliso_(?:all|chg)|tkreliso|pfreliso0[34](?![_\w]))"
)


def iso_field_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "muons with relIso03 < 0.1" planned as pfRelIso04_all < 0.1 (the muons' default cone):
    the isolation variable written is in no cut and no observable. Asked."""
    used = {f.lower() for f in _fields_used(spec)}
    for m in _ISO_FIELD.finditer(normalised):
        # "pfRelIso03 < 0.1": the branch named without its "_all" (was: pfRelIso04_all cut)
        if m.group(1) in used or f"{m.group(1)}_all" in used:
            continue
        instead = sorted(f for f in _fields_used(spec) if "iso" in f.lower())
        return (
            f"You named the isolation variable '{m.group(1)}', but the plan would cut on "
            f"{' and '.join(instead) if instead else 'no isolation variable'}: I cannot cut on "
            f"'{m.group(1)}' for these objects yet. Should I use "
            f"{instead[0] if instead else 'the default isolation'} with your value, or no "
            "isolation cut?"
        )
    return None


#: a MET written in the request, with the word before it that says which MET (as written: the
#: normalised text keeps one word, "met")
_MET_MENTION = re.compile(
    r"(?:\b(puppi|calo(?:rimeter)?|raw|uncorrected|tk|track(?:[\s-]+based)?|chs|pf|type[\s-]*(?:1|i)"
    r"(?:[\s-]+corrected)?|corrected)[\s-]*|(?<![a-z]))"
    r"(met(?:_(?:pt|phi|significance))?|missing[\s-]+(?:transverse[\s-]+)?(?:energy"
    r"|momentum|e_?t|p_?t)|e_?\{?t\}?\s*\^?\s*\{?miss\}?|p_?\{?t\}?\s*\^?\s*\{?miss\}?)(?![a-z])"
)
_MET_TYPE = {"puppi": "PuppiMET", "ca": "CaloMET", "ra": "RawMET", "un": "RawMET", "tk": "TkMET",
             "tr": "TkMET", "ch": "ChsMET", "pf": "MET", "ty": "MET", "co": "MET"}  # fmt: skip
_MET_NAME = {"MET": "the PF (type-1) MET", "PuppiMET": "the PUPPI MET",
             "CaloMET": "the calo MET", "RawMET": "the raw MET", "TkMET": "the track MET",
             "ChsMET": "the CHS MET"}  # fmt: skip


def met_types_mixed(raw: str, spec: AnalysisSpec) -> str | None:
    """ "the PF MET for events with PUPPI MET > 80", "compare MET and PUPPI MET", "the MET and
    the raw MET": two MET types in one request; the plan uses one for every cut and plot (was:
    the PUPPI MET plotted, or one histogram, no word). Asked. ``raw``: the request as written
    (lower case). A plain "MET" in brackets after a named one ("PUPPI missing pT (MET)") is
    that one."""
    if not any(o.kind in ("met", "mt") or o.other == "met" for o in spec.observables):
        return None
    named: list[str] = []
    plain = False
    prev_end = -10
    for m in _MET_MENTION.finditer(raw):
        if m.group(1) is None:
            if not re.match(r"\s*\(\s*$", raw[prev_end : m.start()]):
                plain = True
        else:
            word = m.group(1)
            named.append(_MET_TYPE["puppi" if word == "puppi" else word[:2]])
        prev_end = m.end()
    types = set(named)
    if len(types) < 2 and not (plain and types - {"MET"}):
        return None
    which = [_MET_NAME[t] for t in dict.fromkeys(named)]
    if plain and "MET" not in types:
        which.insert(0, "the MET with no type named (the PF, type-1 corrected MET?)")
    return (
        f"The request names {len(which)} kinds of MET ({'; '.join(which)}), and one plan uses "
        "one MET for every cut and plot. Which MET should the cut and the plot use? (For two "
        "MET types side by side, ask for each in its own request.)"
    )


#: "for events where it exceeds 1200 GeV", "requiring it to be above 120 GeV": a cut on "it"
_IT_COMPARED = re.compile(
    r"\b(?:where|when|if|requiring|require|with|and|such\s+that|provided|so\s+that)\s+(?:that\s+)?"
    r"it\s+(?:is\s+|to\s+be\s+|must\s+be\s+|be\s+|should\s+be\s+)?(?:exceeds?|above|below|over"
    r"|under|greater\s+than|less\s+than|larger\s+than|smaller\s+than|higher\s+than|lower\s+than"
    r"|at\s+least|at\s+most|>=?|<=?)\s*(\d+(?:\.\d+)?)"
)


def it_compared_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "the invariant mass of the two leading jets for events where it exceeds 1200 GeV": "it"
    is the plotted pair mass, but the rules read the value as each jet's pT cut (was: jets with
    pT > 1200, no mass cut, no note). Asked when the plotted quantity is a pair's mass and the
    value is in no cut on that mass."""
    m = _IT_COMPARED.search(normalised)
    if m is None:
        return None
    value = float(m.group(1))
    obs = spec.observable(spec.histograms[0].observable)
    combs = {c.name: c for c in spec.combinations}
    if obs.kind != "field" or obs.field != "mass" or obs.of not in combs:
        return None
    comb = combs[obs.of]
    on_mass = {comb.mass_min, comb.mass_max} | {
        s.value for s in spec.selection
        if s.observable and spec.observable(s.observable).of == obs.of
        and spec.observable(s.observable).field == "mass"
    }  # fmt: skip
    if value in on_mass:
        return None
    return (
        f"'{m.group(0)}': is 'it' the plotted {obs.of} mass? Say e.g. 'for events with the "
        f"{obs.of} mass above {value:g} GeV' (a cut on the pair), or name what the cut is on."
    )


#: a quantity divided by another: "jet pt /pt(z)", "met /ht", "pt(j1) / pt(j2)"
_RATIO_WRITTEN = re.compile(
    r"\b(?:[a-z]+\s+)?(?:p_?t|mass|m|met|ht|mht|e|energy|eta|phi)\s*(?:\([^()]{0,20}\))?\s*/\s*"
    r"(?:sqrt\s*\(?\s*)?(?:the\s+)?(?:[a-z]+\s+)?(?:p_?t|mass|m|met|ht|mht|e|energy|eta|phi)\b"
    r"(?:\s*\([^()]{0,20}\))?"
    # "no pt/eta cut", "pt/eta/phi": a list of variables, not a ratio
    r"(?!\s*(?:/|cuts?\b|requirements?\b|thresholds?\b|selections?\b|windows?\b|ranges?\b"
    r"|acceptance\b|and\b|or\b|,))"
)


def ratio_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "pT(jet)/pT(Z) in Z+jets events": a ratio written, but the plan plots no ratio (was: the
    jet pT, the denominator dropped, no note). Asked."""
    m = _RATIO_WRITTEN.search(normalised)
    if m is None or any(o.kind in ("ratio", "asymmetry") for o in spec.observables):
        return None
    return (
        f"'{m.group(0)}': I could not read this ratio as two quantities with one value per "
        "event, and will not plot only one of them. Say e.g. 'the ratio of the leading jet pT "
        "to the dimuon pT'."
    )


_RANKED = (
    r"(?:the\s+)?(?:(?:leading|first|subleading|second|third|hardest|softest|highest[\s-]pt)\s+)?"
)
_ANGLE_KIND = (
    r"(?:b-?(?:tagged\s+)?jet|jet|muon|electron|photon|tau|lepton|met|dimuon|dielectron|dijet|z)"
)
#: "delta phi between the leading muon and the leading jet (with pt > 50)": two kinds named
_ANGLE_BETWEEN = re.compile(
    rf"\b(?:delta[\s_-]?(?:phi|r|eta)|d(?:phi|r|eta)|angle|separation|opening\s+angle)\s+"
    rf"(?:between|of)\s+{_RANKED}(?P<a>{_ANGLE_KIND})s?\b(?P<mid>[^;]{{0,40}}?)\s+and\s+"
    rf"{_RANKED}(?P<b>{_ANGLE_KIND})s?\b"
)
_SOURCES = {"muon": "Muon", "electron": "Electron", "jet": "Jet", "bjet": "Jet", "photon": "Photon",
            "tau": "Tau", "lepton": "lepton", "dimuon": "Muon", "dielectron": "Electron",
            "dijet": "Jet", "z": "Z", "met": "MET"}  # fmt: skip


def angle_operands_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "delta phi between leading muon and leading jet with pt > 50": an angle between two
    kinds of objects, planned as the angle within one collection (was: DeltaPhi(muons, muons),
    two muons required, the jet only a cut; no note). Asked."""
    m = _ANGLE_BETWEEN.search(normalised)
    if m is None:
        return None
    a, b = (re.sub(r"[\s-]|tagged", "", k) for k in (m.group("a"), m.group("b")))
    if _SOURCES.get(a) == _SOURCES.get(b) or "z" in (a, b):
        return None
    angles = [o for o in spec.observables
              if o.kind in ("delta_phi", "delta_r", "delta_eta", "angle")]  # fmt: skip
    within_one = [o for o in angles if o.other is None or o.other == o.of]
    if not angles or len(within_one) < len(angles):
        return None
    return (
        f"'{m.group(0).strip()}': the angle between the {a} and the {b}? The plan would take it "
        f"between two objects of one collection. Say it without the cut inside, e.g. 'delta phi "
        f"between the leading {a} and the leading {b}, for events with leading {b} pT > 50 GeV'."
    )


#: "... and MET with pt > 50": a cut said of the MET
_MET_WITH_CUT = re.compile(
    r"\bmet\s+(?:with|having|of)\s+(?:an?\s+)?(?:p_?t\s*|value\s+|magnitude\s+)?(?:>=?|above|over"
    r"|greater\s+than|larger\s+than|more\s+than|at\s+least|<=?|below|under|less\s+than)\s*\d+"
    r"(?:\.\d+)?(?:\s*gev)?(?!\s*(?:b-?jets?|bjets?|jets?|muons?|electrons?|leptons?|photons?|taus?)\b)"
)


def met_cut_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "delta phi between leading muon and MET with pt > 50": the cut follows the MET, but the
    plan has no cut on the MET (was: the muons cut at 50 GeV, no note). Asked."""
    m = _MET_WITH_CUT.search(normalised)
    if m is None:
        return None
    on_met = any(
        s.observable and spec.observable(s.observable).kind == "met" for s in spec.selection
    )
    if on_met:
        return None
    return (
        f"'{m.group(0)}': a cut on the MET? The plan has none; say e.g. 'for events with MET > "
        "50 GeV', or name the objects the cut is on."
    )


def z_window_as_axis(spec: AnalysisSpec) -> str | None:
    """ "three leptons, an OSSF pair within 15 GeV of the Z, plot the three-lepton mass": the Z
    window of a pair became the axis range of a three- or four-object mass (was: no pair, no
    window cut, the axis 76-106 GeV, no note). Asked."""
    h = spec.histograms[0]
    obs = spec.observable(h.observable)
    combs = {c.name: c for c in spec.combinations}
    comb = combs.get(obs.of or "")
    if comb is None or comb.size == 2 or obs.field != "mass" or h.start is None or h.stop is None:
        return None
    centre = (h.start + h.stop) / 2
    if abs(centre - 91.1876) > 0.01:
        return None
    return (
        f"The Z window ({h.start:g}-{h.stop:g} GeV) would only be the axis of the "
        f"{comb.size}-object mass, not a cut on a lepton pair: I cannot yet select a Z pair "
        "inside a larger combination. Plot the pair mass, or the combination's mass without "
        "the window?"
    )


#: "the MET and the leading muon pT, MET above 100": the MET named first in a list of plots
_LISTED_FIRST = re.compile(
    r"(?:^|\b(?:plot|show|draw|histogram|make|compare|give\s+me)\s+)(?:the\s+)?(met|ht|mht)\s*"
    r"(?:,|&|\band\b)\s+(?:the\s+|a\s+)?(?!met\b|ht\b|mht\b)[a-z]"
)


def listed_first_unplotted(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "the MET and the leading muon pT, MET above 100": the MET named as a plot, but only its
    cut was read (was: the muon pT alone, no MET histogram, no note). Asked."""
    m = _LISTED_FIRST.search(normalised)
    if m is None:
        return None
    said = re.match(r"[^,;.]{0,60}", normalised[m.start() :])
    quoted = (said.group(0) if said else m.group(0)).strip()
    return _listed_unplotted(spec, m.group(1), f"'{quoted}'", "the leading muon pT", ".")


def _listed_unplotted(
    spec: AnalysisSpec, kind: str, quoted: str, first: str, tail: str
) -> str | None:
    """The question when an event quantity ``kind`` named as a plot has no histogram (only its
    cut was read); None when it is plotted."""
    if kind in {spec.observable(h.observable).kind for h in spec.histograms}:
        return None
    word = kind.upper()
    return (
        f"{quoted}: a plot of the {word} too? The plan has no {word} histogram (the {word} "
        f"only as a cut). Say e.g. '{first} and the {word}, for events with {word} above ...' "
        f"for both plots{tail}"
    )


#: an event quantity listed last, after a condition: "the number of jets for events with MET
#: > 50, and the MET", "the leading jet pT for events with HT > 300 and the HT"
_LISTED_LAST = re.compile(
    r"\b(?:for|in|with|where)\b[^;]*?(?:>|<|above|below|over|under)[^;]*?(?:,\s*|\s)and\s+"
    r"(?:also\s+|plot\s+|show\s+)?(?:the\s+)?(met|ht|mht)\s*(?:too|as\s+well)?\s*[.!]?\s*$"
)


def listed_last_unplotted(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "the number of jets for events with MET > 50, and the MET": the MET named as a plot
    after the condition, but only its cut was read (was: the jets alone, no MET histogram,
    no note). Asked: a plot of it in the same events, or of every event?"""
    m = _LISTED_LAST.search(normalised)
    if m is None:
        return None
    word = m.group(1).upper()
    return _listed_unplotted(
        spec, m.group(1), f"'... and the {word}' at the end", "the number of jets",
        " in the selected events.",
    )  # fmt: skip


#: a function of a quantity: "cos of delta phi", "cos delta phi(mu1, MET)", "the log of the
#: dimuon mass", "delta phi/pi"
_FUNCTION_OF = re.compile(
    r"\b(?:cos(?:ine)?|sin(?:e)?|tan(?:gent)?)\s*(?:of\s+|\(\s*)?(?:the\s+)?(?:delta|d(?:phi|r|eta)\b)"
    r"|\b(?:log|ln|log10|exp|sqrt)\s*(?:of\b|\()\s*(?:the\s+)?(?!s\s*\)|s\b)[a-z]"
    r"|\b(?:delta[\s_-]?phi|dphi)\s*/\s*(?:pi|π)\b"
)
#: "max delta R between any two jets", "min dR between jets", "sum of delta R over all pairs"
_REDUCED_ANGLE = re.compile(
    r"\b(?:max(?:imum|imal)?|min(?:imum|imal)?|smallest|largest|biggest|sum(?:\s+of)?|average"
    r"|mean)\s+(?:of\s+)?(?:the\s+)?(?:delta[\s_-]?(?:r|phi|eta)|d(?:r|phi|eta))\b"
)


def function_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "cos of delta phi", "the log of the dimuon mass", "delta phi/pi", "max delta R between
    any two jets": a function of the quantity, or its maximum / minimum / sum over pairs, that
    no observable holds (was: the quantity itself, of the leading pair, no note; "log of" a
    log y axis). Asked."""
    m = _FUNCTION_OF.search(normalised)
    before = normalised[max(0, m.start() - 30) : m.start()] if m is not None else ""
    if m is not None and (
        re.search(r"1\s*[-\u2212]\s*$|=|\bbins?\b|\bspaced\b|\buniform|\bbinned\b|\bequal", before)
    ):  # "mT = sqrt(2 pT MET (1 - cos dphi))", "bins equally spaced in log(pT)": no plot of it
        m = None
    if m is not None:
        said = re.match(r"[^,;.]{0,40}", normalised[m.start() :])
        quoted = said.group(0).strip() if said else m.group(0)
        return (
            f"'{quoted}': I can plot the quantity itself, not a function of it "
            "(cos, log, a division by pi). Should I plot the quantity itself (say e.g. 'the "
            "delta phi', or 'log scale' for a logarithmic axis)?"
        )
    m = _REDUCED_ANGLE.search(normalised)
    reduced = any(o.reduce or o.nearest for o in spec.observables) or any(
        c.choose == "smallest_dr" for c in spec.combinations
    )  # ("the b-jet pair with the smallest delta R": the pair chosen by it)
    if m is not None and not reduced:
        return (
            f"'{m.group(0).strip()}': the maximum, minimum or sum of an angle over all pairs is "
            "not one I can compute yet; I would plot it for the two leading objects only. "
            "Should I (say 'of the two leading jets')?"
        )
    return None


#: "the max muon dxy", "the min jet pz": one value per event over the objects (the rules read
#: the field of each object and passed "max"/"min", known words, silently)
_REDUCTION_WORD = re.compile(
    r"\b(max|min)\s+(?:the\s+)?(?:b-?jet|jet|fatjet|muon|electron|lepton|photon|tau)s?\s+"
    r"(?!\d)([a-z][a-z0-9_]*)\b(?!\s*(?:[<>=]|\d|of\s+\d|above\b|below\b|over\b|under\b))"
)


_BTAG_RANKED = re.compile(
    r"\b((?:second|2nd|third|3rd)[\s-]+(?:highest|largest|leading)|highest|max(?:imum|imal)?"
    r"|largest|leading|lowest|min(?:imum|imal)?|smallest)\s+(?:jet\s+)?(?:b-?tag(?:ging)?\s+"
    r"(?:score|discriminant|discriminator|value|output|weight)s?|btagdeepflavb|btagdeepb"
    r"|deep\s*jet\s+(?:score|discriminant|value)s?|b-?tag)\b"
)


def btag_rank_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "the highest b-tag score in the event", "max btagDeepFlavB of the jets": one value per
    event, planned as every jet's score (the rank word read by no rule). Asked."""
    m = _BTAG_RANKED.search(normalised)
    if m is None or any(o.kind == "reduce" or o.reduce for o in spec.observables):
        return None
    plotted = [spec.observable(h.observable) for h in spec.histograms]
    if not any((o.field or "").startswith("btag") and o.index is None for o in plotted):
        return None
    return (
        f"You wrote '{m.group(0)}', but the plan fills the b-tag score of every jet (one entry "
        f"per jet), and I will not drop the '{m.group(1)}'. Should I plot the score of the "
        "leading (highest-pT) jet ('the b-tag score of the leading jet'), or of every jet?"
    )


def reduction_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "the max jet pz" planned as every jet's pz: the "max" is in no observable. Asked."""
    m = _REDUCTION_WORD.search(normalised)
    if m is None or any(o.kind == "reduce" or o.reduce for o in spec.observables):
        return None
    how, said, field = m.group(1), m.group(0), m.group(2)
    said, field = (x.replace("transverse_energy", "E_T") for x in (said, field))
    return (
        f"You wrote '{said}', but the plan takes no {how}imum per event, and I will not drop "
        f"the '{how}': should I plot the {field} of every object, or of the leading one (say "
        f"'the leading ...')? A {how}imum per event can be planned for pT, eta, phi, mass, "
        "rapidity, |p| and energy."
    )


def quantity_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """A quantity the request names (the rapidity, a charge, the MET, the HT, ...) that is
    nowhere in the plan -- not plotted, not cut on: a rule knew the word, and the build lost
    it (as "$\\Delta \\phi_{jet-\\phi}$" lost its Delta). Asked, quoting the word."""
    for m in _QUANTITY_WORD.finditer(normalised):
        word = m.group(1)
        if _NEGATED_BEFORE.search(normalised[max(0, m.start() - 40) : m.start()]):
            continue
        if _QUANTITY_PLACED[word](spec):
            continue
        if word == "charge" and any(
            a <= m.start() < b for a, b in (x.span() for x in re.finditer(ANY_CHARGE, normalised))
        ):  # "dR(mu1, mu2), any charge": no charge requirement, which the plan holds
            continue
        return (
            f"You wrote '{word}', but the plan neither plots nor cuts on it, and I will not drop "
            f"it: should the {word} be plotted, or which requirement on it should the events "
            "pass?"
        )
    return None


_ORDINAL_OBJECT = re.compile(
    r"\b(leading|first|1st|hardest|second|third|fourth|fifth|sixth|2nd|3rd|4th|5th|6th"
    r"|sub-?leading)\s+"
    r"(?:(?:of\s+)?(?:the\s+)?(?!(?:leading|first|1st|hardest|second|third|fourth|fifth|sixth"
    r"|2nd|3rd|4th|5th|6th|sub-?leading)\b)[a-z.-]+\s+){0,2}?"
    r"(muon|electron|lepton|b-?jet|jet|photon|tau)s?\b"
)
#: a quantity written right after an ordinal object ("the second jet phi") or before it ("the
#: phi of the second jet"): a quantity of that one object
_QUANTITIES = r"(?:pt|eta|phi|mass|energy|rapidity|charge|azimuthal\s+angle|pseudorapidity)"
_QUANTITY_AFTER = re.compile(rf"\s+{_QUANTITIES}\b")
_QUANTITY_OF = re.compile(rf"\b{_QUANTITIES}\s+of\s+(?:the\s+)?$")
_ORDINAL_RANK = {
    "leading": 1, "first": 1, "1st": 1, "hardest": 1, "second": 2, "2nd": 2, "subleading": 2,
    "sub-leading": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5, "5th": 5,
    "sixth": 6, "6th": 6,
}  # fmt: skip
_SOURCES = {"muon": {"Muon"}, "electron": {"Electron"}, "lepton": {"Muon", "Electron"},
            "jet": {"Jet", "FatJet"}, "bjet": {"Jet"}, "b-jet": {"Jet"}, "photon": {"Photon"},
            "tau": {"Tau"}}  # fmt: skip


def _sources_of(spec: AnalysisSpec, name: str | None) -> set[str]:
    """The NanoAOD collections an object or combination of the spec is built from."""
    objects = {o.name: o for o in spec.objects}
    combinations = {c.name: c for c in spec.combinations}
    todo, seen, out = [name], set(), set()
    while todo:
        n = todo.pop()
        if n is None or n in seen:
            continue
        seen.add(n)
        if n in objects:
            obj = objects[n]
            if obj.source:
                out.add(obj.source)
            todo += list(obj.merge or [])
        elif n in combinations:
            todo += list(combinations[n].inputs)
    return out


def ordinal_unread(normalised: str, spec: AnalysisSpec) -> str | None:
    """ "Events with at least two jets: the pT of the second of the light leptons" planned as
    the pT of every jet: an ordinal object the request names ("the second light lepton", "the
    third jet") of which the plan keeps no trace -- no observable of the n-th such object, no
    combination of the leading n, no requirement of at least n of them. Asked, quoting it."""
    if not spec.observables:
        return None
    ranked: list[tuple[int, set[str]]] = [
        (o.index, _sources_of(spec, o.of)) for o in spec.observables if o.index is not None
    ]
    ranked += [
        (o.other_index, _sources_of(spec, o.other or o.of))
        for o in spec.observables
        if o.other_index is not None
    ]
    ranked += [(o.first - 1, _sources_of(spec, o.of)) for o in spec.observables if o.first]
    # "the third lepton" beside a chosen pair: the leading lepton outside it
    sizes = {c.name: c.size for c in spec.combinations}
    ranked += [
        (o.index + sizes[o.exclude], _sources_of(spec, o.of))
        for o in spec.observables
        if o.exclude in sizes and o.index is not None
    ]
    combos = [((c.leading or c.size) - 1, c.name) for c in spec.combinations]
    plotted_of = {o.of for o in spec.observables}
    # a quantity of the n-th object is traced by an observable only (a plotted combination)
    plotted = ranked + [(r, _sources_of(spec, n)) for r, n in combos if n in plotted_of]
    ranked += [(r, _sources_of(spec, n)) for r, n in combos]
    ranked += [
        (int(s.value) - 1, _sources_of(spec, s.count))
        for s in spec.selection
        if s.count is not None and s.value and s.op in (">=", "==", ">")
    ]
    for m in _ORDINAL_OBJECT.finditer(normalised):
        if _NEGATED_BEFORE.search(normalised[max(0, m.start() - 40) : m.start()]):
            continue
        n, sources = _ORDINAL_RANK[m.group(1)], _SOURCES[m.group(2)] | {"GenPart"}
        # "the subleading jet phi for b-jets in events with >= 2 jets": the count of two jets
        # does not place "subleading" when a quantity of that jet is named
        of_it = _QUANTITY_AFTER.match(normalised, m.end()) or _QUANTITY_OF.search(
            normalised[max(0, m.start() - 30) : m.start()]
        )
        if any(r >= n - 1 and (srcs & sources) for r, srcs in (plotted if of_it else ranked)):
            continue
        if of_it:
            return (
                f"You wrote '{m.group(0)}', but the plan plots no quantity of that one "
                f"{m.group(2)}, and I will not drop it: should the plot be of the {m.group(1)} "
                f"{m.group(2)} only, or of every {m.group(2)}?"
            )
        return (
            f"You wrote '{m.group(0)}', but the plan keeps no trace of it (nothing of the "
            f"{m.group(1)} {m.group(2)} is plotted or required), and I will not drop it: should "
            "its quantity be plotted, or which requirement on it should the events pass?"
        )
    return None


_EVERY_STEP = re.compile(
    r"\b(?:for|at|after)\s+(?:every|each|all(?:\s+the)?)\s+(?:steps?|stages?)\s+of\s+(?:the\s+)?"
    r"(?:cuts?|selection|cut\s*flow|cutflow)\b|\bafter\s+(?:every|each)\s+(?:cut|selection\s+step)\b"
)


def every_step_unread(normalised: str) -> str | None:
    """ "Make invariant mass plot ... for every step of cuts": one histogram after each step
    of a selection the request does not give (and a plan fills its histograms once, after the
    whole selection). Asked, quoting the words."""
    m = _EVERY_STEP.search(normalised)
    if m is None:
        return None
    return (
        f"You wrote '{m.group(0)}': which cuts, in which order? I fill each histogram once, "
        "after the whole selection (the cutflow table lists the events after each step); give "
        "the cuts, or ask for one plot per selection, e.g. 'the dimuon mass with and without "
        "the isolation cut'."
    )


#: "mll>30GeV cut is ok/desired here?", "Is the isolation cut needed?": the request asks for a
#: judgement of a choice, not for a plot
_JUDGEMENT = re.compile(
    r"\b(?:is|are|was|were|be)\s+(?:this\s+|that\s+|it\s+|they\s+)?(?:really\s+|still\s+)?"
    r"(?:ok|okay|fine|correct|right|wrong|desired|desirable|needed|necessary|required"
    r"|reasonable|sensible|appropriate|recommended|allowed|justified|safe|enough|sufficient)"
    r"(?:\s*/\s*[a-z]+)?(?:\s+(?:here|there|for\s+this|in\s+this\s+case))?\s*\?"
    r"|^\s*(?:is|are)\s+(?:the|a|an|this|that)\b[^?]*\b(?:ok|okay|fine|correct|desired"
    r"|needed|necessary|reasonable|sensible|appropriate|recommended)\s*\?"
)


def judgement_asked(normalised: str) -> str | None:
    """A request that asks whether a cut or a choice is right ("mll>30GeV cut is ok/desired
    here?"): that is a judgement, and a plot with the cut would answer another question.
    Asked, quoting the words (in "plot X. Is the binning fine?" the question was taken out
    before, by :func:`chathep.planner.parser.split_reader_questions`)."""
    m = _JUDGEMENT.search(normalised)
    if m is None:
        return None
    return (
        f"You ask '{m.group(0).strip()}': whether a cut or a choice is right is a judgement I "
        "cannot make for you. I can plot the distribution without the cut and then with it: "
        "ask for the plot, then e.g. 'now require ...' as a follow-up."
    )


#: words that ask for a plot or name what is drawn
_PLOT_WORD = (
    r"\b(?:plot\w*|histo\w*|distributions?|spectr(?:um|a)|draw\w*|show\w*|display\w*|fill\w*"
    r"|book\w*|make|makes|making|produc\w+|creat\w+|compar\w+|overlay\w*|shapes?|look\w*|see"
    r"|view|visuali[sz]\w+|graph\w*|figures?|panels?|axis|axes|bins?|binn\w+|vs\.?|versus"
    r"|per\s+event|what\s+(?:is|are|does|do)|how\s+(?:is|are|does|do)|compute|calculat\w+"
    r"|measur\w+|check|give|get)\b"
)


#: A request that opens with what is plotted, as a title ("The dimuon mass in DY", "Number of
#: jets in ttbar"), not with the events or a condition ("Events must have", "In DY, ...")
_TITLE_FIRST = re.compile(
    r"\s*(?:the\s+|a\s+)?(?!(?:in|for|with|at|from|using|on|within|among|after|before|when|if"
    r"|where|events?|require\w*|select\w*|keep\w*|only|all|each|every|any|there|one|two|\d)\b)"
    r"[^.;:,]*?\b(?:mass|pt|p_?t|eta|phi|energy|multiplicity|number|count|met|ht|spectrum"
    r"|distribution|rapidity|isolation|mt)\b[^.;:,]*[.;:,]\s"
)


def selection_only(text: str, draft: Draft) -> str | None:
    """ "At least one mu+mu- pair must have an invariant mass between 110 and 150 GeV",
    "Events must have a dimuon mass above 60 GeV": a selection, said as what the events must
    have, with no plot word anywhere: asked what to plot (was: the mass plotted, its window the
    axis)."""
    if re.search(_PLOT_WORD, text):
        return None
    m = re.match(
        r"\s*(?:[\w+#|'>.,-]+\s+){0,10}?(?:must|should|shall|has\s+to|have\s+to|needs?\s+to|(?:is|are)"
        r"\s+required\s+to)\s+(?:have|be|pass|contain|lie|fall|satisfy|fulfil+|meet|exceed)\b",
        text,
    )
    if m is None:
        return None
    if _TITLE_FIRST.match(text) and re.search(r"[.;:,]\s", m.group(0)):
        # "The dimuon mass in DY. Muons must have pT > 25 GeV": a plot named by its title,
        # then the objects' definition (was: asked what to plot)
        return None
    return (
        "This reads as a selection (what the events must have), and no plot is named: what "
        "should I plot in those events? For example 'the dimuon mass of those events' or 'the "
        "leading muon pT'."
    )


def _article(noun: str) -> str:
    """ "a cut", "an inversion" (the singular of ``noun``)."""
    one = noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun
    return f"{'an' if one[:1] in 'aeiou' else 'a'} {one}"


def unstated_reference(text: str, draft: Draft) -> str | None:
    """ "for the stated sample", "in the control sample", "with the given selection", "in
    addition to the inversion,": words
    pointing at a sample or selection that the request does not state (a script's argument, an
    earlier cell) were read as commentary and the default taken: asked which."""
    m = re.search(
        r"\b(?:the|this|that|our|my|your)\s+(?:stated|given|aforementioned|said|specified"
        r"|chosen|relevant|control|corresponding|appropriate)\s+"
        r"(?:(?:mc|data|monte\s+carlo)\s+)?(samples?|datasets?|data\s*sets?|selections?|cuts?)\b",
        text,
    )
    if m is None:
        # "In addition to the inversion, the di-muon pair is required to ...": the selection
        # of an earlier sentence, not stated here (was: read as commentary)
        m = re.search(
            r"\b(?:in\s+addition\s+to|on\s+top\s+of|besides|apart\s+from)\s+(?:the|this"
            r"|these|those|that|our)\s+((?:pre-?)?selections?|cuts?|requirements?|inversions?"
            r"|criteria|conditions?)(?=\s*(?:[,;.]|$))",
            text,
        )
    if m is None:
        return None
    return (
        f"'{m.group(0)}' points at {_article(m.group(1))} the request does not state: which "
        "is it? Name the sample (e.g. 'the DY MC', '2018 data') or state the cuts."
    )


_COMPARED = r"(?:[<>]=?|=>|=<|above|below|over|under|(?:greater|less|more|lower|higher)\s+than)"


def or_of_conditions(normalised: str) -> str | None:
    """ "events with MET > 100 GeV or HT > 500 GeV", "muons with pT > 50 GeV or |eta| < 1": either
    condition (an OR), which every reading cut as both (an AND) and a plan cannot make: asked.
    (An OR of two |eta| ranges is a window excluded: rewritten before this reads.)"""
    m = re.search(
        rf"(?:[^\s,;:()<>=]+\s+){{0,2}}[^\s,;:()<>=]*\s*{_COMPARED}\s*-?\d+(?:\.\d+)?\s*(?:gev|tev|mev|%)?\s*,?\s*"
        rf"(?:or|\|\|)\s+(?!\d)[^<>=,;.]{{1,40}}?\s*{_COMPARED}\s*-?\d+(?:\.\d+)?"
        r"(?:\s*(?:gev|tev|mev)\b)?",
        normalised,
    )
    if m is None:
        return None
    return (
        f"'{m.group(0).strip()}': either condition (an OR) is not a selection I can make; "
        "every cut of a plan must hold. Which one should the events pass, or should they "
        "pass both?"
    )


def beside_a_resonance(normalised: str) -> str | None:
    """ "the dimuon mass above the Z", "below the J/psi": a bound named by a resonance, not a
    value (was: no cut, the default range): asked which value."""
    m = re.search(
        r"\b(?:above|below|under|over|beyond)\s+the\s+(?:z|w|higgs|top|j/?psi|upsilon)"
        r"(?:\s+(?:boson|peak|mass|pole|resonance|region|window))*\b",
        normalised,
    )
    if m is None:
        return None
    return (
        f"'{m.group(0)}': which value should the bound be (e.g. 'a dimuon mass above 106 "
        "GeV')? The resonance's mass, or the edge of its window?"
    )


def angle_to_every_object(normalised: str) -> str | None:
    """ "events with dR(mu, jet) > 0.4 for all jets": a condition on every jet's angle (no jet
    near the muon), which the rules read as the leading muon and the leading jet, with every
    jet uncut and one required: asked."""
    m = re.search(
        r"\bdelta_(?:r|phi|eta)\s+between\s+[^,;.<>]{1,40}?[<>]=?\s*\d+(?:\.\d+)?\s+(?:for|to|from"
        r"|with)\s+(?:all|every|each|any)\s+(?:of\s+the\s+)?(?:\w+\s+)?(?:b-?)?jets?\b",
        normalised,
    )
    if m is None:
        return None
    return (
        f"'{m.group(0)}': a condition on the angle to every jet (e.g. no jet within it) is not "
        "one I make. Did you mean the leading jet ('delta R between the leading muon and the "
        "leading jet > 0.4'), or jets cleaned against the muons ('jets with delta R > 0.4 from "
        "the muons')?"
    )


def vague_values(text: str, draft: Draft) -> str | None:
    """ "two photons with specific pt and eta", "jets with appropriate pT cuts": a cut is asked
    for with no value: asked which values (was: the word read as commentary, the defaults
    taken)."""
    m = re.search(
        r"\b(?:specific|certain|particular|appropriate|suitable|proper|reasonable|desired"
        r"|required|given|some)\s+(?:\|?\s*(?:pt|eta|phi|mass|isolation|iso|id|\|eta\|)\s*\|?"
        r"(?:\s*(?:and|,|/|or)\s*)?){1,3}(?:\s*(?:cuts?|thresholds?|requirements?|values?"
        r"|ranges?|windows?|criteria))?",
        text,
    )
    if m is None:
        # "Change the values to get the Z peak", "tune the cuts": new values, none given
        m = re.search(
            r"\b(?:change|adjust|tune|vary|modify|optimi[sz]e|play\s+(?:around\s+)?with)\s+"
            r"(?:the\s+|these\s+|those\s+|your\s+|some\s+)?(?:cut\s+)?(?:values?|cuts?"
            r"|thresholds?|parameters?|selections?|criteria)\b(?!\s*(?:to|:|=)\s*\d)",
            text,
        )
    if m is None:
        return None
    return (
        f"'{m.group(0).strip()}': which values? Say e.g. 'pT > 25 GeV and |eta| < 2.4' (or 'the "
        "default cuts')."
    )


def one_quantity_two_definitions(text: str, draft: Draft) -> str | None:
    """ "the number of muons and number of isolated muons per event": one quantity of two
    definitions of one object (was: one histogram, the isolation put on both): asked."""
    q = r"(number|pt|eta|phi|mass|multiplicity)"
    m = re.search(
        rf"\b{q}\s+of\s+(?:the\s+|all\s+)?((?:[a-z-]+\s+){{0,2}}?){_KINDS}s?\b[^.;]{{0,30}}?"
        rf"\b(?:and|,|vs\.?|versus)\s+(?:the\s+)?\1\s+of\s+(?:the\s+|all\s+)?"
        rf"((?:[a-z-]+\s+){{0,2}}?)\3s?\b",
        text,
    )
    if m is None or m.group(2).strip() == m.group(4).strip():
        return None
    ranks = r"\b(?:leading|sub-?leading|first|second|third|fourth|hardest|softest|highest|lowest"
    if re.search(ranks + r"|trailing|\d|1st|2nd|3rd|4th)", m.group(2) + m.group(4)):
        return None  # "the pT of the leading muon and the pT of the subleading muon": two ranks
    kind = m.group(3)
    return (
        f"'{m.group(0)}': two histograms of the {kind}s under two definitions. I plan one "
        f"definition per request: ask for each (e.g. 'the {m.group(1)} of {m.group(2) or 'all '}"
        f"{kind}s', then 'now the {m.group(1)} of {m.group(4).strip() or 'all'} {kind}s')."
    )


def sum_of_two_collections(text: str, draft: Draft) -> str | None:
    """ "E_T^miss computed from jets (|eta| < 2.5, pT > 40 GeV) + 2 leptons", "the HT of jets +
    2 leptons": a sum over jets *and* leptons (was: the jets' MHT or HT, the leptons only a
    count, and the jets' cuts put on the leptons): asked."""
    objects = r"(?:b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?)"
    m = re.search(
        rf"\b(?:ht|mht|met|missing\s+(?:transverse\s+)?(?:energy|momentum|et|ht)|scalar\s+sum|vector"
        rf"\s+sum|sum)\b(?:\s+(?:computed|calculated|built|made|summed|taken))?\s+(?:from|of|over"
        rf"|using)\s+(?:the\s+|all\s+)?(?:selected\s+)?{objects}(?:\s*\([^()]*\))?\s*(?:\+|plus)\s*"
        rf"(?:\d+\s+|the\s+|all\s+)?{objects}"
        # "mht (with ...) + 2 leptons": "E_T^miss computed from jets" read as the jets' MHT
        rf"|\b(?:ht|mht)\s*(?:\([^()]*\))?\s*(?:\+|plus)\s*(?:\d+\s+|the\s+|all\s+)?{objects}",
        text,
    )
    if m is None:
        return None
    return (
        f"'{m.group(0)}': a sum over two kinds of objects. I can plan the HT or MHT of the jets "
        "(with the other objects as a requirement), the HT of the leptons, or the NanoAOD MET, "
        "but not one sum over both: which do you want?"
    )


def neither_of(text: str, draft: Draft) -> str | None:
    """ "the dimuon mass where neither muon is in the endcap", "neither muon has pT above 50
    GeV": a condition no object may satisfy, which the rules would put on every object as
    written (both muons in the endcap: the opposite). Asked. ("neither muons nor electrons",
    a veto of both collections, is read by the rules.)"""
    m = re.search(rf"\bneither\s+(?:of\s+the\s+(?:2\s+)?)?{_KINDS}s?\b(?![^.;]*\bnor\b)", text)
    if m is None:
        return None
    kind = m.group(1).replace("-", "")
    end = re.match(r"[^.;:]{0,40}", text[m.end() :])
    said = (m.group(0) + (end.group(0) if end else "")).strip()
    return (
        f"'{said}': a condition that neither {kind} may satisfy is the opposite of a cut on "
        f"every {kind}, and I would misread it. Say what both {kind}s must satisfy instead, e.g. "
        f"'both {kind}s with |eta| < 1.2' or 'both {kind}s with pT below 50 GeV'."
    )


_RANKS = {"leading": 0, "first": 0, "1st": 0, "subleading": 1, "sub-leading": 1, "second": 1}
_RANKS |= {"2nd": 1, "trailing": 1}
#: a property that the rules put on every object of a kind (a region, an isolation or ID, an
#: upper bound), said of one ranked object
_RANKED_PROPERTY = (
    r"\b(?P<only>only\s+)?(?:the\s+)?(?P<rank>leading|sub-?leading|second|first|trailing|2nd|1st)"
    rf"\s+{_KINDS}\s+(?:is|are|has|passes|pass|being|must\s+be|must\s+have|should\s+be"
    r"|should\s+have|to\s+be|sits|lies|falls)\s+(?:[a-z-]+\s+){0,3}?"
    r"(?P<what>barrel|endcaps?|forward|central|overlap|crack|non-isolated|anti-isolated|isolated"
    r"|isolation|id|identification|loose|medium|tight|below|under|less\s+than|lower\s+than|<)"
    r"|\b(?:no|without)\s+(?P<what2>isolation|id|identification)\s+(?:cut\s+|requirement\s+)?"
    r"(?:on|for)\s+the\s+(?P<rank2>leading|sub-?leading|second|first|trailing)\s+"
    r"(?P<kind2>muon|electron|lepton|jet|photon|tau)\b"
)


def ranked_property(text: str, draft: Draft) -> str | None:
    """ "the dimuon mass where the subleading muon is in the barrel", "... the leading muon is
    non-isolated", "only the leading muon is isolated", "the subleading muon has pT below 30":
    a property of one ranked object that the rules would put on every object of its kind (the
    other muon changed too). Asked, unless the rules read it as that object's own event cut
    ("the leading jet has |eta| < 1")."""
    m = re.search(_RANKED_PROPERTY, text)
    if m is None:
        return None
    rank = _RANKS[(m.group("rank") or m.group("rank2")).replace("-", "")]
    kind = (m.group(3) if m.group("rank") else m.group("kind2")) or ""
    for cut in draft.event_cuts or []:
        if cut.object == kind.replace("-", "") and cut.index == rank:
            return None  # read as the ranked object's own cut
    tail = re.match(r"\s*-?\d+(?:\.\d+)?(?:\s*gev)?", text[m.end() :])
    said = " ".join((m.group(0) + (tail.group(0) if tail else "")).split())
    which = "leading" if rank == 0 else "subleading"
    return (
        f"'{said}': I can put this on every {kind}, not on the {which} {kind} alone (the other "
        f"{kind}s would change too). Should every {kind} satisfy it (say 'all {kind}s ...'), or "
        "which cut do you mean?"
    )


def region_unread(text: str, draft: Draft) -> str | None:
    """ "in the overlap region", "electrons in the crack", "the barrel-endcap overlap": a
    detector region whose |eta| edges the plan does not define (the rules would drop the word or
    read "barrel"). Asked; "outside the crack" (excluded) is read by the rules."""
    m = re.search(
        r"\b(?:in|inside|within|into)\s+(?:the\s+)?(?:[a-z-]+\s+){0,2}?(?:crack|overlap|transition"
        r"|gap)(?:\s+regions?)?\b|\bbarrel[- ]endcap\s+(?:overlap|transition)\b",
        text,
    )
    if m is None or re.search(
        r"\b(?:outside|excluding|exclude|veto|removing|not|without)\b", text[: m.end()]
    ):
        return None
    return (
        f"'{m.group(0).strip()}': which |eta| range is that region for you (e.g. '1.4442 < "
        "|eta| < 1.566' for the ECAL barrel-endcap gap, '0.9 < |eta| < 1.2' for the muon "
        "overlap)?"
    )


def era_not_stated(normalised: str, spec: AnalysisSpec, catalog: Catalog) -> str | None:
    """ "the dimuon mass for ttbar in 2018": a sample of another era than the one the request
    states (the catalog's ttbar is from 2022) would be run without a word. Asked."""
    years = {
        m.group(1)
        for m in re.finditer(r"\b(20[12]\d)\b(?!\s*(?:gev|tev|bins?|events?|\]|\)))", normalised)
        if not re.search(
            r"(?:\d\s*(?:-|,|\.\.)\s*|\bto\s+|\bfrom\s+|\[\s*)$", normalised[: m.start()]
        )
    }
    if not years or not isinstance(spec.samples, list):
        return None
    others = []
    for name in spec.samples:
        try:
            sample = catalog[name]
        except KeyError:
            continue
        if str(sample.era) not in years:
            others.append(f"{name} ({sample.era})")
    if not others:
        return None
    stated = " and ".join(sorted(years))
    return (
        f"You wrote {stated}, but {', '.join(others)} {'is' if len(others) == 1 else 'are'} of "
        "another era in the catalog. Should I use it anyway (the eras differ), or leave it out?"
    )


def region_name_unread(normalised: str) -> str | None:
    """ "in a ttbar control region", "in the signal region", "a DY-enriched selection": a region
    defined elsewhere, which the plan would drop for the sample word beside it. Asked."""
    m = re.search(
        r"\b(?:[a-z0-9+-]+\s+)?(?:control|signal|validation|sideband|side-band|application)\s+"
        r"regions?\b|\b[a-z0-9+-]+[- ]enriched\b",
        normalised,
    )
    if m is None or re.search(
        r"\bas\s+(?:an?|the)\s+(?:[a-z0-9+-]+\s+)?$|\b(?:top|bottom|left|right|upper|lower)\s*:\s*"
        r"(?:the\s+|a\s+)?$",
        normalised[: m.start()],
    ):
        return None  # "the same-sign dimuon mass as a control region": the request defines it;
        # "Top: the signal region": a panel's label (asked as panels)
    return (
        f"'{m.group(0).strip()}': which selection defines it (objects, cuts, counts)? I plan "
        "only the cuts you write, e.g. 'an opposite-charge electron-muon pair and at least one "
        "b-tagged jet'."
    )


def angle_of_a_charged_pair(text: str, draft: Draft) -> str | None:
    """ "delta R between the two same-sign muons": the angle is of the two leading muons while
    the charge only requires some such pair in the event (the two leading may be of opposite
    charge). Asked: which two muons?"""
    if (
        draft.quantity not in ("delta_r", "delta_phi", "delta_eta")
        or draft.pair
        or draft.pair_sel != draft.object
        or draft.charge not in ("same", "opposite")
        or draft.other is not None
        or draft.with_met
        or draft.target_mass is not None
        or draft.not_in_pair
    ):
        return None  # (an angle with the MET, of a chosen pair's complement: asked elsewhere)
    kind = draft.object
    sign = "same-sign" if draft.charge == "same" else "opposite-sign"
    return (
        f"The angle between which two {kind}s: the two leading {kind}s, required to be "
        f"{sign} (say 'the delta R of the {sign} di{kind} pair'), or the {sign} pair of "
        f"{kind}s wherever it is in the event (not a selection I can make yet)?"
    )
