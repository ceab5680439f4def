"""Histogram definitions written in another tool's syntax, read literally as that tool does.

Physicists paste the line they know: a ROOT ``TTree::Draw`` call, an RDataFrame chain, a
MadAnalysis 5 ``plot`` command, a CutLang/ADL ``histo`` line, or the line that books a
histogram (``new TH1F(...)``, ``book<TH1F>(...)``, ``Hist1D(...)``, ``MakePlot.py``,
``hist.Hist.new.Reg(...)``: :func:`_booking`). Each is translated here, once and before
anything else reads the request, into the plain wording the parser reads, with the tool's
own meaning:

- everything "as written": the tool applies no object definition of its own on NanoAOD, so
  no recommended default is added either;
- ROOT ``TTree::Draw("x", "cut")``: an array branch in the selection that the drawn
  expression does not share fills the histogram once per element passing (``MET_pt`` with
  ``Muon_pt > 20``), and a count branch (``nJet``) counts every object, before the object
  cuts of the same selection: both are asked about, never re-read;
- ``>>h(n,lo,hi)``, ``Histo1D(("h","t",n,lo,hi), ...)``, MadAnalysis ``nbins lo hi`` and
  CutLang ``n, lo, hi``: the binning;
- MadAnalysis labels are 1-based (``j[1]`` = the leading jet), CutLang's 0-based (``ELE_0``);
- a name the line does not define (``Dimuon_mass``, ``goodjets``, ``mjj``, ``vm``) is asked
  about, quoting it: never substituted (a neutrino is not the MET).
- a booking line is the exception to "as written": it fills from objects the unseen code
  selected, so it says nothing about their definitions; its title or x label says what is
  plotted and the usual definitions are used, listed (:func:`_booking`). Its binning is
  exact; what its words do not say with certainty (``Muon_pt_1``: counted from 0 or 1?) is
  asked, quoting them.

The translation is stated in the plan; a trailing comment or a title string is commentary,
but one that contradicts the code is asked about (:func:`contradiction`).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import chathep.regex as re

#: NanoAOD collections -> (the planner's object word, plural wording)
COLLECTIONS: dict[str, str] = {
    "Muon": "muons",
    "Electron": "electrons",
    "Jet": "jets",
    "Photon": "photons",
    "Tau": "taus",
    "FatJet": "fat jets",
}
_SINGULAR = {"muons": "muon", "electrons": "electron", "jets": "jet", "photons": "photon",
             "taus": "tau", "fat jets": "fat jet", "leptons": "lepton",
             "b-tagged jets": "b-tagged jet"}  # fmt: skip
#: per-event NanoAOD branches that are a quantity of their own
EVENT_BRANCHES: dict[str, str] = {
    "MET_pt": "the MET",
    "MET_phi": "the MET phi",
    "PuppiMET_pt": "the PUPPI MET",
    "MET_significance": "the MET significance",
    # the primary vertex: the words the rules read as these very branches (PV_npvs: the spec's
    # npv quantity; PV_z: the pv z field); PV_npvsGood has no such words and stays asked
    "PV_npvs": "the number of primary vertices",
    "PV_z": "the z position of the primary vertex",
}
_FIELD_WORDS = {"pt": "pt", "eta": "eta", "phi": "phi", "mass": "mass"}
_ORDINALS = ["leading", "subleading", "third", "fourth", "fifth", "sixth"]
_NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
_OPS = r">=|<=|==|!=|>|<"
_FLIP = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!="}


_UNWEIGHTED = (
    "{tool} alone counts entries unweighted; simulated samples are weighted here as the plan says."
)


class Unreadable(Exception):
    """The line cannot be read literally: the message is the question for the user."""


@dataclass
class Translation:
    """A tool's line read literally: the plain request, or the question to ask."""

    tool: str
    code: str
    text: str | None = None
    question: str | None = None
    #: the line's comment or title string: commentary, unless it contradicts the code
    comment: str | None = None
    notes: list[str] = field(default_factory=list)

    def note(self) -> str:
        said = f"Read the {self.tool} line `{self.code}` literally, as: '{self.text}'."
        return " ".join([said, *self.notes])


@dataclass
class _Reading:
    """What a line plots and selects, before it is put in words."""

    plotted: str = ""
    kind: str | None = None  # collection plotted one entry per object (plural wording)
    object_cuts: list[str] = field(default_factory=list)  # raw NanoAOD comparisons on `kind`
    events: list[str] = field(default_factory=list)  # "at least 2 jets", "MET above 50 GeV"
    triggers: list[str] = field(default_factory=list)
    leads: list[str] = field(default_factory=list)  # "the leading muon has pt > 25 GeV"
    #: object definitions of collections (MadAnalysis ``select (j) PT > 30``): kind -> cuts
    defined: dict[str, list[str]] = field(default_factory=dict)
    #: counts of objects passing cuts (Sum$): "at least 2 jets with Jet_pt > 30"
    counted: list[str] = field(default_factory=list)
    bins: tuple[str, str, str] | None = None
    extra: list[str] = field(default_factory=list)  # "log y"

    def words(self) -> str:
        text = f"plot {self.plotted}"
        if self.object_cuts:
            text += " with " + " and ".join(self.object_cuts)
        for kind, cuts in self.defined.items():
            text += f", {kind} with " + " and ".join(cuts)
        if self.triggers:
            text += ", in events passing " + " and ".join(self.triggers)
        if self.events:
            text += ", in events with " + " and ".join(self.events)
        for counted in self.counted:
            text += f", in events with {counted}"
        for lead in self.leads:
            text += f", in events where {lead}"
        if self.bins:
            n, lo, hi = self.bins
            text += f", {n} bins from {lo} to {hi}"
        for extra in self.extra:
            text += f", {extra}"
        return text + ", as written"


def _num(s: str) -> str:
    """A number as the user wrote it, without a redundant '.0' or '+'."""
    s = s.strip().lstrip("+")
    value = float(s)
    return str(int(value)) if value == int(value) and "e" not in s.lower() else s


def _ordinal(i: int) -> str:
    if i < len(_ORDINALS):
        return _ORDINALS[i]
    raise Unreadable(
        f"Index {i} is the {i + 1}th object; I read the leading to the sixth. Which object did "
        "you mean?"
    )


def _own_mass(kind: str, code: str) -> None:
    """The mass of each lepton or photon on its own is its rest mass: asked, never read as the
    pair's mass (which "the mass of the muons" would be in words)."""
    if kind not in ("jets", "fat jets"):
        one = _SINGULAR.get(kind, kind)
        raise Unreadable(
            f"`{code}` is each {one}'s own mass (its rest mass, the same for every {one}). Did "
            f"you mean that, or the invariant mass of a pair of {kind}?"
        )


# --- NanoAOD branches and C++ selections (ROOT TTree::Draw, RDataFrame) ---------------------

_BRANCH = re.compile(r"(?:(?:std::|TMath::)?f?abs\(\s*)?([A-Za-z_]\w*)(?:\[(\d+)\])?(\s*\))?")


@dataclass
class _Branch:
    name: str
    index: int | None
    absolute: bool
    kind: str | None = None  # plural collection wording, for Collection_field and nCollection
    field: str | None = None
    count: bool = False
    event: str | None = None  # EVENT_BRANCHES wording
    trigger: bool = False


def _branch(expr: str, defined: dict[str, str] | None = None) -> _Branch:
    """One NanoAOD branch (``Muon_pt``, ``Jet_eta[0]``, ``abs(Muon_eta)``, ``nJet``,
    ``MET_pt``, ``HLT_IsoMu24``); Unreadable (quoting it) for anything else."""
    expr = expr.strip()
    m = _BRANCH.fullmatch(expr)
    if m is None or bool(m.group(3)) != expr.replace(" ", "").lower().startswith(
        ("abs(", "fabs(", "std::abs(", "tmath::abs(", "std::fabs(")
    ):
        raise Unreadable(
            f"`{expr}` is an expression I cannot read literally as one NanoAOD quantity. "
            "Which quantity should I plot or cut on? Say it in words, e.g. 'the pT of the "
            "leading muon'."
        )
    name, index, absolute = m.group(1), m.group(2), bool(m.group(3))
    if defined and name in defined:
        name = defined[name]
    b = _Branch(name, int(index) if index is not None else None, absolute)
    coll, _, fld = name.partition("_")
    if name.startswith("n") and name[1:] in COLLECTIONS:
        b.kind, b.count = COLLECTIONS[name[1:]], True
    elif name in EVENT_BRANCHES:
        b.event = EVENT_BRANCHES[name]
    elif name.startswith("HLT_"):
        b.trigger = True
    elif coll in COLLECTIONS and re.fullmatch(r"[A-Za-z]\w*", fld or ""):
        b.kind, b.field = COLLECTIONS[coll], fld
    else:
        raise Unreadable(
            f"`{name}` is not a NanoAOD branch, and the line does not define it. Which NanoAOD "
            "quantity does it mean? For example Muon_pt, Jet_eta, nJet or MET_pt, or say it in "
            "words ('the number of jets')."
        )
    if (b.count or b.event or b.trigger) and b.index is not None:
        raise Unreadable(f"`{expr}` indexes a per-event branch. Which quantity did you mean?")
    if b.absolute and b.field != "eta":
        raise Unreadable(f"`{expr}`: the absolute value of what? Which quantity did you mean?")
    return b


