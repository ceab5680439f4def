"""Working-point words that are not the loose/medium/tight object IDs.

- The electron MVA identification: "electrons passing the MVA 90% working point", "the MVA ID
  WP90", "mvaFall17V2Iso_WP90" (:func:`find_mva`): ``ObjectReq.mva_id``, built into a cut on the
  NanoAOD branch of the files' generation (:func:`electron_mva_cut`; the names differ between
  Run 2 and Run 3 NanoAOD: :data:`chathep.registry.objects.ELECTRON_MVA_IDS`). Never a b-tag
  working point given as an efficiency.
- The hadronic-tau ID against jets, DeepTau: "taus passing DeepTau VSjet Medium", "the Medium
  working point of DeepTau against jets" (:func:`find_deeptau`): ``ObjectReq.deeptau_vsjet``,
  built into a cut on the branch of the files' generation (:func:`tau_deeptau_cut`: a bit of the
  Run 2 bitmask, or the Run 3 index). DeepTau against electrons or muons is asked.
- DeepCSV (``btagDeepB``): its working points are not in the b-tag registry (DeepJet only:
  :data:`chathep.registry.eras.BTAG_WORKING_POINTS`): asked (:data:`DEEPCSV`), never replaced
  by DeepJet.
"""

from __future__ import annotations

from dataclasses import dataclass

import chathep.regex as re
from chathep.catalog import Catalog
from chathep.errors import SpecError
from chathep.registry.eras import ERAS
from chathep.registry.objects import (
    ELECTRON_MVA_IDS,
    RUN3_FIRST_YEAR,
    TAU_DEEPTAU_VSJET,
    TAU_DEEPTAU_WPS,
)
from chathep.spec import Cut

_WP = (
    r"(?:wp[\s_-]?(?P<a>80|90)|(?P<b>80|90)\s*%?\s*(?:signal\s+)?(?:efficiency\s+)?"
    r"(?:working\s+point|wp|operating\s+point)|(?P<c>80|90)\s*%\s*(?:signal\s+)?efficiency"
    r"|(?P<g>80|90)\s*%)"  # "the MVA ID 90%": the MVA word says it is a working point
)
#: "noIso", "non-isolated": the MVA trained without the isolation
_NOISO = r"no[- ]?iso(?:lation|lated)?|non[- ]?iso(?:lation|lated)?"
#: "V1", "Fall17 V1", "Fall17V2": the training; V1 only in Run 2 NanoAOD
_VERSION = r"(?:fall[- ]?17[- ]?)?v[12]"


def _mva(n: str) -> str:
    """The MVA ID's words, its groups suffixed by ``n`` (the pattern is used twice): "MVA ID",
    "non-isolated MVA", "MVA noIso", "V1 MVA", "V1 noIso MVA", "MVA V1", "MVA ID
    (non-isolated)"."""
    return (
        rf"(?:(?P<pre{n}>{_NOISO})[- ]\s*)?(?:(?P<va{n}>{_VERSION})[- ]?\s*)?"
        rf"(?:(?P<prb{n}>{_NOISO})[- ]\s*)?mva(?:[- ]based)?(?:[- ]?(?P<vb{n}>{_VERSION}))?"
        rf"(?P<noiso{n}>[- ]?(?:{_NOISO}))?"
        r"(?:\s+(?:electron\s+)?(?:id|identification))?"
        rf"(?:\s*\((?P<paren{n}>{_NOISO})\))?"
    )


#: the working point before the MVA words ("the 90% MVA ID"): its groups renamed
_WP_AFTER = _WP
for _old, _new in (("<a>", "<d>"), ("<b>", "<e>"), ("<c>", "<f>"), ("<g>", "<h>")):
    _WP_AFTER = _WP_AFTER.replace(_old, _new)
#: The electron MVA ID with a working point, in either order, or the branch by name
MVA_WP = re.compile(
    r"\b(?:electron_)?mva(?:fall17(?P<bver>v[12]))?(?P<bnoiso>no)?iso_wp(?P<branch>80|90)\b"
    rf"|\b{_mva('1')}\s+(?:at\s+|with\s+)?(?:the\s+|a\s+)?{_WP}"
    rf"|\b(?:the\s+|a\s+)?{_WP_AFTER}\s+(?:of\s+the\s+)?{_mva('2')}",
    re.IGNORECASE,
)
#: The MVA ID named without its working point ("electrons passing the MVA ID")
MVA_ALONE = re.compile(r"\bmva(?:[- ]based)?\s+(?:electron\s+)?(?:id|identification)\b", re.I)
#: DeepCSV: no working points in the registry
DEEPCSV = re.compile(r"\bdeep[\s-]?csv\b", re.IGNORECASE)
ELECTRON_WORDS = re.compile(r"\belectrons?\b|\bele\b|\bdi-?electron|\bee\b", re.IGNORECASE)


