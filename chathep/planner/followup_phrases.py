"""Common follow-up phrases with one literal reading, written out before the follow-up is parsed.

"twice as many bins", "half the bins", "finer binning" are a factor on the previous plot's
bin count (its range kept); "only central jets" is a jet |eta| cut; "veto b-jets" is zero
b-tagged jets; "undo" is the plan before the last follow-up. Each reading is stated in a note
(the value the words did not give, e.g. x2 for "finer", |eta| < 2.4 for "central"), or asked
when the previous plan cannot take it (variable bins, a count's integer bins, central leptons).
Were all asked or refused before ("I could not place 'twice'").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import chathep.regex as re
from chathep.planner import lexicon as lx

if TYPE_CHECKING:
    from chathep.catalog import Catalog
    from chathep.planner.draft import Draft
    from chathep.planner.planner import Plan

#: the |eta| a "central" jet is read as: the tracker acceptance (b-tagging, the default jet cut)
CENTRAL_JET_ETA = 2.4
#: the working point of b-tagged jets when the request names none (chathep.planner.build)
DEFAULT_BTAG_WP = "medium"

_BINS = r"(?:bins|binning)"
_NUMBER_OF_BINS = r"(?:the\s+)?(?:number\s+of\s+bins|bins?\s+count|bins|binning)"
#: (pattern, factor, said): ``said`` False when the words give no factor (x2 / x0.5 chosen)
_FACTORS: list[tuple[str, float, bool]] = [
    (
        rf"\b(?:twice|two\s+times|2\s*(?:x|times))\s+(?:as\s+many\s+{_BINS}|{_NUMBER_OF_BINS}|more\s+bins)"
        rf"|\bdouble\s+(?:the\s+)?(?:number\s+of\s+bins|bins?|binning)\b"
        r"|\bbins?\s+half\s+as\s+(?:wide|large|big)\b|\bhalve\s+the\s+bin\s+(?:width|size)\b",
        2.0,
        True,
    ),
    (
        rf"\bhalf\s+(?:as\s+many\s+{_BINS}|{_NUMBER_OF_BINS})|\bhalve\s+{_NUMBER_OF_BINS}"
        r"|\bbins?\s+twice\s+as\s+(?:wide|large|big)\b|\bdouble\s+the\s+bin\s+(?:width|size)\b"
        r"|\brebin\s+(?:by\s+(?:a\s+factor\s+(?:of\s+)?)?)?(?:2|two)\b"
        r"|\bmerge\s+(?:every\s+)?(?:two|2|pairs\s+of)\s+(?:adjacent\s+)?bins\b",
        0.5,
        True,
    ),
    (
        r"\b(?:finer|smaller|narrower|thinner)\s+(?:bins?|binning)\b|\bmore\s+bins\b"
        rf"|\b(?:increase|raise)\s+{_NUMBER_OF_BINS}(?!\s+to\b)|\bbin\s+(?:it\s+)?finer\b",
        2.0,
        False,
    ),
    (
        r"\b(?:coarser|larger|bigger|wider|broader)\s+(?:bins?|binning)\b|\b(?:fewer|less)\s+bins\b"
        rf"|\b(?:decrease|reduce|lower)\s+{_NUMBER_OF_BINS}(?!\s+to\b)|\bwiden\s+the\s+bins\b"
        r"|\bbin\s+(?:it\s+)?(?:more\s+)?coarser\b",
        0.5,
        False,
    ),
]

_CENTRAL = re.compile(
    # not "the most central jet" (the one of smallest |eta|: a ranking, asked)
    r"\b(?:only\s+|just\s+|require\s+|with\s+)?(?:the\s+)?(?<!most\s)central\s+"
    r"(?P<obj>b-?tagged\s+jets?|b-?jets?|jets?|muons?|electrons?|leptons?|photons?|taus?)\b",
    re.IGNORECASE,
)

_BVETO = re.compile(
    r"\b(?:(?:apply\s+|with\s+|add\s+|use\s+)?(?:an?\s+|the\s+)?b-?(?:jet|tag)\s+veto"
    r"|(?:veto(?:ing)?|reject(?:ing)?|exclud(?:e|ing))\s+(?:events\s+with\s+)?(?:any\s+|all\s+)?"
    r"(?:(?P<wp1>loose|medium|tight)\s+)?(?:b-?jets?|b-?tagged\s+jets?)"
    r"|(?:with\s+|and\s+|require\s+|requiring\s+)?(?:no|zero|without(?:\s+any)?)\s+(?:(?P<wp2>loose|medium|tight)\s+)?"
    r"(?:b-?jets?|b-?tagged\s+jets?)(?!\s+(?:requirement|cut|selection|count|condition|veto)))\b",
    re.IGNORECASE,
)

_UNDO = re.compile(
    r"^\s*(?:(?:ok|okay|no|sorry|please|actually|hmm|(?:can|could|would)\s+(?:you|we)|let'?s"
    r"|i\s+(?:want|would\s+like)\s+to)[\s,]+)*(?:undo(?:\s+(?:that|this|it|the\s+last"
    r"(?:\s+(?:change|step|follow-?up|edit))?))?|go\s+back(?:\s+(?:to\s+(?:the\s+)?(?:previous|last|"
    r"earlier|old|original)\s+(?:plot|plan|one|version|analysis)|one\s+step))?|revert(?:\s+(?:that|"
    r"this|it|the\s+last\s+change))?|back\s+to\s+(?:the\s+)?(?:previous|last|earlier|old)\s+(?:plot|"
    r"plan|one|version)|(?:delete|remove|drop|discard|cancel|scrap)\s+(?:that|this|the\s+last)\s+"
    r"(?:change|step|edit|follow-?up))(?:\s+please)?\s*[.!?]*\s*$",
    re.IGNORECASE,
)


def is_undo(text: str) -> bool:
    """ "undo", "go back", "revert that": the whole follow-up asks for the previous plan."""
    return _UNDO.match(text) is not None


def undo_question(previous: Plan) -> str:
    """The question when the plan to go back to is not kept (never an invented history)."""
    return (
        f"There is no earlier plan to go back to: the plan above ('{previous.request}') is the "
        "first one of this conversation that I keep. Say what to change, e.g. 'use 40 bins' or "
        "'show the electrons instead', or ask for a new plot."
    )


def _plural(kind: str) -> str:
    return kind if kind.endswith("s") else kind + "s"


def _binning(text: str, previous: Plan) -> tuple[str, list[str]] | str:
    """The binning factors ("twice as many bins") written as the new bin count and range."""
    spec = previous.spec
    found = [(m, f, said) for p, f, said in _FACTORS if (m := re.search(p, text, re.I))]
    if not found or spec is None or re.search(r"\d\s*bins\b", text, re.I):
        return text, []  # "finer bins: 60 bins": the number said is the parser's
    if len(found) > 1:
        return (
            "The follow-up asks for both more and fewer bins. How many bins should I use? "
            "E.g. '60 bins'."
        )
    m, factor, said = found[0]
    hists = spec.histograms
    if any(h.edges for h in hists):
        return (
            f"The plot has variable bin edges, so '{m.group(0)}' has no one meaning. Which "
            "edges or how many equal bins should I use? E.g. '40 bins from 0 to 200'."
        )
    if len({(h.bins, h.start, h.stop) for h in hists}) > 1:
        return (
            f"The plan has {len(hists)} histograms with different binnings; which one should "
            f"have '{m.group(0)}'? Give its bins, e.g. '40 bins from 0 to 200'."
        )
    h = hists[0]
    observable = spec.observable(h.observable)
    if observable.kind in ("count", "npv"):
        return (
            f"The {h.name} histogram has one bin per integer value ({h.bins} bins from "
            f"{h.start:g} to {h.stop:g}), so '{m.group(0)}' would split or merge whole numbers. "
            "Should I change the range instead, e.g. 'from 0 to 5'?"
        )
    bins = int(h.bins or 0)
    new = bins * 2 if factor > 1 else (bins + 1) // 2
    if new < 2:
        return f"The plot has {bins} bins; how many should it have?"
    rounded = " (rounded up)" if factor < 1 and bins % 2 else ""
    how = (
        "" if said
        else f" ('{m.group(0)}' read as {'twice' if factor > 1 else 'half'} as many; give a "
        "number of bins to change it)"
    )  # fmt: skip
    note = (
        f"Binning: {new} bins instead of {bins}{rounded}, the same range ({h.start:g} to "
        f"{h.stop:g}){how}."
    )
    words = f"{new} bins from {h.start:g} to {h.stop:g}"
    return f"{text[: m.start()]}{words}{text[m.end() :]}", [note]


def _central(text: str, previous: Plan) -> tuple[str, list[str]] | str:
    """ "only central jets" in a follow-up: :func:`_central_of` the previous plan's draft."""
    return _central_of(text, previous.draft, "plan")