def _plotted(b: _Branch) -> str:
    """The plain wording of a drawn branch."""
    if b.count:
        return f"the number of {b.kind}"
    if b.event:
        return b.event
    if b.trigger:
        raise Unreadable(f"`{b.name}` is a trigger decision. What should I plot in its events?")
    if b.field == "mass" and b.index is None:
        _own_mass(b.kind or "", b.name)
        # "the mass of the jets" reads as the dijet mass: each jet's own mass, said so
        return f"the mass of every {_SINGULAR[b.kind or '']}"
    if b.field == "mass":
        _own_mass(b.kind or "", b.name)
    word = _FIELD_WORDS.get(b.field or "", f"{_coll_of(b)}_{b.field}")
    if b.absolute:
        word = "|eta|"
    if b.index is None:
        return f"the {word} of the {b.kind}"
    return f"the {word} of the {_ordinal(b.index)} {_SINGULAR[b.kind or '']}"


def _coll_of(b: _Branch) -> str:
    return b.name.partition("_")[0]


def _split_and(cut: str) -> list[str]:
    cut = cut.strip()
    while cut.startswith("(") and cut.endswith(")") and _balanced(cut[1:-1]):
        cut = cut[1:-1].strip()
    if not cut:
        return []
    if "||" in cut or re.search(r"!(?!=)", cut) or re.search(r"\bor\b", cut):
        raise Unreadable(
            f"The selection `{cut}` combines cuts with OR or a negation, which I cannot read "
            "literally as one selection. Which events should pass? Say it as cuts joined by "
            "'and'."
        )
    terms, depth, start = [], 0, 0
    for i, c in enumerate(cut):
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth == 0 and cut.startswith("&&", i):
            terms.append(cut[start:i].strip())
            start = i + 2
    terms.append(cut[start:].strip())
    out: list[str] = []
    for t in terms:
        while t.startswith("(") and t.endswith(")") and _balanced(t[1:-1]):
            t = t[1:-1].strip()
        out.append(t)
    return out


def _balanced(s: str) -> bool:
    depth = 0
    for c in s:
        depth += {"(": 1, ")": -1}.get(c, 0)
        if depth < 0:
            return False
    return depth == 0


def _term(term: str, defined: dict[str, str] | None = None) -> tuple[_Branch, str, str]:
    """``Muon_pt > 17`` (or ``17 < Muon_pt``, or a bare flag) -> (branch, op, number)."""
    m = re.fullmatch(rf"(.+?)\s*({_OPS})\s*({_NUM}|true|false)", term)
    if m is None:
        r = re.fullmatch(rf"({_NUM})\s*({_OPS})\s*(.+)", term)
        if r is not None:
            m_b, op, value = r.group(3), _FLIP[r.group(2)], r.group(1)
        elif re.fullmatch(r"[A-Za-z_]\w*", term):  # a flag: HLT_IsoMu24, Muon_tightId
            m_b, op, value = term, "==", "1"
        else:
            raise Unreadable(
                f"I cannot read the cut `{term}` literally (a comparison of one NanoAOD branch "
                "with a number, e.g. `Muon_pt > 20`). What should it select?"
            )
    else:
        m_b, op, value = m.group(1), m.group(2), m.group(3)
    value = {"true": "1", "false": "0"}.get(value, value)
    return _branch(m_b, defined), op, _num(value)


def _count_words(op: str, value: str, kind: str) -> str:
    k = float(value)
    if k != int(k) or k < 0:
        raise Unreadable(f"n{kind} {op} {value}: a number of objects is a whole number.")
    n = int(k)
    words = {
        ">=": f"at least {n}", ">": f"at least {n + 1}", "==": f"exactly {n}",
        "<=": f"at most {n}", "<": f"at most {n - 1}",
    }.get(op)  # fmt: skip
    if words is None or (op == "<" and n < 1):
        raise Unreadable(f"`n{kind} {op} {value}`: which numbers of {kind} should pass?")
    return f"{words} {kind}"


def _selection(
    cut: str, reading: _Reading, drawn: _Branch, tool: str, defined: dict[str, str] | None = None
) -> None:
    """Place each term of a C++ selection in ``reading``: an object cut on the plotted
    collection, an event cut (count, MET, trigger, the leading object), or a question."""
    # counts other than "at least one" (the same on every object or on the plotted ones: an
    # event without a plotted object adds no entry either way)
    counts: dict[str, tuple[str, str]] = {}
    summed: set[str] = set()
    for term in _split_and(cut):
        if (total := _SUM.fullmatch(term)) is not None:
            summed.add(_counted(term, total, reading, drawn, defined))
            continue
        b, op, value = _term(term, defined)
        if b.trigger:
            if value != "1" or op != "==":
                raise Unreadable(f"`{term}`: events failing {b.name}? Which events should pass?")
            reading.triggers.append(b.name)
        elif b.count:
            reading.events.append(_count_words(op, value, b.kind or ""))
            if reading.events[-1] != f"at least 1 {b.kind}":
                counts[b.kind or ""] = (term, b.name)
        elif b.event:
            if op in (">", ">="):
                reading.events.append(f"{b.event.removeprefix('the ')} above {value} GeV")
            elif op in ("<", "<="):
                reading.events.append(f"{b.event.removeprefix('the ')} below {value} GeV")
            else:
                raise Unreadable(f"`{term}`: which events should pass?")
            if b.name != "MET_pt":
                raise Unreadable(f"`{term}`: a cut on {b.event} is not read literally yet.")
        elif b.index is not None:
            if b.field == "pt" and b.index == 0 and op in (">", ">="):
                reading.leads.append(f"the leading {_SINGULAR[b.kind or '']} has pt > {value} GeV")
            else:
                raise Unreadable(
                    f"`{term}` cuts one object by its position. Should the event need that "
                    f"object ({_ordinal(b.index)} {_SINGULAR.get(b.kind or '', '')}), or "
                    f"should it be a cut on every {_SINGULAR.get(b.kind or '', 'object')}?"
                )
        elif b.kind == drawn.kind and drawn.index is None and not drawn.count and drawn.kind:
            if b.field == "eta" and not b.absolute:
                raise Unreadable(
                    f"`{term}` is a signed eta cut. Did you mean |eta| ({'abs(' + b.name + ')'}),"
                    " or really one side of the detector?"
                )
            name = f"abs({b.name})" if b.absolute else b.name
            reading.object_cuts.append(f"{name} {op} {value}")
        else:
            what = _plotted(drawn)
            raise Unreadable(
                f"In {tool}, the cut `{term}` is on every {_SINGULAR.get(b.kind or '', '')} but "
                f"{what} is not one per {_SINGULAR.get(b.kind or '', '')}: {tool} would fill "
                f"{what} once per {_SINGULAR.get(b.kind or '', '')} passing (or pair the two "
                "arrays by index). Did you mean events with at least one "
                f"{_SINGULAR.get(b.kind or '', '')} passing `{term}`, or a cut on the "
                f"{_SINGULAR.get(b.kind or '', '')}s you plot?"
            )
    for kind in summed & (set(counts) | {reading.kind}):
        raise Unreadable(
            f"The selection counts {kind} twice, once with cuts (Sum$) and once without, or "
            f"cuts the {kind} it counts. Which {kind} should the plot and the count use?"
        )
    for kind, (term, name) in counts.items():
        if kind == reading.kind and reading.object_cuts:
            cuts = " && ".join(reading.object_cuts)
            raise Unreadable(
                f"`{term}` counts every {_SINGULAR[kind]} ({name} is the number before any "
                f"cut), while `{cuts}` selects the {kind} you plot. Should the count be of "
                f"all {kind}, or of the {kind} passing `{cuts}`?"
            )


_SUM = re.compile(rf"(?:Sum\$|(?:ROOT::VecOps::)?Sum)\s*\((.+)\)\s*({_OPS})\s*({_NUM})")


def _counted(
    term: str,
    total: re.Match[str],
    reading: _Reading,
    drawn: _Branch,
    defined: dict[str, str] | None,
) -> str:
    """``Sum$(Jet_pt > 30 && abs(Jet_eta) < 2.4) >= 2`` (ROOT; ``Sum(...)`` in RDataFrame): a
    count of the objects passing the cuts, as an event selection; the collection counted."""
    cuts, kinds = [], set()
    for inner in _split_and(total.group(1)):
        b, op, value = _term(inner, defined)
        if b.kind is None or b.field is None or b.index is not None:
            raise Unreadable(
                f"`{term}`: which objects are counted? I read a count of one collection's "
                "objects passing cuts, e.g. Sum$(Jet_pt > 30) >= 2."
            )
        if b.field == "eta" and not b.absolute:
            raise Unreadable(f"`{inner}` is a signed eta cut. Did you mean abs({b.name})?")
        kinds.add(b.kind)
        cuts.append(f"{'abs(' + b.name + ')' if b.absolute else b.name} {op} {value}")
    if len(kinds) != 1:
        raise Unreadable(f"`{term}` counts objects of several collections. Which ones?")
    kind = kinds.pop()
    if kind == drawn.kind or kind == reading.kind:
        raise Unreadable(
            f"`{term}` counts the {kind} passing `{total.group(1)}`, while the plot is of "
            f"{_plotted(drawn)} with no such cut. Should the plotted {kind} pass it too?"
        )
    reading.counted.append(
        f"{_count_words(total.group(2), _num(total.group(3)), kind)} with {' and '.join(cuts)}"
    )
    return kind


# --- ROOT TTree::Draw -------------------------------------------------------------------------

_STR = r'"([^"]*)"'
_DRAW = re.compile(r"(?:\b\w+\s*(?:->|\.)\s*)?\bDraw\s*\(\s*\"")