@dataclass
class MvaWord:
    start: int
    end: int
    wp: str  # a key of ELECTRON_MVA_IDS


def find_mva(text: str) -> list[MvaWord]:
    """The electron MVA ID working points named in ``text``."""
    found = []
    for m in MVA_WP.finditer(text):
        groups = m.groupdict()
        number = next(groups[k] for k in ("branch", *"abcdefgh") if groups.get(k))
        noiso = any(groups[f"{k}{n}"] for k in ("pre", "prb", "noiso", "paren") for n in "12")
        noiso = noiso or bool(groups["bnoiso"])
        versions = {
            groups[k][-2:].lower() for k in ("bver", "va1", "vb1", "va2", "vb2") if groups[k]
        }
        v1 = "_v1" if versions == {"v1"} else ""
        found.append(MvaWord(m.start(), m.end(), f"wp{number}{'noiso' if noiso else 'iso'}{v1}"))
    return found


#: objects other than electrons, as a request names them ("the jet pT and mvaFall17V1Iso_WP90")
OTHER_OBJECT_WORDS = re.compile(r"\b(?:di-?|b-?)?(?P<obj>jet|muon|photon|tau)s?\b", re.IGNORECASE)


def mva_question(said: str, text: str = "") -> str:
    """The electron MVA ID asked about; ``text`` (the request) naming other objects only ("the
    jet pT and mvaFall17V1Iso_WP90"): said that those have no such ID (was: read as a cut on
    electrons nobody asked for, or asked as if electrons were named)."""
    other = OTHER_OBJECT_WORDS.search(text)
    if other is not None and not ELECTRON_WORDS.search(text):
        obj = other.group("obj").lower()
        return (
            f"You asked for '{said}': that is an electron identification (NanoAOD "
            "Electron_mvaFall17V2Iso_WP90 / WP80 in the 2018 files, Electron_mvaIso_WP90 / WP80 "
            f"in the 2022 ones); {obj}s have no such ID, and no electrons are plotted or counted. "
            f"Should the events have electrons passing it (say e.g. 'in events with an electron "
            f"passing the MVA ID WP90'), or did you mean a {obj} requirement"
            + (" (e.g. 'tight jet ID', 'jetId >= 6')" if obj == "jet" else "")
            + "?"
        )
    return (
        f"You asked for '{said}': the MVA identification is read for electrons (NanoAOD "
        "Electron_mvaFall17V2Iso_WP90 / WP80 in the 2018 files, Electron_mvaIso_WP90 / WP80 in "
        "the 2022 ones). Which electrons, and which working point (WP90 or WP80)?"
    )


def electron_wp_question(said: str) -> str:
    return (
        f"You asked for '{said}' for electrons: the MVA ID working point (WP90 / WP80, NanoAOD "
        "Electron_mvaFall17V2Iso_WP90 in the 2018 files, Electron_mvaIso_WP90 in the 2022 "
        "ones) or a cut-based ID (veto / loose / medium / tight, about 95 / 90 / 80 / 70 % "
        "efficient)? Say e.g. 'the MVA ID WP90' or 'loose electrons'."
    )


def deepcsv_question(said: str) -> str:
    return (
        f"You asked for '{said}': ChatHEP has the DeepCSV (btagDeepB) working points in no "
        "registry, only the DeepJet (btagDeepFlavB) ones (loose / medium / tight, per era). "
        "Should I use DeepJet at that working point, or give a btagDeepB cut by value?"
    )


def sample_eras(names: list[str] | str, era: str, catalog: Catalog) -> set[str]:
    """The eras of the chosen samples (``"auto"``: ``era``)."""
    return {era} if names == "auto" else {catalog[n].era for n in names}