def _central_of(text: str, draft: Draft, whose: str) -> tuple[str, list[str]] | str:
    """ "only central jets": jets with |eta| < 2.4 (stated); central leptons are asked, and so
    are central jets where ``draft`` (the ``whose``: "plan" or "request") has no jets."""
    m = _CENTRAL.search(text)
    if m is None:
        return text, []
    obj = m.group("obj").lower()
    if not re.match(r"(?:b-?tagged\s+)?(?:b-?)?jet", obj):
        return (
            f"What |eta| is 'central' for the {_plural(obj)}: e.g. '|eta| < 1.2' (the muon "
            "barrel), '|eta| < 1.4442' (the ECAL barrel) or '|eta| < 2.4'?"
        )
    bjet = obj.startswith("b")
    kind = "bjet" if bjet else "jet"
    if draft.object not in ("jet", "bjet", "fatjet") and kind not in draft.requirements:
        return (
            f"The {whose} {'plots and requires no' if whose == 'request' else 'has no'} "
            f"{'b-tagged ' if bjet else ''}jets to restrict to the central region. Did you "
            "mean to require them, e.g. 'at least one jet with |eta| < 2.4', or to plot them?"
        )
    words = f"{'b-tagged ' if bjet else ''}jets with |eta| < {CENTRAL_JET_ETA:g}"
    note = (
        f"'{m.group(0).strip()}' read as {words} (the tracker acceptance); say e.g. "
        "'|eta| < 1.3' for the barrel only."
    )
    return f"{text[: m.start()]}{words}{text[m.end() :]}", [note]