def _split_args(inner: str) -> list[str]:
    """The arguments of a call, split at the commas outside strings and brackets."""
    args, depth, in_str, start = [], 0, False, 0
    for i, c in enumerate(inner):
        if c == '"':
            in_str = not in_str
        elif not in_str and c in "({[":
            depth += 1
        elif not in_str and c in ")}]":
            depth -= 1
        elif not in_str and depth == 0 and c == ",":
            args.append(inner[start:i].strip())
            start = i + 1
    args.append(inner[start:].strip())
    return args


def _comment(text: str, start: int, end: int) -> tuple[str, str | None]:
    """(the text around the code without it, the trailing ``//`` or ``#`` comment)."""
    rest = text[end:]
    m = re.match(r"\s*(?://|#)\s*(.*?)\s*(?:\n|$)", rest)
    comment = None
    if m:
        comment, rest = m.group(1) or None, rest[m.end() :]
    return (text[:start] + " " + rest).strip(), comment


def _surrounding(text: str) -> str:
    """Words around the code that say more than 'plot': kept for the parser."""
    cleaned = re.sub(
        r"^\s*(?:please\s+)?(?:(?:plot|draw|run|do|make)\b(?!')(?:\s+(?:this|it|the\s+following)\b)?)?"
        r"\s*:?\s*",
        "",
        text.strip(),
        flags=re.IGNORECASE,
    )
    return cleaned.strip(" .,:;")


def _root_draw(text: str) -> Translation | None:
    m = _DRAW.search(text)
    if m is None:
        return None
    try:
        inner, end = _call_args(text, text.index("(", m.start()))
    except Unreadable as exc:
        return Translation("ROOT TTree::Draw", text.strip(), question=str(exc))
    end += len(re.match(r"\s*;?", text[end:]).group(0))  # type: ignore[union-attr]
    code = text[m.start() : end].strip().rstrip(";")
    tr = Translation("ROOT TTree::Draw", code)
    around, tr.comment = _comment(text, m.start(), end)
    varexp, *args = _split_args(inner)
    varexp = _unquote(varexp) or ""
    cut: str | None = ""
    if args:
        cut = _unquote(args[0])
    if len(args) > 1 and _unquote(args[1]):
        tr.notes.append(f"The drawing option '{_unquote(args[1])}' does not change the contents.")
    try:
        if len(args) > 2:
            raise Unreadable(
                f"`{code}` draws only some entries ({', '.join(args[2:])}). I run on every "
                "event of the samples: should I, or which events did you mean?"
            )
        if cut is None:
            raise Unreadable(f"I could not read the selection of `{code}`. Which cut did you mean?")
        weight = re.search(r"\bgenWeight\b|\b\w*[Ww]eight\w*\b|\*", cut)
        if weight is not None:
            raise Unreadable(
                f"In TTree::Draw the selection's value is the weight of each entry, and `{cut}` "
                f"weighs entries (by `{weight.group(0)}`). The samples are weighted by their "
                "generator weight and cross section already: which cuts, and which weight, do "
                "you mean?"
            )
        reading = _Reading()
        var, _, target = varexp.partition(">>")
        if target:
            binning = rf"\(\s*({_NUM})\s*,\s*({_NUM})\s*,\s*({_NUM})\s*\)"
            bm = re.fullmatch(rf"\s*\+?\s*\w+\s*(?:{binning})?\s*", target)
            if bm is None:
                raise Unreadable(
                    f"I could not read the histogram `{target.strip()}`. Which binning?"
                )
            if bm.group(1):
                reading.bins = (_num(bm.group(1)), _num(bm.group(2)), _num(bm.group(3)))
        if ":" in var.replace("::", ""):
            raise Unreadable(
                f"`{var}` draws two quantities against each other (y:x). I make histograms of "
                "one quantity: which one?"
            )
        drawn = _branch(var)
        _fill(reading, drawn)
        _selection(cut, reading, drawn, "TTree::Draw")
        tr.text = _join(reading.words(), _surrounding(around))
        tr.notes.append(_UNWEIGHTED.format(tool="TTree::Draw"))
    except Unreadable as exc:
        tr.question = str(exc)
    return tr


def _unquote(arg: str) -> str | None:
    arg = arg.strip()
    if arg.startswith('"') and arg.endswith('"'):
        return arg[1:-1]
    return None if arg else ""


def _fill(reading: _Reading, drawn: _Branch) -> None:
    reading.plotted = _plotted(drawn)
    if drawn.kind and not drawn.count and drawn.index is None:
        reading.kind = drawn.kind


def _join(words: str, around: str) -> str:
    return f"{words}, {around}" if around else words


# --- RDataFrame --------------------------------------------------------------------------------

_HISTO1D = re.compile(r"\.?\bHisto1D\s*(?:<[^>]*>)?\s*\(")


def _call_args(text: str, open_paren: int) -> tuple[str, int]:
    """The text inside the parentheses opened at ``open_paren`` and the index after them."""
    depth, i = 0, open_paren
    in_str = False
    while i < len(text):
        c = text[i]
        if c == '"':
            in_str = not in_str
        elif not in_str:
            if c in "({":
                depth += 1
            elif c in ")}":
                depth -= 1
                if depth == 0:
                    return text[open_paren + 1 : i], i + 1
        i += 1
    raise Unreadable("The code has unbalanced parentheses or quotes. Could you paste it whole?")


def _define(name: str, expr: str) -> str:
    """A Define whose expression is one NanoAOD branch: the branch; else Unreadable."""
    expr = expr.strip()
    b = _BRANCH.fullmatch(expr)
    if b is not None and not b.group(3) and not b.group(2):
        return b.group(1)
    raise Unreadable(
        f"`{name}` is defined as `{expr}`, which I cannot read literally as one NanoAOD "
        f"quantity. What is {name}? Say it in words, e.g. 'the mass of the two leading muons'."
    )


_CHAIN = re.compile(
    r"\b\w+\s*=\s*[\w:]+\s*(?:\([^()\n]*\))?\s*\.|\b[\w:]+\s*(?:\([^()\n]*\))?\s*\.\s*"
    r"(?:Filter|Define|Histo1D)\b|\bHisto1D\b"
)
_CHAIN_LINE = re.compile(r"\.\s*(?:Filter|Define)\s*\(|\bRDataFrame\s*\(|^\s*\.")


def _chain_start(text: str, histo: int) -> int:
    """Where the RDataFrame code of the Histo1D at ``histo`` starts: on its line, the chain
    (``df.Filter(...)``, ``h = df...``); and the lines just above it that hold Filter/Define
    calls or the RDataFrame itself (``df2 = df.Filter(...)`` on its own line)."""
    line = text.rfind("\n", 0, histo) + 1
    m = _CHAIN.search(text, line, histo + 1)
    start = m.start() if m else histo
    while line > 0:
        above = text.rfind("\n", 0, line - 1) + 1
        if not _CHAIN_LINE.search(text[above : line - 1]):
            break
        start = line = above
    return start


def _rdataframe(text: str) -> Translation | None:
    m = _HISTO1D.search(text)
    if m is None:
        return None
    code_start = _chain_start(text, m.start())
    try:
        inner, end = _call_args(text, m.end() - 1)
    except Unreadable as exc:
        return Translation("RDataFrame", text.strip(), question=str(exc))
    code = text[code_start:end].strip()
    tr = Translation("RDataFrame", code)
    around, tr.comment = _comment(text, code_start, end)
    try:
        reading = _Reading()
        defined: dict[str, str] = {}
        filters: list[str] = []
        invariant: str | None = None
        for call in re.finditer(r"\.(Filter|Define)\s*\(", code):
            args, _ = _call_args(code, call.end() - 1)
            strings = re.findall(_STR, args)
            if call.group(1) == "Filter":
                if not strings:
                    raise Unreadable(f"I cannot read the filter `{args}` literally. Which cut?")
                filters.append(strings[0])
            else:
                if len(strings) != 2:
                    raise Unreadable(f"I cannot read `Define({args})` literally. What is defined?")
                name, expr = strings
                inv = re.fullmatch(
                    r"\s*(?:ROOT::VecOps::)?InvariantMass\(\s*(\w+)_pt\s*,\s*\1_eta\s*,\s*\1_phi"
                    r"\s*,\s*\1_mass\s*\)\s*",
                    expr,
                )
                if inv is not None and inv.group(1) in COLLECTIONS:
                    invariant = name
                    defined[name] = f"InvariantMass:{inv.group(1)}"
                else:
                    defined[name] = _define(name, expr)
        model = re.match(r"\s*(?:ROOT\.RDF\.TH1DModel|ROOT::RDF::TH1DModel)?\s*[({]", inner)
        columns = inner
        if model is not None:
            margs, after = _call_args(inner, model.end() - 1)
            nums = [a.strip() for a in margs.split(",")]
            if len(nums) < 5 or not all(re.fullmatch(_NUM, x) for x in nums[2:5]) or len(nums) > 5:
                raise Unreadable(
                    f"I could not read the histogram model `{margs}` as (name, title, bins, low, "
                    "high). Which binning?"
                )
            reading.bins = (_num(nums[2]), _num(nums[3]), _num(nums[4]))
            if nums[1].strip('"'):
                tr.comment = (tr.comment + "; " if tr.comment else "") + nums[1].strip('"')
            columns = inner[after:]
        cols = re.findall(_STR, columns)
        if not cols:
            raise Unreadable("Which column does the Histo1D fill? I could not find it.")
        if len(cols) > 1:
            raise Unreadable(
                f"The histogram is weighted by the column `{cols[1]}`. The samples are weighted "
                "by their generator weight and cross section already: what is that weight?"
            )
        column = cols[0]
        if invariant is not None and column == invariant:
            coll = defined[invariant].split(":")[1]
            kind = COLLECTIONS[coll]
            exactly_two = any(
                re.fullmatch(rf"n{coll}\s*==\s*2", term) for f in filters for term in _split_and(f)
            )
            if not exactly_two:
                raise Unreadable(
                    f"`{column}` is the invariant mass of all the {kind} of each event, together."
                    f" Did you mean the mass of the two leading {kind}, or of {kind} pairs?"
                )
            reading.plotted = f"the mass of the two leading {kind}"
            # a quantity of the event (no per-object cuts), in the plan's words
            drawn = _Branch(column, None, False, event=reading.plotted)
            tr.notes.append(
                f"`{column}` = InvariantMass of every {_SINGULAR[kind]} of the event, in events "
                f"with exactly 2 {kind}: the mass of those two, of any charge."
            )
        else:
            if column in defined and defined[column].startswith("InvariantMass:"):
                raise Unreadable(f"Which quantity is `{column}`?")
            drawn = _branch(column, defined)
            _fill(reading, drawn)
        for f in filters:
            # a Filter decides per event: a per-object comparison is no event cut
            for term in _split_and(f):
                if _SUM.fullmatch(term):
                    continue
                b, _, _ = _term(term, defined)
                if b.kind and b.field and b.index is None:
                    raise Unreadable(
                        f"In RDataFrame, a Filter is true or false per event, but `{term}` is "
                        f"one value per {_SINGULAR[b.kind]}. Did you mean events with at least "
                        f"one {_SINGULAR[b.kind]} passing it, or a cut on the {b.kind} you plot?"
                    )
            _selection(f, reading, drawn, "RDataFrame", defined)
        around = _surrounding(re.sub(r"^\s*\w+\s*=\s*", "", around))
        # the file the code reads is the user's: the request names it (a registered dataset
        # is run; any other file is asked about), never silently replaced by the catalog
        for path in re.findall(r'"([^"\s]+\.root)"', code):
            around = f"{around} from {path}".strip()
        tr.text = _join(reading.words(), around)
        tr.notes.append(_UNWEIGHTED.format(tool="Histo1D"))
    except Unreadable as exc:
        tr.question = str(exc)
    return tr