def electron_mva_cut(wp: str, files_fields: set[str] | None, eras: set[str]) -> tuple[Cut, str]:
    """The cut on the MVA ID branch of ``wp`` and the plan's sentence. The branch the sample
    files have when they were read (``files_fields``), else that of the samples' eras; asked
    (SpecError) where the files have neither name or the eras mix the two generations."""
    run2, run3 = ELECTRON_MVA_IDS[wp]
    what = f"MVA ID {wp[:4].upper()}{' (no isolation in the training)' if 'noiso' in wp else ''}"
    if run3 is None:  # the Fall17 V1 training: in Run 2 NanoAOD only
        what += " of the Fall17 V1 training"
        newer = ELECTRON_MVA_IDS[wp.removesuffix("_v1")]
        only_run2 = SpecError(
            f"The electron {what} is Electron_{run2}, which only Run 2 NanoAOD has; "
            f"{_only_run3(eras, files_fields)} Should I use the current training there "
            f"(Electron_{newer[1]} in Run 3 NanoAOD), or Run 2 samples?",
            hint=f"Say e.g. 'the MVA ID {wp[:4].upper()}' for the current training.",
        )
    generation, why = _generation(run2, run3, files_fields, eras)
    if generation == "neither" and run3 is None:
        raise only_run2
    if generation == "neither":
        raise SpecError(
            f"The electron {what} needs Electron_{run2} (Run 2 NanoAOD) or Electron_{run3} "
            "(Run 3 NanoAOD); not every sample file has either.",
            hint="Plan the samples of each era separately, or use the cut-based ID "
            "('tight electrons').",
        )
    if generation == "mixed":
        raise SpecError(
            f"The samples mix Run 2 NanoAOD (the electron {what} is Electron_{run2}) and "
            f"Run 3 NanoAOD (Electron_{run3}); one cut cannot read both.",
            hint="Plan the samples of each era separately.",
        )
    if generation == "run3" and run3 is None:
        raise only_run2
    branch = run3 if generation == "run3" and run3 is not None else run2
    sentence = f"{what}: Electron_{branch} ({why}), instead of the default cut-based ID"
    return Cut(field=branch, op="==", value=True), sentence


def _generation(
    run2: str, run3: str | None, files_fields: set[str] | None, eras: set[str]
) -> tuple[str, str]:
    """Which NanoAOD generation's branch a cut reads, and why in words: "run2" or "run3" (the
    branch the sample files have when they were read, ``files_fields``; else the samples'
    eras), "neither" (the files have neither branch) or "mixed" (the eras mix Run 2 and
    Run 3)."""
    if files_fields is not None:
        have = [b for b in (run2, run3) if b and b in files_fields]
        if not have:
            return "neither", ""
        return ("run3" if have[0] == run3 else "run2"), "the branch of the sample files"
    years = {ERAS[e].year for e in eras if e in ERAS}
    if years and min(years) < RUN3_FIRST_YEAR <= max(years):
        return "mixed", ""
    run3_files = bool(years) and min(years) >= RUN3_FIRST_YEAR
    return ("run3" if run3_files else "run2"), (
        f"the {'Run 3 (NanoAOD v12)' if run3_files else 'Run 2'} name"
    )


def _only_run3(eras: set[str], files_fields: set[str] | None) -> str:
    """Why the samples lack a Run-2-only branch, in words."""
    if files_fields is not None:
        return "the sample files do not have it."
    run3 = sorted(e for e in eras if e in ERAS and ERAS[e].year >= RUN3_FIRST_YEAR)
    return f"the samples of {', '.join(run3)} are Run 3 NanoAOD."