def _bveto(text: str, previous: Plan) -> tuple[str, list[str]] | str:
    """ "veto b-jets" in a follow-up: :func:`_bveto_of` the previous plan's draft."""
    return _bveto_of(text, previous.draft)


def _bveto_of(text: str, draft: Draft, lead: str = "") -> tuple[str, list[str]] | str:
    """ "veto b-jets", "no b-jets": exactly zero b-tagged jets, the working point stated (that
    of the b-jets ``draft`` has, else medium); ``lead`` goes before the words written out
    ("with " in a first request: "the HT vetoing b-jets" is "the HT with exactly 0 ...")."""
    m = _BVETO.search(text)
    if m is None:
        return text, []
    if draft.object == "bjet":
        return (
            "The plot is of b-tagged jets, which a b-jet veto would leave empty. Did you mean "
            "to plot all jets with zero b-tagged ones ('now the jets, no b-jets'), or to remove "
            "the b-tag?"
        )
    said = m.group("wp1") or m.group("wp2")
    before = draft.requirements.get("bjet")  # type: ignore[call-overload]
    wp = said or (before.btag_wp if before is not None else None) or DEFAULT_BTAG_WP
    words = f"exactly 0 {said + ' ' if said else ''}b-tagged jets"
    if lead and not re.search(r"\b(?:with|in|for|require|requiring|and)\s*$", text[: m.start()]):
        words = lead + words
    chosen = "" if said else "; say 'loose' or 'tight' to change it"
    note = (
        f"'{m.group(0).strip()}' read as a veto: exactly 0 b-tagged jets (DeepJet {wp} "
        f"working point{chosen})."
    )
    return f"{text[: m.start()]}{words}{text[m.end() :]}", [note]


def _names_a_new_plot(text: str, catalog: Catalog) -> bool:
    """The words beside the phrases name a quantity ("plot the number of jets with twice as
    many bins", "now the HT of central jets"): the phrases are then no edit of the previous
    plot (its binning, its jets), and the text is left to the parser as before."""
    from chathep.planner.parser import parse_request

    rest = text
    for pattern in [p for p, _, _ in _FACTORS] + [_CENTRAL.pattern, _BVETO.pattern]:
        rest = re.sub(pattern, " ", rest, flags=re.IGNORECASE)
    if rest == text:
        return False
    return "quantity" in parse_request(rest, catalog).explicit


def rewrite_phrases(text: str, previous: Plan, catalog: Catalog) -> tuple[str, list[str]] | str:
    """(the follow-up in words the parser reads, the notes stating each reading), or one
    question when the previous plan cannot take a phrase."""
    # "drop the b-jet veto", "remove the central jets cut": a removal (followup.remove_count)
    if re.match(r"^\s*(?:(?:now|and|then|ok|okay|please)[\s,]+)*(?:remove|drop|delete|lift|"
                r"undo|forget|no\s+longer)\b", lx.normalise(text)):  # fmt: skip
        return text, []
    if _names_a_new_plot(text, catalog):
        return text, []
    notes: list[str] = []
    for step in (_binning, _central, _bveto):
        out = step(text, previous)
        if isinstance(out, str):
            return out
        text, more = out
        notes += more
    return text, notes


def rewrite_first(text: str, catalog: Catalog) -> tuple[str, list[str]] | str | None:
    """A first request with a follow-up's phrase ("the leading jet pT with no b-jets", "the HT
    vetoing b-jets", "the HT of only central jets"): the same readings as in a follow-up
    (:func:`_bveto_of`, :func:`_central_of`), checked against what the request itself plots;
    (the words the parser reads, the notes), one question, or None when no phrase is there.
    Were asked ("I could not place 'jet pt with no bjets'")."""
    from chathep.planner.parser import parse_request

    if not (_CENTRAL.search(text) or _BVETO.search(text)):
        return None
    # what the request plots without the phrases: "pT of central jets" plots the jets (the
    # central phrase's objects kept, its words taken out), "the HT vetoing b-jets" the HT
    rest = _CENTRAL.sub(lambda m: f" {m.group('obj')} ", text)
    rest = _BVETO.sub(" ", rest)
    draft = parse_request(rest, catalog).draft
    notes: list[str] = []
    for step in (
        lambda t: _bveto_of(t, draft, "with "),
        lambda t: _central_of(t, draft, "request"),
    ):
        out = step(text)
        if isinstance(out, str):
            return out
        text, more = out
        notes += more
    return text, notes