# --- MadAnalysis 5 -----------------------------------------------------------------------------

_MA5_PLOT = re.compile(
    # the binning may be left out ("plot DELTAR(j[2],j[3])"): chosen by the planner, and said
    # (a bare word such as MET needs its binning: "plot MET above 50 GeV" is English)
    # "Plot PT(mu[1]) 40 0 200." as a sentence: its capital and final period are the prose's
    rf"(?m)^\s*(?:plot|Plot|PLOT)\s+([A-Z]+\s*\([^()\n]*\)|.+?(?=\s+\d+\s+{_NUM}\s+{_NUM}))"
    rf"(?:\s+(\d+)\s+({_NUM})\s+({_NUM}))?\s*(\[[^\]]*\])?\s*\.?\s*"
    r"(?:#\s*(.*)|(?=[a-z][^\n]*$)|$)"
)
_MA5_EXPR = re.compile(r"(?:[A-Z]+\s*\(|MET\b|THT\b|MHT\b|TET\b|HT\b)")
_MA5_LABELS = {"mu": "muons", "e": "electrons", "l": "leptons", "j": "jets", "b": "b-tagged jets",
               "ta": "taus", "a": "photons"}  # fmt: skip
_MA5_INVISIBLE = ("vm", "ve", "vt", "vl", "nu", "invisible", "vm~", "ve~", "vt~")
_MA5_FUNCTIONS = {"PT": "pt", "ETA": "eta", "PHI": "phi", "ABSETA": "|eta|", "E": "energy",
                  "P": "momentum"}  # fmt: skip


def _ma5_label(label: str) -> tuple[str, str, int | None]:
    """``mu+`` -> (muons, +, None); ``j[1]`` -> (jets, '', 0): MA5 indices are 1-based."""
    m = re.fullmatch(r"([a-z]+~?)([+-]?)(?:\[(\d+)\])?", label.strip())
    if m is None or m.group(1) not in _MA5_LABELS:
        name = m.group(1) if m else label.strip()
        if name in _MA5_INVISIBLE:
            raise Unreadable(
                f"`{label.strip()}` is a neutrino (generator level), which the reconstructed "
                "NanoAOD events do not have. Should I plot a generator-level quantity "
                "(simulation only), or did you mean something else? I will not use the MET in "
                "its place."
            )
        raise Unreadable(
            f"`{label.strip()}` is not a MadAnalysis 5 label I know (mu, e, l, j, b, ta, a), and "
            "the line does not define it. Which objects does it mean?"
        )
    index = int(m.group(3)) - 1 if m.group(3) else None
    if index is not None and index < 0:
        raise Unreadable(f"`{label}`: MadAnalysis counts from 1. Which object did you mean?")
    return _MA5_LABELS[m.group(1)], m.group(2), index


def _madanalysis(text: str) -> Translation | None:
    m = _MA5_PLOT.search(text)
    if m is None or not _MA5_EXPR.match(m.group(1)):
        return None
    code = m.group(0).strip().removesuffix(".")  # the sentence's period is no part of it
    tr = Translation("MadAnalysis 5", code, comment=m.group(6))
    around = (text[: m.start()] + " " + text[m.end() :]).strip()
    expr = m.group(1).strip()
    binned = m.group(2) is not None
    reading = _Reading(bins=(m.group(2), _num(m.group(3)), _num(m.group(4))) if binned else None)
    try:
        for option in re.findall(r"[\w]+", m.group(5) or ""):
            if option.lower() == "logy":
                reading.extra.append("log y")
            elif option.lower() == "logx":
                reading.extra.append("log x")
            else:
                tr.notes.append(f"The plot option '{option}' does not change the contents.")
        f = re.fullmatch(r"([A-Z]+)\s*\((.*)\)", expr)
        if expr == "MET":
            reading.plotted = "the MET"
        elif f is None:
            raise Unreadable(
                f"`{expr}` is not a MadAnalysis 5 observable I can read literally (PT, ETA, PHI, "
                "M, N of a label, or MET). What should I plot?"
            )
        else:
            func, labels = f.group(1), f.group(2).replace(",", " ").split()
            if any(lab.strip("+-~[]0123456789") in _MA5_INVISIBLE for lab in labels):
                _ma5_label(next(x for x in labels if x.strip("+-~[]0123456789") in _MA5_INVISIBLE))
            read = [_ma5_label(lab) for lab in labels]
            if func == "M" and len(read) == 2:
                reading.plotted = _ma5_pair(read)
            elif func in _MA5_ANGLES and len(read) == 2:
                reading.plotted = _ma5_angle(_MA5_ANGLES[func], read)
            elif func == "N" and len(read) == 1 and read[0][2] is None:
                kind, charge, _ = read[0]
                if charge:
                    raise Unreadable(f"N({labels[0]}): count only the {charge} charged {kind}?")
                reading.plotted = f"the number of {kind}"
            elif func in _MA5_FUNCTIONS and len(read) == 1:
                kind, charge, index = read[0]
                word = _MA5_FUNCTIONS[func]
                if index is not None:
                    if charge:
                        raise Unreadable(
                            f"`{labels[0]}`: the {_ordinal(index)} of the {charge} charged "
                            f"{kind}, or the {_ordinal(index)} {_SINGULAR[kind]} with that charge?"
                        )
                    reading.plotted = f"the {word} of the {_ordinal(index)} {_SINGULAR[kind]}"
                else:
                    reading.plotted = f"the {word} of the {kind}"
                    if charge:
                        reading.object_cuts.append(f"charge {'>' if charge == '+' else '<'} 0")
            else:
                raise Unreadable(
                    f"`{expr}` is not a MadAnalysis 5 observable I can read literally. What "
                    "should I plot?"
                )
        around = _ma5_selections(text, m, reading, tr)
        tr.text = _join(reading.words(), _surrounding(around))
    except Unreadable as exc:
        tr.question = str(exc)
    return tr


_MA5_COMMAND = re.compile(r"(?m)^[ \t]*(select|reject)\s+(.+?)[ \t]*(?:#.*)?$")
_MA5_SOURCES = {"muons": "Muon", "electrons": "Electron", "jets": "Jet", "photons": "Photon",
                "taus": "Tau"}  # fmt: skip
_MA5_CUT_FIELDS = {"PT": "pt", "ABSETA": "abs(eta)"}
_NEGATE = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}