#: a DeepTau working point word: "VVVLoose" ... "VVTight" (also "vv-loose", "v-tight")
_TAU_WP = r"(?P<wp{n}>v{{0,3}}[- ]?loose|medium|v{{0,2}}[- ]?tight)"
#: DeepTau, the discriminator against jets ("VSjet", "vs-jet", "versus-jet", "against jets",
#: "D_jet"), and its training ("2017v2p1", "2018v2p5"); "VSe", "VSmu": against leptons
_DEEPTAU = (
    r"(?:(?:by)?deep[- ]?tau(?:[- ]?(?:id|2017v2p1|2018v2p5|v2p1|v2p5|v2\.1|v2\.5))*"
    r"(?:\s*\(?\s*(?:(?P<vs{n}>vs\.?|versus|against)[- ]?(?:the\s+)?(?P<what{n}>jets?|e|ele"
    r"|electrons?|mu|muons?)|d_\{{?\s*(?P<d{n}>jet|e|mu)\s*\}}?)\s*\)?)?)"
    r"(?:\s+(?:discriminator|discriminant|id|identification|tagger))?"
)
#: "DeepTau VSjet Medium", "DeepTau vs-jet Medium WP", "the DeepTau versus-jet discriminator at
#: Medium", "the Medium working point of DeepTau against jets", "Medium DeepTau VSjet",
#: "byMediumDeepTau2017v2p1VSjet"
DEEPTAU_WP = re.compile(
    rf"\b{_DEEPTAU.format(n=1)}\s*(?:,\s*)?(?:at\s+(?:the\s+)?|=\s*|:\s*)?{_TAU_WP.format(n=1)}"
    r"(?:\s+(?:working\s+point|wp|operating\s+point))?\b"
    rf"|\b(?:the\s+)?{_TAU_WP.format(n=2)}\s+(?:(?:working\s+point|wp)\s+(?:of\s+(?:the\s+)?)?)?"
    rf"{_DEEPTAU.format(n=2)}(?:\s+(?:working\s+point|wp))?\b"
    rf"|\bby(?P<wp3>v{{0,3}}loose|medium|v{{0,2}}tight)deeptau2017v2p1vs(?P<what3>jet|e|mu)\b",
    re.IGNORECASE,
)
#: DeepTau named without a working point ("DeepTau-identified taus")
DEEPTAU_ALONE = re.compile(r"\bdeep[- ]?tau\w*", re.IGNORECASE)
TAU_WORDS = re.compile(r"\btau(?:_h|_\{?h\}?)?s?\b|\btau[- ]?h\b|\u03c4|\bditau", re.IGNORECASE)


@dataclass
class TauWord:
    start: int
    end: int
    wp: str  # one of TAU_DEEPTAU_WPS
    against: str  # "jet", "e" or "mu"


def find_deeptau(text: str) -> list[TauWord]:
    """The DeepTau working points named in ``text`` (lower case)."""
    found = []
    for m in DEEPTAU_WP.finditer(text):
        g = m.groupdict()
        wp = re.sub(r"[- ]", "", next(g[k] for k in ("wp1", "wp2", "wp3") if g.get(k))).lower()
        what = next((g[k] for k in ("what1", "d1", "what2", "d2", "what3") if g.get(k)), "jet")
        against = "e" if what.startswith("e") else "mu" if what.startswith("mu") else "jet"
        found.append(TauWord(m.start(), m.end(), wp, against))
    return found


def deeptau_question(said: str, why: str) -> str:
    return (
        f"You asked for '{said}': {why} ChatHEP reads the DeepTau discriminator against jets "
        "(NanoAOD Tau_idDeepTau2017v2p1VSjet in the 2018 files, Tau_idDeepTau2018v2p5VSjet in "
        "the 2022 ones), working points VVVLoose to VVTight. Say e.g. 'taus passing DeepTau "
        "VSjet Medium', or give a cut on a Tau field by name."
    )


def tau_deeptau_cut(wp: str, files_fields: set[str] | None, eras: set[str]) -> tuple[Cut, str]:
    """The cut of the DeepTau-against-jets working point ``wp`` on the branch the sample files
    have (``files_fields``), else on that of the samples' eras, and the plan's sentence: a bit of
    the Run 2 bitmask, or the Run 3 index at least that of the working point."""
    run2, run3 = TAU_DEEPTAU_VSJET
    index = TAU_DEEPTAU_WPS.index(wp)
    name = (
        wp.upper().replace("LOOSE", "Loose").replace("TIGHT", "Tight").replace("MEDIUM", "Medium")
    )
    generation, why = _generation(run2, run3, files_fields, eras)
    if generation == "neither":
        raise SpecError(
            f"DeepTau against jets needs Tau_{run2} (Run 2 NanoAOD) or Tau_{run3} (Run 3 "
            "NanoAOD); not every sample file has either.",
            hint="Give a cut on a Tau field by name, or plan other samples.",
        )
    if generation == "mixed":
        raise SpecError(
            f"The samples mix Run 2 NanoAOD (DeepTau is Tau_{run2}, a bitmask) and Run 3 "
            f"NanoAOD (Tau_{run3}, an index); one cut cannot read both.",
            hint="Plan the samples of each era separately.",
        )
    if generation == "run3":
        cut = Cut(field=run3, op=">=", value=float(index + 1))
        how = f"Tau_{run3} >= {index + 1}"
    else:
        cut = Cut(field=run2, op="==", value=True, bit=index)
        how = f"bit {index} (value {2**index}) of the Tau_{run2} bitmask"
    return cut, f"DeepTau against jets, {name} working point: {how} ({why})"