def _ma5_selections(text: str, plot: re.Match[str], reading: _Reading, tr: Translation) -> str:
    """The ``select``/``reject`` lines of a MadAnalysis 5 paste, in their order: object
    definitions (``select (j) PT > 30``, ``reject (j) ABSETA > 2.5``), event cuts
    (``select N(j) >= 2``, ``select MET > 50``, ``select PT(j[1]) > 100``); the text left
    around the code. A line after the plot does not change it (MadAnalysis fills the
    histogram where its line stands): said, not applied."""
    around = text[: plot.start()] + " " + text[plot.end() :]
    counted: set[str] = set()
    code = []
    for line in _MA5_COMMAND.finditer(text):
        around = around.replace(line.group(0), " ")
        if line.start() > plot.start():
            tr.notes.append(
                f"'{line.group(0).strip()}' comes after the plot line, so (as in MadAnalysis) it "
                "does not change this histogram."
            )
            continue
        code.append(line.group(0).strip())
        keep, body = line.group(1) == "select", line.group(2).strip()
        obj = re.fullmatch(rf"\(\s*([^)]+?)\s*\)\s*([A-Z]+)\s*({_OPS})\s*({_NUM})", body)
        event = re.fullmatch(rf"(.+?)\s*({_OPS})\s*({_NUM})", body)
        if obj is not None:
            kind, charge, index = _ma5_label(obj.group(1))
            fld = _MA5_CUT_FIELDS.get(obj.group(2))
            if charge or index is not None or kind not in _MA5_SOURCES or fld is None:
                raise Unreadable(
                    f"`{line.group(0).strip()}`: I read object selections on PT or ABSETA of "
                    "mu, e, j, a or ta. What should it select?"
                )
            if kind in counted:
                raise Unreadable(
                    f"`{line.group(0).strip()}` selects {kind} after the events were cut on "
                    f"their number (counting every {_SINGULAR[kind]}). Should the count be of "
                    f"the {kind} passing this selection?"
                )
            op = obj.group(3) if keep else _NEGATE.get(obj.group(3), "")
            if not op:
                raise Unreadable(f"`{line.group(0).strip()}`: which {kind} should be kept?")
            name = f"{_MA5_SOURCES[kind]}_{fld}"
            if fld.startswith("abs("):
                name = f"abs({_MA5_SOURCES[kind]}_{fld[4:-1]})"
            reading.defined.setdefault(kind, []).append(f"{name} {op} {_num(obj.group(4))}")
        elif event is not None and keep:
            what, op, value = event.group(1).strip(), event.group(2), _num(event.group(3))
            count = re.fullmatch(r"N\s*\(\s*([^)]+?)\s*\)", what)
            lead = re.fullmatch(r"PT\s*\(\s*([^)]+?)\s*\)", what)
            if count is not None:
                kind, charge, index = _ma5_label(count.group(1))
                if charge or index is not None:
                    raise Unreadable(f"`{line.group(0).strip()}`: the number of which objects?")
                reading.events.append(_count_words(op, value, kind))
                counted.add(kind)
            elif what == "MET" and op in (">", ">="):
                reading.events.append(f"MET above {value} GeV")
            elif lead is not None and op in (">", ">="):
                kind, charge, index = _ma5_label(lead.group(1))
                if index != 0 or charge:
                    raise Unreadable(f"`{line.group(0).strip()}`: which events should pass?")
                reading.leads.append(f"the leading {_SINGULAR[kind]} has pt > {value} GeV")
            else:
                raise Unreadable(
                    f"`{line.group(0).strip()}` is not a MadAnalysis 5 cut I can read literally "
                    "(N(label), MET, PT(label[1]) compared with a number). What should pass?"
                )
        else:
            raise Unreadable(
                f"`{line.group(0).strip()}` is not a MadAnalysis 5 cut I can read literally. "
                "Which events or objects should pass?"
            )
    tr.code = "; ".join([*code, tr.code])
    plotted = reading.plotted
    for kind in list(reading.defined):
        if (
            kind not in counted
            and _SINGULAR[kind] not in plotted
            and not (kind in ("muons", "electrons") and "lepton" in plotted)
        ):
            cuts = " and ".join(reading.defined.pop(kind))
            tr.notes.append(
                f"The selection of {kind} ({cuts}) does not change this histogram (no {kind} "
                "are plotted or counted)."
            )
        elif "lepton" in plotted:
            raise Unreadable(
                f"The plot is of leptons and the {kind} are selected "
                f"({' and '.join(reading.defined[kind])}): should the leptons be the selected "
                f"{kind} and every {'electron' if kind == 'muons' else 'muon'}?"
            )
    return around


_DI = {"muons": "dimuon", "electrons": "dielectron", "jets": "dijet", "photons": "diphoton",
       "leptons": "dilepton"}  # fmt: skip


_MA5_ANGLES = {"DELTAR": "delta R", "DPHI_0_PI": "delta phi", "DPHI": "delta phi",
               "DETA": "delta eta"}  # fmt: skip


def _ma5_angle(word: str, read: list[tuple[str, str, int | None]]) -> str:
    """``DELTAR(j[2],j[3])``: the angle between the two ranked objects, in words."""
    (k1, c1, i1), (k2, c2, i2) = read
    if i1 is None or i2 is None or c1 or c2:
        raise Unreadable(
            f"The {word} between which two objects? Give both ranks, e.g. `j[1]` and `j[2]` "
            "(MadAnalysis counts from 1: [1] is the leading)."
        )
    if i1 == i2 and k1 == k2:
        raise Unreadable(f"The {word} of one object with itself: which two did you mean?")
    if k1 == k2:
        return f"the {word} between the {_ordinal(i1)} and {_ordinal(i2)} {k1}"
    first, second = f"{_ordinal(i1)} {_SINGULAR[k1]}", f"{_ordinal(i2)} {_SINGULAR[k2]}"
    return f"the {word} between the {first} and the {second}"


def _ma5_pair(read: list[tuple[str, str, int | None]]) -> str:
    (k1, c1, i1), (k2, c2, i2) = read
    if k1 != k2:
        raise Unreadable(
            f"The mass of {_SINGULAR[k1]}-{_SINGULAR[k2]} pairs: which pairs (every "
            "combination, or the leading of each)?"
        )
    if i1 is None and i2 is None:
        if {c1, c2} == {"+", "-"}:
            return f"the mass of every {_SINGULAR[k1]} pair with opposite charge"
        if not c1 and not c2 and k1 in _DI:
            return f"the {_DI[k1]} mass for all combinations of {k1}"
        raise Unreadable(
            f"The mass of which {k1} pairs (the charges {c1 or 'any'}, {c2 or 'any'})?"
        )
    if {i1, i2} == {0, 1} and not c1 and not c2:
        return f"the mass of the two leading {k1}"
    if i1 is not None and i2 is not None and i1 != i2 and not c1 and not c2:
        # M(j[1] j[3]): the four-vector sum of the leading and the third jet
        return f"the mass of the {_ordinal(min(i1, i2))} and {_ordinal(max(i1, i2))} {k1}"
    raise Unreadable(
        f"The mass of which two {k1}? (MadAnalysis counts from 1: [1] is the leading.)"
    )


# --- CutLang / ADL -------------------------------------------------------------------------------

_CUTLANG = re.compile(
    rf"\bhisto\s+(\w+)\s*,\s*{_STR}\s*,\s*(\d+)\s*,\s*({_NUM})\s*,\s*({_NUM})\s*,\s*"
    # the expression: {A B}m, f(...), or one name; words after it belong to the request
    r"(\{[^}\n]*\}\s*[A-Za-z]+|[A-Za-z]+\s*\([^)\n]*\)|[\w.]+)[ \t]*(?:#\s*(.*?)\s*$|(?=\s|$))",
    re.MULTILINE,
)
_CL_OBJECTS = {
    "jet": "jets", "jets": "jets", "electron": "electrons", "electrons": "electrons",
    "ele": "electrons", "muon": "muons", "muons": "muons", "muo": "muons", "photon": "photons",
    "photons": "photons", "pho": "photons", "tau": "taus", "taus": "taus", "fjet": "fat jets",
    "fatjet": "fat jets", "fatjets": "fat jets",
}  # fmt: skip
_CL_FUNCTIONS = {"pt": "pt", "eta": "eta", "phi": "phi", "e": "energy", "m": "mass",
                 "abseta": "|eta|"}  # fmt: skip


def _cl_object(token: str) -> tuple[str, int | None]:
    """``ELE_0`` / ``jets[0]`` / ``jets`` -> (plural, 0-based index or None)."""
    m = re.fullmatch(r"([A-Za-z]\w*?)(?:_(\d+)|\[(\d+)\])?", token.strip())
    if m is None or m.group(1).lower() not in _CL_OBJECTS:
        name = m.group(1) if m else token.strip()
        raise Unreadable(
            f"`{name}` is not defined on this line. What is its definition (which objects, "
            "which cuts)? For example 'jets with pT > 30 GeV and |eta| < 2.4'."
        )
    index = m.group(2) or m.group(3)
    return _CL_OBJECTS[m.group(1).lower()], int(index) if index is not None else None


def _cutlang(text: str) -> Translation | None:
    m = _CUTLANG.search(text)
    if m is None:
        return None
    code = m.group(0).strip()
    tr = Translation("CutLang/ADL", code, comment=m.group(2) or None)
    if m.group(7):
        tr.comment = (tr.comment + "; " if tr.comment else "") + m.group(7)
    around = (text[: m.start()] + " " + text[m.end() :]).strip()
    reading = _Reading(bins=(m.group(3), _num(m.group(4)), _num(m.group(5))))
    expr = m.group(6).strip()
    named: list[str] = []
    try:
        brace = re.fullmatch(r"\{\s*([^}]*)\}\s*([A-Za-z]+)", expr)
        call = re.fullmatch(r"([A-Za-z]+)\s*\(\s*(.*?)\s*\)", expr)
        compact = re.sub(r"\s+", "", expr).lower()
        if compact in ("met", "met.pt", "pt(met)", "{met}pt", "met_pt"):
            reading.plotted, objects, func = "the MET", [], ""
        elif brace is not None:
            tokens = brace.group(1).split()
            func = brace.group(2).lower()
            objects = [_cl_object(t) for t in tokens]
            named = tokens
        elif call is not None:
            func = call.group(1).lower()
            tokens = [t for t in re.split(r"\s*\+\s*|\s+", call.group(2)) if t]
            if func == "size" and len(tokens) == 1:
                kind, index = _cl_object(tokens[0])
                if index is not None:
                    raise Unreadable(f"size({tokens[0]}): the number of which objects?")
                reading.plotted = f"the number of {kind}"
                tokens, objects = [], []
            else:
                objects = [_cl_object(t) for t in tokens]
            named = tokens
        else:
            raise Unreadable(
                f"`{expr}` is not defined on this line. What is its definition? For example "
                "'the mass of the two leading jets'."
            )
        if objects:
            if func not in _CL_FUNCTIONS:
                raise Unreadable(f"`{expr}`: which quantity is '{func}'?")
            word = _CL_FUNCTIONS[func]
            if len(objects) == 1:
                kind, index = objects[0]
                if word == "mass":
                    _own_mass(kind, expr)
                if word == "mass" and index is None:  # each jet's own mass, not the dijet's
                    reading.plotted = f"the mass of every {_SINGULAR[kind]}"
                elif index is None:
                    reading.plotted = f"the {word} of the {kind}"
                else:
                    reading.plotted = f"the {word} of the {_ordinal(index)} {_SINGULAR[kind]}"
            elif len(objects) == 2 and word == "mass":
                (k1, i1), (k2, i2) = objects
                if k1 == k2 and {i1, i2} == {0, 1}:
                    reading.plotted = f"the mass of the two leading {k1}"
                else:
                    raise Unreadable(
                        f"`{expr}`: the mass of which two objects ({' and '.join(named)})?"
                    )
            else:
                raise Unreadable(f"`{expr}`: which quantity of {' and '.join(named)}?")
        generic = [t for t in named if re.fullmatch(r"[a-z]+s?(?:\[\d+\])?", t)]
        if generic:
            name = re.sub(r"\[\d+\]$", "", generic[0])
            tr.notes.append(
                f"'{name}' read as every NanoAOD {_cl_object(generic[0])[0].rstrip('s')} "
                "(the line defines no cuts on them; say so if your ADL file does)."
            )
        tr.text = _join(reading.words(), _surrounding(around))
    except Unreadable as exc:
        tr.question = str(exc)
    return tr


# --- histogram booking lines (ROOT TH1 constructors, UHH2 book<>, Hist1D, MakePlot, hist) -------

#: a booking call: ``new TH1F(``, ``ROOT.TH1D(``, ``TH1F h(``, ``book<TH1F>(``, ``Hist1D(``,
#: ``hist.Hist.new...Reg(``, ``hist.axis.Regular(`` / ``bh.axis.Regular(``
_BOOK = re.compile(
    r"(?:\bnew\s+|\bROOT\s*\.\s*|\b)(TH1[FDI])\s*(?:\*?\s*\w+\s*)?\(\s*['\"]"
    r"|\bbook\s*<\s*(TH1[FDI])\s*>\s*\(\s*['\"]"
    r"|\b(Hist1D)\s*\(\s*\w+\s*="
    r"|\b(?:hist\s*\.\s*)?Hist\s*\.\s*new\b[\w\s.()\[\]'\",=]*?\.\s*(Reg(?:ular)?)\s*\("
    r"|\b(?:hist|bh|boost_histogram)\s*\.\s*axis\s*\.\s*(Regular)\s*\("
)
_MAKEPLOT = re.compile(r"(?:\bpython3?\s+)?\S*\bMakePlot\.py\b[^\n]*")
#: the collections a histogram name may name (lower case, singular and plural)
_ID_OBJECTS = {"jet": "jets", "jets": "jets", "muon": "muons", "muons": "muons",
               "mu": "muons", "electron": "electrons", "electrons": "electrons",
               "ele": "electrons", "el": "electrons", "lepton": "leptons", "leptons": "leptons",
               "lep": "leptons", "leps": "leptons", "photon": "photons", "photons": "photons",
               "tau": "taus", "taus": "taus"}  # fmt: skip
_ID_FIELDS = {"pt": "pt", "eta": "eta", "phi": "phi"}
#: ROOT-TeX / LaTeX words (after ``#`` and ``\`` are gone) -> plain words
_TEX = [
    (r"\bp_\{?\s*[Tt]\s*\}?", "pT"),
    (r"\bE_\{?\s*T\s*\}?\^\{?\s*miss\s*\}?|\bslash\{?E\}?_\{?T\}?|\bMET\b", "MET"),
    (r"\bE_\{?\s*T\s*\}?", "ET"),
    (r"\bH_\{?\s*T\s*\}?", "HT"),
    (r"\bm_\{?\s*(?:ll|\\?ell\s*\\?ell|l\^\+\s*l\^-)\s*\}?", "dilepton mass"),
    (r"\bm_\{?\s*(?:mu\s*mu|\\?mumu)\s*\}?", "dimuon mass"),
    (r"\bm_\{?\s*ee\s*\}?", "dielectron mass"),
    (r"\bm_\{?\s*jj\s*\}?", "dijet mass"),
    (r"\b[nN]_\{?\s*([A-Za-z]+)\s*\}?", r"number of \1"),
    (r"\bm_\{?\s*vis\s*\}?", "m vis"),
    (r"\bDelta\s*", "delta "),
    (r"\bell\b", "lepton"),
    (r"\bmu\b", "muon"),
    (r"\bgamma\b", "photon"),
    (r"\blep\b", "lepton"),
]
_UNITS = re.compile(r"\s*[\[(]\s*(?:[kMGT]?eV(?:/c\^?\{?2?\}?)?|rad|cm|mm)\s*[\])]\s*")


def _tex_words(label: str) -> str:
    """ROOT-TeX / LaTeX of a title or axis label in the words the parser reads:
    ``#Delta#eta(#mu_{lead},#mu_{sublead})`` -> "delta eta(leading muon,subleading muon)",
    ``p_{T} muon 1`` -> "pT muon 1", ``Leading jet $p_T$ [GeV]`` -> "Leading jet pT"."""
    s = _UNITS.sub(" ", label)
    s = re.sub(r"\\(?:mathrm|text|textrm|rm|it|mathit|bf)\s*\{([^{}]*)\}", r"\1", s)
    s = s.replace("$", " ").replace("\\,", " ").replace("~", " ")
    s = re.sub(r"[#\\](?=[A-Za-z])", " ", s)  # #eta, \eta -> eta (a word of its own)
    s = re.sub(r"\s+", " ", s).strip()
    # X_{lead} / X_{sublead}: "leading X"
    s = re.sub(r"\b([A-Za-z]+)\s*_\{?\s*(lead|leading|sublead|subleading|1st|2nd)\s*\}?",
               lambda m: f"{_RANK[m.group(2)]} {m.group(1)}", s)  # fmt: skip
    for pattern, words in _TEX:
        s = re.sub(pattern, f" {words} ", s)
    return re.sub(r"\s+", " ", s.replace("-", " ")).strip(" ,;:")


_RANK = {"lead": "leading", "leading": "leading", "1st": "leading", "sublead": "subleading",
         "subleading": "subleading", "2nd": "subleading"}  # fmt: skip


def _asked_words(words: str, written: str) -> None:
    """What a title cannot say with certainty: asked, quoting it."""
    if re.search(r"\b(?:min|max|minimum|maximum|closest|nearest)\b", words, re.IGNORECASE):
        raise Unreadable(
            f"'{written}' is a smallest (or largest) value: one entry per object (each with its "
            "own nearest partner) or one per event (the smallest over every pair)? Which "
            "objects are they (e.g. 'the Delta R between each muon and the nearest jet')?"
        )
    if re.search(r"\btimes|\bproduct\b|\*", words):
        raise Unreadable(
            f"'{written}' is a product of two quantities, which I cannot plot yet. Which one "
            "quantity should I plot instead?"
        )
    if re.search(r"\brel\s*iso\b|\breliso(?!0[34])\w*|\bisolation\b", words, re.IGNORECASE):
        raise Unreadable(
            f"'{written}' is a relative isolation: NanoAOD stores it in a cone of 0.4 "
            "(pfRelIso04_all) and of 0.3 (pfRelIso03_all). Which one should I plot?"
        )


def _positions(words: str, written: str) -> str:
    """``pT muon 1`` -> "the pT of the leading muon" (a title's words count from 1)."""

    def ranked(m: re.Match[str]) -> str:
        k = int(m.group(2))
        if k < 1:
            raise Unreadable(
                f"'{written}': which {m.group(1)} is {m.group(1)} {k}? Give its rank in pT, "
                "e.g. 'the leading'."
            )
        return f"{_ordinal(k - 1)} {m.group(1)}"

    obj = r"(muon|electron|jet|lepton|photon|tau|b-jet)"
    words = re.sub(rf"\b{obj}\s*(\d)\b", ranked, words, flags=re.IGNORECASE)
    # "pT leading muon" -> "the pT of the leading muon"
    m = re.fullmatch(
        rf"(pT|eta|phi|mass|energy)\s+((?:leading|subleading|third|fourth|fifth|sixth)\s+{obj})",
        words,
        re.IGNORECASE,
    )
    return f"the {m.group(1)} of the {m.group(2)}" if m else words


def _function_words(words: str, lo: float, written: str) -> str:
    """``delta eta(leading muon,subleading muon)``, ``eta(leading jet)``,
    ``m vis(leading muon,subleading muon)``: in plain words. A Delta eta over a range below 0
    is signed (the first minus the second); a signed Delta phi is asked (it wraps at pi)."""
    m = re.fullmatch(r"(delta\s+(?:eta|phi|R)|eta|phi|pT|m(?:\s+vis)?|mass)\s*\(([^()]*)\)", words)
    if m is None:
        return words
    what, args = m.group(1), [a.strip() for a in m.group(2).split(",")]
    if len(args) == 1 and what in ("eta", "phi", "pT", "mass"):
        return f"the {what} of the {args[0]}"
    if len(args) != 2 or not all(re.fullmatch(r"(?:sub)?leading \w+", a) for a in args):
        raise Unreadable(f"'{written}': of which objects? Name them, e.g. 'the leading muon'.")
    a, b = args
    if what.startswith("m"):
        if {a, b} == {f"leading {a.split()[-1]}", f"subleading {a.split()[-1]}"}:
            return f"the mass of the two leading {a.split()[-1]}s"  # of any charge
        raise Unreadable(f"'{written}': the mass of which two objects?")
    if lo < 0 and what == "delta eta":
        return f"the {a} eta minus the {b} eta"
    if lo < 0 and what == "delta phi":
        raise Unreadable(
            f"'{written}' runs below 0: a signed Delta phi ({a} minus {b}, wrapped into "
            "[-pi, pi]), which I cannot plot yet. Should it be |Delta phi| (from 0 to pi)?"
        )
    return f"the {what} between the {a} and the {b}"


def _identifier(token: str) -> str:
    """A histogram name (``all_jets_pt``, ``h_jets_n``, ``Electron_pt_2_Histogram``) in words,
    when it splits cleanly into words the parser knows; else Unreadable, quoting it. A
    NanoAOD-style position (``Muon_pt_1``) is asked: analyses count from 0 or from 1."""
    core = re.sub(r"(?i)_?(?:histogram|histo|hist)$", "", token)
    core = re.sub(r"^h(?:_|(?=[A-Z]))", "", core)
    nano = re.fullmatch(r"([A-Z][A-Za-z]*)_(pt|eta|phi)(?:_(\d+))?", core)
    if nano is not None and nano.group(1) in COLLECTIONS:
        kind, fld, k = COLLECTIONS[nano.group(1)], nano.group(2), nano.group(3)
        if k is None:
            return f"the {fld} of the {kind}"
        if int(k) == 0:  # only a count from 0 has a 0
            return f"the {fld} of the leading {_SINGULAR[kind]}"
        raise Unreadable(
            f"'{token}': is {nano.group(1)} {k} counted from 1 (the "
            f"{_ordinal(int(k) - 1)} {_SINGULAR[kind]}) or from 0, as NanoAOD indices are "
            f"(the {_ordinal(int(k))} {_SINGULAR[kind]})? Which {_SINGULAR[kind]} is it?"
        )
    counted = re.fullmatch(r"(?i)n_?([a-z]+)", core)  # njet, nMuons, n_leptons
    if counted is not None and counted.group(1).lower() in _ID_OBJECTS:
        return f"the number of {_ID_OBJECTS[counted.group(1).lower()]}"
    parts = [p.lower() for p in re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+", core)]
    objs = [p for p in parts if p in _ID_OBJECTS]
    flds = [p for p in parts if p in _ID_FIELDS]
    count = [p for p in parts if p in ("n", "num", "number", "mult", "multiplicity")]
    every = [p for p in parts if p == "all"]
    if (
        len(objs) != 1
        or len(flds) + len(count) != 1
        or len(parts) != len(objs) + len(flds) + len(count) + len(every)
    ):
        raise Unreadable(
            f"The histogram name '{token}' is all the line says about what is plotted, and I "
            "cannot read it with certainty. What does it hold? Say it in words, e.g. 'the pT "
            "of the leading jet'."
        )
    kind = _ID_OBJECTS[objs[0]]
    if count:
        return f"the number of {'all ' if every else ''}{kind}"
    return f"the {_ID_FIELDS[flds[0]]} of {'all' if every else 'the'} {kind}"


def _label_words(label: str, name: str, lo: float) -> str:
    """What a title / axis label (or, when it is empty or the name itself, the name) says is
    plotted, in the parser's words; Unreadable for what is not certain."""
    label = label.strip()
    if not label or label == name:
        label = name
    if not label.strip():
        raise Unreadable("The histogram has no title, label or name. What does it hold?")
    if re.fullmatch(r"[A-Za-z]\w*", label) and ("_" in label or label == name):
        return _identifier(label)
    # a NanoAOD-style name among the words ("Muon_pt_1 distribution"): read as a name
    label = re.sub(
        r"\b[A-Z][A-Za-z]*_(?:pt|eta|phi)_\d+\b",
        lambda m: _identifier(m.group(0)) if m.group(0).split("_")[0] in COLLECTIONS else m[0],
        label,
    )
    words = _tex_words(label)
    _asked_words(words, label)
    words = _positions(words, label)
    return _function_words(words, lo, label)


def _kwargs(args: list[str]) -> tuple[list[str], dict[str, str]]:
    """(positional, keyword) arguments of a call, strings unquoted."""
    pos, kw = [], {}
    for a in args:
        m = re.fullmatch(r"(\w+)\s*=\s*(.*)", a, re.DOTALL)
        if m is not None and not a.lstrip().startswith(("'", '"')):
            kw[m.group(1)] = _unquote_any(m.group(2))
        elif a:
            pos.append(_unquote_any(a))
    return pos, kw


def _unquote_any(arg: str) -> str:
    arg = arg.strip()
    if len(arg) > 1 and arg[0] == arg[-1] and arg[0] in "'\"":
        return arg[1:-1]
    return arg


def _booking_extent(text: str, m: re.Match[str]) -> tuple[str, int, int]:
    """(the arguments, the start, the end) of the booking call at ``m``: from its assignment
    (``TH1 *h = ``, ``hist = ``) to its ``;`` or its chained calls (``.Double()``)."""
    inner, end = _call_args(_double_quoted_all(text), text.rindex("(", m.start(), m.end()))
    end += len(re.match(r"(?:\s*\.\s*\w+\s*\(\s*\))*\s*;?", text[end:]).group(0))  # type: ignore[union-attr]
    before = text[: m.start()]
    assign = re.search(r"(?:\b\w+(?:::\w+)*\s*\*?\s*)?\b[\w.\[\]'\"]+\s*=\s*$", before)
    return inner, assign.start() if assign else m.start(), end


def _booking_spans(text: str) -> list[tuple[int, int]]:
    """Where the booking lines of ``text`` are, when each has lines of its own (two axes on
    one line are one histogram: no spans)."""
    spans = [(mp.start(), mp.end()) for mp in _MAKEPLOT.finditer(text)]
    for m in _BOOK.finditer(text):
        try:
            _, start, end = _booking_extent(text, m)
        except Unreadable:
            return []
        spans.append((start, end))
    spans.sort()
    for (_, end), (start, _) in itertools.pairwise(spans):
        if "\n" not in text[end:start]:
            return []
    return spans


def _double_quoted_all(text: str) -> str:
    """'...' strings as "..." (the same length: positions do not move)."""
    return re.sub(r"(?<=[(,{=\s])'([^'\"\n]*)'(?=\s*[,)}])", r'"\1"', text)


def _bins(n: str, lo: str, hi: str, code: str) -> tuple[str, str, str]:
    if not (re.fullmatch(r"\d+", n.strip()) and re.fullmatch(_NUM, lo) and re.fullmatch(_NUM, hi)):
        raise Unreadable(
            f"I could not read the binning of `{code}` as (bins, low, high). Which binning?"
        )
    if float(hi) <= float(lo) or int(n) < 1:
        raise Unreadable(f"`{code}`: the binning runs from {lo} to {hi}. Which range?")
    return str(int(n)), _num(lo), _num(hi)


def _width(ytitle: str) -> str | None:
    """``Events / 5 GeV``, ``Leptons / 10 GeV``, ``Events / (0.1)``, ``Events / 1``: the bin
    width the y title states, or None."""
    m = re.search(rf"/\s*\(?\s*({_NUM})\s*([kMGT]?eV)?\s*\)?\s*$", ytitle)
    return (_num(m.group(1)) + (f" {m.group(2)}" if m.group(2) else "")) if m else None


def _same_width(ytitle: str, bins: tuple[str, str, str]) -> None:
    """A y title's bin width (``Events / 5 GeV``) that the binning does not have: asked."""
    width = _width(ytitle)
    n, lo, hi = bins
    if width is not None and abs(
        float(width.split()[0]) - (float(hi) - float(lo)) / int(n)
    ) > 1e-9 * max(1.0, abs(float(hi))):
        raise Unreadable(
            f"The y title '{ytitle}' says bins of {width}, but {n} bins from {lo} to {hi} are "
            "not. Which binning?"
        )


def _booking(text: str) -> Translation | None:
    """A histogram booked in ROOT (``new TH1F("name", "title;x;y", n, lo, hi)``, PyROOT
    ``ROOT.TH1D(...)``, UHH2 ``book<TH1F>(...)``), in a ``Hist1D(hname=..., xtitle=...,
    nbins=..., xmin=..., xmax=...)`` configuration, a ``MakePlot.py`` command line, or with
    ``hist`` / ``boost_histogram`` (``hist.Hist.new.Reg(n, lo, hi, name=..., label=...)``,
    ``hist.axis.Regular(...)``).

    A booking line says two things exactly: the binning, and in its title or x-axis label what
    is plotted (the x label is ROOT's text between the first and second ';'). The name is an
    identifier, read only when the title is empty or the name itself. A booking line does not
    say which objects fill the histogram: the code that fills it selects them, unseen. So it
    is not read "as written" (every stored object, as a ``TTree::Draw`` of a NanoAOD branch
    is): the user is silent about the object definitions, and the usual ones are used and
    listed under Chosen for you, as for a plain request. A fill expression (``vexpr``) names
    the analysis' own variables: not a definition; the title decides.
    """
    mp = _MAKEPLOT.search(text)
    m = _BOOK.search(text)
    if m is None and mp is None:
        return None
    if mp is not None and (m is None or mp.start() < m.start()):
        return _makeplot(text, mp)
    assert m is not None
    tool = {"book": "UHH2 book<>"}.get(text[m.start() : m.start() + 4], "")
    kind = next(g for g in m.groups() if g)
    try:
        inner, start, end = _booking_extent(text, m)
    except Unreadable as exc:
        return Translation("histogram booking", text.strip(), question=str(exc))
    code = text[start:end].strip().rstrip(";")
    tool = tool or {"Hist1D": "Hist1D", "Reg": "hist", "Regular": "hist"}.get(kind, f"ROOT {kind}")
    tr = Translation(tool, code)
    around, tr.comment = _comment(text, start, end)
    pos, kw = _kwargs(_split_args(_double_quoted_all(inner)))
    try:
        extra: list[str] = []
        if kind.startswith("TH1"):
            if len(pos) != 5 or kw:
                raise Unreadable(
                    f"I could not read `{code}` as (name, title, bins, low, high): variable "
                    "bins? Which binning?"
                )
            name, title = pos[0], pos[1]
            bins = _bins(*pos[2:5], code)
            parts = title.split(";")
            label, xlabel = parts[0], parts[1] if len(parts) > 1 else ""
            _same_width(parts[2] if len(parts) > 2 else "", bins)
            if not label.strip():
                label, xlabel = xlabel, ""
        elif kind == "Hist1D":
            name, label, xlabel = kw.get("hname", ""), kw.get("xtitle", ""), ""
            bins = _bins(kw.get("nbins", ""), kw.get("xmin", ""), kw.get("xmax", ""), code)
            _same_width(kw.get("ytitle", ""), bins)
            if "vexpr" in kw:
                tr.notes.append(
                    f"The fill expression `{kw['vexpr']}` names the analysis' own variables: "
                    "the x title says what is plotted."
                )
        else:  # hist / boost-histogram
            axes = re.findall(
                r"\.\s*(?:Reg(?:ular)?|Var(?:iable)?|Integer|Int)\s*\(|\baxis\s*\.\s*"
                r"(?:Regular|Variable|Integer)\s*\(",
                text,
            )
            if len(axes) != 1:
                raise Unreadable(
                    f"`{code}` books {len(axes)} numeric axes. I make histograms of one "
                    "quantity: which one?"
                )
            if len(pos) != 3:
                raise Unreadable(f"I could not read `{code}` as (bins, low, high). Which binning?")
            bins = _bins(*pos, code)
            name, label, xlabel = kw.get("name", ""), kw.get("label", ""), ""
        if xlabel.strip():
            tr.comment = (tr.comment + "; " if tr.comment else "") + _tex_words(xlabel)
        binning = f"{bins[0]} bins from {bins[1]} to {bins[2]}"
        said = _surrounding(_unassigned(around))
        if not (label.strip() or name.strip()) and said:
            # "the leading muon pT with hist.axis.Regular(50, 0, 200)": an axis with no name or
            # label is the binning of what the words around it say
            tr.text = f"{said}, {binning}"
            tr.notes.append(f"`{code}` is read as the binning: {binning}.")
            return tr
        plotted = _label_words(label, name, float(bins[1]))
        words = f"plot {plotted}, {binning}"
        words += "".join(f", {e}" for e in extra)
        tr.text = _join(words, _surrounding(_unassigned(around)))
        tr.notes.append(_BOOKED)
    except Unreadable as exc:
        tr.question = str(exc)
    return tr


_BOOKED = (
    "A booking line does not say how the objects that fill it are defined: its words are "
    "read as a plain request (the definitions are listed)."
)


def _unassigned(around: str) -> str:
    return re.sub(r"^\s*(?:\w+(?:::\w+)*\s*\*?\s*)?[\w.\[\]'\"]+\s*=\s*$", "", around)


_MP_KNOWN = {"tag", "outdir", "histname", "filelist", "yaxis_log", "ytitle", "xtitle", "uf",
             "of", "xaxis_log"}  # fmt: skip


def _makeplot(text: str, mp: re.Match[str]) -> Translation:
    """``python MakePlot.py --histname=hMll --xtitle="m_{ll} [GeV]" --ytitle="Events / 5 GeV"
    --yaxis_log -uf -of --filelist=...``: the x title says what is plotted, the y title the
    bin width (no range: the range is chosen and listed). The files it reads (``--filelist``)
    are the user's, which the catalog does not hold: asked, never replaced by the catalog
    samples (as an RDataFrame line's file)."""
    code = mp.group(0).strip()
    tr = Translation("MakePlot.py", code)
    around = (text[: mp.start()] + " " + text[mp.end() :]).strip()
    opts = {
        o.group(1): _unquote_any(o.group(2) or "")
        for o in re.finditer(r"(?<!\S)--?(\w+)(?:=(\"[^\"]*\"|'[^']*'|\S+))?", code)
    }
    try:
        unknown = sorted(set(opts) - _MP_KNOWN)
        if unknown:
            raise Unreadable(
                f"I do not know the MakePlot.py option(s) {', '.join('--' + u for u in unknown)}"
                ". What do they change in the plot?"
            )
        if opts.get("filelist"):
            raise Unreadable(
                f"`--filelist={opts['filelist']}` reads your own files, which I do not have. "
                "Should I make the plot from the catalog samples instead (which ones, e.g. "
                "'Drell-Yan MC and the 2018 data')?"
            )
        plotted = _label_words(opts.get("xtitle", ""), opts.get("histname", ""), 0.0)
        words = f"plot {plotted}"
        width = _width(opts.get("ytitle", ""))
        if width is not None:
            words += f", bins of {width}"
        if "yaxis_log" in opts:
            words += ", log y"
        if "xaxis_log" in opts:
            words += ", log x"
        if "uf" in opts or "of" in opts:
            tr.notes.append("-uf/-of: the under- and overflow are drawn in the edge bins.")
        tr.text = _join(words, _surrounding(around))
        tr.notes.append(_BOOKED)
    except Unreadable as exc:
        tr.question = str(exc)
    return tr


# --- entry points ------------------------------------------------------------------------------


_CODE_LINE = re.compile(r"\b(?:Draw|Filter|Define|Histo1D|RDataFrame)\s*(?:<[^>]*>)?\s*\(")


def _double_quoted(text: str) -> str:
    """PyROOT code quotes with ' as often as with ": on the lines that call Draw, Filter,
    Define, Histo1D or RDataFrame, '...' strings become "..." (other lines, where an
    apostrophe is English, are left alone)."""
    return "\n".join(
        re.sub(r"(?<=[(,{\s])'([^'\"\n]*)'(?=\s*[,)}])", r'"\1"', line)
        if _CODE_LINE.search(line)
        else line
        for line in text.split("\n")
    )


def translate(text: str) -> Translation | None:
    """``text`` read literally when it holds a ROOT, RDataFrame, MadAnalysis 5 or CutLang/ADL
    histogram definition: the plain request (with the translation to state), or the question;
    None when it holds none of them."""
    text = _double_quoted(text)
    for reader in (_rdataframe, _root_draw, _madanalysis, _cutlang, _booking):
        tr = reader(text)
        if tr is not None:
            return tr
    return None


def _spans(text: str) -> list[tuple[int, int]]:
    """Where the histogram lines of ``text`` are (of the first tool found, each with its own
    comment); empty for an RDataFrame chain, read one at a time."""
    if _HISTO1D.search(text):
        return []
    spans = []
    for m in _DRAW.finditer(text):
        try:
            _, end = _call_args(text, text.index("(", m.start()))
        except Unreadable:
            return []
        tail = re.match(r"[ \t]*;?[ \t]*(?://[^\n]*)?", text[end:])
        spans.append((m.start(), end + (tail.end() if tail else 0)))
    if spans:
        return spans
    spans = [(m.start(), m.end()) for m in _MA5_PLOT.finditer(text) if _MA5_EXPR.match(m.group(1))]
    spans = spans or [(m.start(), m.end()) for m in _CUTLANG.finditer(text)]
    return spans or _booking_spans(text)


def translate_all(text: str) -> list[Translation]:
    """Every histogram line of ``text`` read literally (:func:`translate`), one translation
    each, the words around the code shared (and MadAnalysis selections, in their order)."""
    text = _double_quoted(text)
    spans = _spans(text)
    if len(spans) < 2:
        tr = translate(text)
        return [tr] if tr is not None else []
    out = []
    for i in range(len(spans)):
        own = text
        for j, (start, end) in reversed(list(enumerate(spans))):
            if j != i:
                own = own[:start] + " " + own[end:]
        tr = translate(own)
        if tr is not None:
            out.append(tr)
    return out


def _numbers(text: str) -> set[float]:
    return {float(n) for n in re.findall(rf"(?<![\w.])({_NUM})(?![\w.])", text)}


def contradiction(tr: Translation, plotted: tuple[str | None, str | None],
                  comment_reading: tuple[str | None, str | None]) -> str | None:  # fmt: skip
    """The question when the line's comment or title says something its code does not: a
    number the code does not have, another object or another quantity. ``plotted`` and
    ``comment_reading`` are (object, quantity) of the code and of the comment."""
    if not tr.comment:
        return None
    extra = _numbers(tr.comment) - _numbers(tr.code)
    obj, quantity = plotted
    c_obj, c_quantity = comment_reading
    wider = {"lepton": {"muon", "electron"}, "jet": {"bjet"}}  # "dilepton" of a dimuon plot
    differs = (
        c_obj is not None and obj is not None and c_obj != obj and obj not in wider.get(c_obj, ())
    ) or (c_quantity is not None and quantity is not None and c_quantity != quantity)
    if not extra and not differs:
        return None
    return (
        f"The comment '{tr.comment}' does not say what the code `{tr.code}` does (the code "
        f"reads as '{tr.text}'). Which one should I follow?"
    )
