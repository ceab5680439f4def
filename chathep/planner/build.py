"""Turn a :class:`~chathep.planner.draft.Draft` into an :class:`~chathep.spec.AnalysisSpec`.

Everything the request did not say comes from the defaults below, each recorded in words so
the plan shown to the user says which cuts were chosen for them (CMS-like object definitions:
tight ID + isolation for muons, cut-based tight electrons, tight jet ID, DeepJet medium).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from pydantic import ValidationError

from chathep.catalog import Catalog
from chathep.errors import SpecError
from chathep.planner.draft import Draft, ObjectReq
from chathep.spec import (
    AnalysisSpec,
    Cleaning,
    Combination,
    Cut,
    Histogram,
    ObjectDef,
    Observable,
    Step,
    parse_spec,
)

Z_MASS_GEV = 91.1876
#: Used to normalise MC when no data sample of the era exists (and none was asked for).
DEFAULT_MC_LUMI_PB = 1000.0


@dataclass(frozen=True)
class ObjectStyle:
    name: str  # spec object name
    source: str  # NanoAOD collection
    symbol: str  # LaTeX subscript
    word: str  # plural, in words
    pt_min: float
    abs_eta_max: float


STYLES: dict[str, ObjectStyle] = {
    "muon": ObjectStyle("muons", "Muon", r"\mu", "muons", 20.0, 2.4),
    "electron": ObjectStyle("electrons", "Electron", "e", "electrons", 20.0, 2.5),
    "photon": ObjectStyle("photons", "Photon", r"\gamma", "photons", 20.0, 2.5),
    "tau": ObjectStyle("taus", "Tau", r"\tau", "taus", 20.0, 2.3),
    "jet": ObjectStyle("jets", "Jet", "j", "jets", 30.0, 2.4),
    "bjet": ObjectStyle("bjets", "Jet", "b", "b-tagged jets", 30.0, 2.4),
}
#: Definition order: leptons before jets, so jets can be cleaned against them.
ORDER = ["muon", "electron", "photon", "tau", "jet", "bjet"]
LEPTONS = {"muon", "electron", "tau"}
#: Composite kinds and the object collections they stand for.
COMPOSITE = {"lepton": ["muon", "electron"], "emu": ["electron", "muon"]}
PAIR_NAMES = {
    "muon": ("dimuon", r"\mu\mu"),
    "electron": ("dielectron", "ee"),
    "lepton": ("dilepton", r"\ell\ell"),
    "emu": ("emu", r"e\mu"),
    "jet": ("dijet", "jj"),
    "bjet": ("dibjet", "bb"),
    "photon": ("diphoton", r"\gamma\gamma"),
    "tau": ("ditau", r"\tau\tau"),
}
PAIR_TITLES = {
    "muon": "Dimuon",
    "electron": "Dielectron",
    "lepton": "Dilepton",
    "emu": "Electron-muon",
    "jet": "Dijet",
    "bjet": "b-jet pair",
    "photon": "Diphoton",
    "tau": "Ditau",
}
ELECTRON_CUTBASED = {"loose": 2, "medium": 3, "tight": 4}


@dataclass
class Built:
    spec: AnalysisSpec
    defaults: list[str] = field(default_factory=list)  # what was chosen for the user, in words


def _kinds(kind: str) -> list[str]:
    return COMPOSITE.get(kind, [kind])


def _object_def(kind: str, req: ObjectReq, defined: list[str], defaults: list[str]) -> ObjectDef:
    style = STYLES[kind]
    pt = req.pt_min if req.pt_min is not None else style.pt_min
    eta = req.abs_eta_max if req.abs_eta_max is not None else style.abs_eta_max
    cuts = [Cut(field="pt", op=">", value=pt), Cut(field="eta", op="<", value=eta, abs=True)]
    if req.pt_max is not None:
        cuts.insert(1, Cut(field="pt", op="<", value=req.pt_max))
    chosen = []
    if req.pt_min is None:
        chosen.append(f"pT > {pt:g} GeV")
    if req.abs_eta_max is None:
        chosen.append(f"|eta| < {eta:g}")
    if kind == "muon":
        wp = req.id or "tight"
        cuts.append(Cut(field=f"{wp}Id", op="==", value=True))
        if req.id is None:
            chosen.append("tight ID")
        if req.isolated is not False:
            cuts.append(Cut(field="pfRelIso04_all", op="<", value=0.15))
            if req.isolated is None:
                chosen.append("PF isolation (dR 0.4) < 0.15")
        else:
            cuts.append(Cut(field="pfRelIso04_all", op=">", value=0.25))
    elif kind == "electron":
        wp = req.id or "tight"
        cuts.append(Cut(field="cutBased", op=">=", value=ELECTRON_CUTBASED[wp]))
        if req.id is None:
            chosen.append("cut-based tight ID (includes isolation)")
    elif kind in ("jet", "bjet"):
        cuts.append(Cut(field="jetId", op=">=", value=2))
        chosen.append("tight jet ID")
        if kind == "bjet":
            wp = req.btag_wp or "medium"
            cuts.append(Cut(field="btagDeepFlavB", op=">", value=wp))
            if req.btag_wp is None:
                chosen.append("DeepJet medium working point")
    cleaning = []
    if kind in ("jet", "bjet"):
        for lepton in ("muons", "electrons"):
            if lepton in defined:
                cleaning.append(Cleaning(against=lepton, dr=0.4))
        if cleaning:
            chosen.append("DeltaR > 0.4 from the selected leptons")
    if chosen:
        defaults.append(f"{style.word}: " + ", ".join(chosen))
    return ObjectDef(name=style.name, source=style.source, cuts=cuts, clean_against=cleaning)


def _axis(draft: Draft, symbol: str, count_kind: str | None) -> tuple[str, str, int, float, float]:
    """(label, unit, bins, start, stop) defaults for the plotted quantity."""
    q = draft.quantity
    if q == "mass":
        if draft.object in ("muon", "electron", "lepton") or draft.z_candidate:
            return rf"$m_{{{symbol}}}$", "GeV", 30, 60.0, 120.0
        if draft.object in ("jet", "bjet") and draft.target_mass:
            return rf"$m_{{{symbol}}}$", "GeV", 40, 0.0, float(round(2 * draft.target_mass, -1))
        if draft.object in ("jet", "bjet"):
            return rf"$m_{{{symbol}}}$", "GeV", 50, 0.0, 1000.0
        return rf"$m_{{{symbol}}}$", "GeV", 30, 0.0, 300.0
    if q == "pt":
        stop = 300.0 if draft.object in ("jet", "bjet") else 200.0
        return rf"$p_{{T}}^{{{symbol}}}$", "GeV", 30 if stop == 300 else 40, 0.0, stop
    if q == "eta":
        return rf"$\eta^{{{symbol}}}$", "", 25, -2.5, 2.5
    if q == "phi":
        return rf"$\phi^{{{symbol}}}$", "", 32, -math.pi, math.pi
    if q == "count":
        top = 10 if count_kind in ("jet",) else 6
        return f"Number of {STYLES[count_kind or 'jet'].word}", "", top + 1, -0.5, top + 0.5
    if q == "ht":
        return r"$H_{T}$", "GeV", 25, 0.0, 1000.0
    if q == "met":
        return r"$p_{T}^{miss}$", "GeV", 20, 0.0, 200.0
    if q == "met_phi":
        return r"$\phi(p_{T}^{miss})$", "", 32, -math.pi, math.pi
    if q == "mt":
        return rf"$m_{{T}}({symbol}, p_{{T}}^{{miss}})$", "GeV", 20, 0.0, 200.0
    if q == "delta_r":
        return r"$\Delta R$", "", 30, 0.0, 6.0
    if q == "delta_phi":
        return r"$|\Delta\phi|$", "", 32, 0.0, math.pi
    if q == "branch":
        name = f"{STYLES[count_kind or 'jet'].source}_{draft.branch}"
        if draft.branch and draft.branch.startswith("pfRelIso"):
            return f"{name} (relative isolation)", "", 25, 0.0, 0.5
        if draft.branch == "btagDeepFlavB":
            return "DeepJet b-tag score", "", 20, 0.0, 1.0
        if draft.start is None or draft.stop is None:
            raise SpecError(
                f"I do not know a sensible range for {name}.",
                hint="Give one, e.g. '50 bins from 0 to 0.1'.",
            )
        return name, "", 50, draft.start, draft.stop
    raise SpecError(f"No quantity to plot ({q!r}).", hint="Say what to plot, e.g. 'dimuon mass'.")


def _samples(draft: Draft, catalog: Catalog, defaults: list[str]) -> tuple[list[str] | str, str]:
    """(samples or "auto", era) with data added for a data/MC request."""
    names = list(draft.samples or [])
    eras = {catalog[n].era for n in names}
    era = draft.era or (next(iter(eras)) if len(eras) == 1 else None)
    if era is None:
        data_eras = sorted({s.era for s in catalog.data()})
        era = data_eras[-1] if data_eras else "2018"
        if not names:
            defaults.append(f"samples: all {era} data and MC (the era with data)")
    if not names:
        return "auto", era
    samples = [catalog[n] for n in names]
    if draft.data_mc and not any(s.is_data for s in samples):
        names = [s.name for s in catalog.data(era)] + names
    if draft.data_mc and all(s.is_data for s in samples):
        names += [s.name for s in catalog.mc(era)]
    return names, era


def build_spec(draft: Draft, catalog: Catalog) -> Built:
    """The analysis spec for ``draft``; raises SpecError if the draft cannot make one."""
    try:
        return _build(draft, catalog)
    except ValidationError as exc:  # a part of the spec (a histogram, a pair) is invalid
        problems = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
        raise SpecError(
            f"The request does not make a valid analysis: {problems}",
            hint="Rephrase the part named above.",
        ) from None


def _build(draft: Draft, catalog: Catalog) -> Built:
    if draft.quantity is None:
        raise SpecError("The request does not say what to plot.", hint="e.g. 'the dimuon mass'.")
    defaults: list[str] = []
    main = draft.object if draft.quantity not in ("met", "met_phi") else None
    if draft.quantity == "mass" and not draft.pair and main in LEPTONS | set(COMPOSITE):
        # a lepton's own mass is a constant: the mass asked for is that of a pair
        draft = draft.model_copy(update={"pair": True})
        defaults.append(f"mass of {STYLES[_kinds(main)[0]].word[:-1]} pairs")
    needs_object = ("mass", "pt", "eta", "phi", "count", "mt", "delta_r", "delta_phi", "branch")
    if main is None and draft.quantity in needs_object:
        raise SpecError(
            f"The request asks for a {draft.quantity} but not of which objects.",
            hint="Name them, e.g. 'muon pT' or 'the dijet mass'.",
        )
    wanted: set[str] = set()
    if main:
        wanted.update(_kinds(main))
    if draft.other:
        wanted.update(_kinds(draft.other))
    for kind, req in draft.requirements.items():
        if not req.is_empty():  # any requirement, or select=True, defines the collection
            wanted.update(_kinds(kind))

    def req_for(kind: str) -> ObjectReq:
        """Own requirements, falling back to the composite's (lepton pT applies to both)."""
        own = draft.requirements.get(kind, ObjectReq())  # type: ignore[call-overload]
        merged = own.model_dump()
        for composite, members in COMPOSITE.items():
            if kind in members and composite in draft.requirements:
                for key, value in draft.requirements[composite].model_dump().items():  # type: ignore[index]
                    if merged[key] is None and key not in ("min_count", "max_count"):
                        merged[key] = value
        return ObjectReq(**merged)

    objects: list[ObjectDef] = []
    for kind in ORDER:
        if kind in wanted:
            objects.append(_object_def(kind, req_for(kind), [o.name for o in objects], defaults))

    combinations: list[Combination] = []
    selection: list[Step] = []
    if draft.triggers:
        selection.append(Step(name="trigger", triggers=list(draft.triggers)))
    observables: list[Observable] = []
    main_names = [STYLES[k].name for k in _kinds(main)] if main else []

    # multiplicity requirements the request states, on every collection
    for kind, req in draft.requirements.items():
        names = [STYLES[k].name for k in _kinds(kind)]
        if req.min_count is not None and len(names) == 1:
            selection.append(
                Step(
                    name=f">= {req.min_count} {STYLES[kind].word}",
                    count=names[0],
                    op=">=",
                    value=req.min_count,
                )  # fmt: skip
            )
        if req.max_count is not None and len(names) == 1:
            selection.append(
                Step(
                    name=f"<= {req.max_count} {STYLES[kind].word}",
                    count=names[0],
                    op="<=",
                    value=req.max_count,
                )  # fmt: skip
            )
    counted = {s.count for s in selection}

    symbol = STYLES[main].symbol if main in STYLES else "\\ell"
    of: str | None = None
    if main and draft.pair:
        pair_name, symbol = PAIR_NAMES[main]
        lepton_like = main in ("muon", "electron", "lepton", "emu", "tau")
        charge = draft.charge or ("opposite" if lepton_like else "any")
        if charge != "any" and not lepton_like:
            defaults.append(f"no charge requirement: {STYLES[main].word} carry no charge")
            charge = "any"
        if draft.charge is None and lepton_like:
            defaults.append("pairs: opposite charge")
        size = draft.size or 2
        if size == 3:
            pair_name, symbol = f"tri{pair_name.removeprefix('di')}", symbol + symbol[-1]
        comb = Combination(
            name=pair_name,
            inputs=main_names,
            size=size,
            charge=charge,
            same_flavour=main == "lepton",
        )
        target = draft.target_mass or (Z_MASS_GEV if draft.z_candidate else None)
        if target is not None:
            comb.choose, comb.target_mass = "closest_mass", target
        elif len(main_names) == 1:
            comb.leading = size
            what = "pair" if size == 2 else "triplet"
            defaults.append(f"{what}: the {size} leading {STYLES[main].word}")
        else:
            comb.choose = "highest_pt"
            defaults.append("pair: the one with the highest pT per event")
        combinations.append(comb)
        if len(main_names) == 1 and main_names[0] not in counted:
            word = STYLES[main].word
            selection.append(
                Step(name=f">= {size} {word}", count=main_names[0], op=">=", value=size)
            )
        charge_word = {"opposite": "opposite-charge ", "same": "same-charge ", "any": ""}[charge]
        kind_word = "pair" if size == 2 else "triplet"
        selection.append(
            Step(name=f"{charge_word}{pair_name} {kind_word}", count=pair_name, value=1)
        )
        of = pair_name
    elif main:
        of = main_names[0]
        need = (draft.index or 0) + 1
        if draft.quantity in ("delta_r", "delta_phi") and not draft.other:
            need = 2
        needs_step = draft.quantity == "mt" or draft.index is not None or need > 1
        if needs_step and of not in counted:
            word = STYLES[main].word
            selection.append(Step(name=f">= {need} {word}", count=of, op=">=", value=need))

    met = "PuppiMET" if draft.puppi_met else "MET"
    if draft.met_min is not None:
        observables.append(Observable(name="met_pt", kind="met", field="pt", met=met))
        selection.append(
            Step(
                name=f"MET > {draft.met_min:g} GeV",
                observable="met_pt",
                op=">",
                value=draft.met_min,
            )  # fmt: skip
        )

    q = draft.quantity
    index = None if draft.pair else draft.index
    if q == "met":
        obs = Observable(name="met_pt", kind="met", field="pt", met=met)
    elif q == "met_phi":
        obs = Observable(name="met_phi", kind="met", field="phi", met=met)
    elif q == "count":
        obs = Observable(name=f"n_{of}", kind="count", of=of)
    elif q == "ht":
        obs = Observable(name=f"ht_{of}", kind="ht", of=of)
    elif q == "mt":
        obs = Observable(name=f"mt_{of}", kind="mt", of=of, met=met)
    elif q in ("delta_r", "delta_phi"):
        other = STYLES[_kinds(draft.other)[0]].name if draft.other else None
        short = "dr" if q == "delta_r" else "dphi"
        obs = Observable(name=f"{short}_{of}" + (f"_{other}" if other else ""), kind=q,
                         of=of, other=other)  # fmt: skip
        if other and other not in counted:
            selection.append(Step(name=f">= 1 {other}", count=other, op=">=", value=1))
    else:
        prefix = {None: "", 0: "lead_", 1: "sublead_"}.get(index, f"n{index}_")
        field_name = draft.branch if q == "branch" else q
        name = f"{prefix}{of}_{field_name}".lower()
        obs = Observable(name=name, kind="field", of=of, field=field_name, index=index)
    if obs.name not in {o.name for o in observables}:
        observables.append(obs)

    label, unit, bins, start, stop = _axis(draft, symbol, main)
    if index is not None and q in ("pt", "eta", "phi", "branch"):
        label = {0: "Leading ", 1: "Subleading "}.get(index, f"#{index + 1} ") + label
    explicit_range = draft.start is not None and draft.stop is not None
    if explicit_range:
        start, stop = float(draft.start), float(draft.stop)  # type: ignore[arg-type]
    if draft.bins is not None:
        bins = draft.bins
    elif draft.bin_width is not None:
        bins = max(1, round((stop - start) / draft.bin_width))
    else:
        defaults.append(
            f"binning: {bins} bins from {start:g} to {stop:g}{' ' + unit if unit else ''}"
        )
    if draft.bins is not None and not explicit_range:
        defaults.append(f"range: {start:g} to {stop:g}{' ' + unit if unit else ''}")
    hist = Histogram(
        name=obs.name, observable=obs.name, bins=bins, start=start, stop=stop, label=label,
        unit=unit, log_y=bool(draft.log_y),
    )  # fmt: skip

    samples, era = _samples(draft, catalog, defaults)
    lumi = draft.lumi_pb
    resolved = [catalog[n] for n in samples] if samples != "auto" else []
    mc_only = not any(s.is_data for s in resolved) if resolved else not catalog.data(era)
    mc_era = resolved[0].era if resolved else era
    if lumi is None and mc_only and not catalog.data(mc_era):
        lumi = DEFAULT_MC_LUMI_PB
        defaults.append(
            f"MC normalised to {lumi / 1000:g} fb^-1 (no {mc_era} data in the "
            "catalog to take the luminosity from)"
        )

    title = _title(draft, symbol, label, samples, catalog)
    spec = parse_spec(
        {
            "title": title,
            "samples": samples,
            "era": era,
            "lumi_pb": lumi,
            "objects": [o.model_dump() for o in objects],
            "combinations": [c.model_dump() for c in combinations],
            "selection": [s.model_dump() for s in selection],
            "observables": [o.model_dump() for o in observables],
            "histograms": [hist.model_dump()],
            "corrections": list(draft.corrections or []),
        }
    )
    return Built(spec=spec, defaults=defaults)


def _title(draft: Draft, symbol: str, label: str, samples: list[str] | str, cat: Catalog) -> str:
    words = {
        "mass": "mass",
        "pt": "pT",
        "eta": "eta",
        "phi": "phi",
        "count": "multiplicity",
        "ht": "HT",
        "met": "missing transverse momentum",
        "met_phi": "missing transverse momentum phi",
        "mt": "transverse mass",
        "delta_r": "DeltaR",
        "delta_phi": "DeltaPhi",
        "branch": draft.branch or "",
    }
    q = words[draft.quantity or "mass"]
    if draft.quantity == "met":
        what = "Missing transverse momentum"
    elif draft.quantity == "met_phi":
        what = "Missing transverse momentum phi"
    elif draft.pair and draft.object and draft.size == 3:
        what = f"Three-{STYLES[_kinds(draft.object)[0]].word.rstrip('s')} {q}"
    elif draft.pair and draft.object:
        what = f"{PAIR_TITLES[draft.object]} {q}"
    elif draft.object:
        ordinal = {0: "leading ", 1: "subleading ", 2: "third ", 3: "fourth "}
        idx = "" if draft.index is None else ordinal.get(draft.index, f"#{draft.index + 1} ")
        word = STYLES[_kinds(draft.object)[0]].word
        noun = word if draft.quantity == "count" else word.rstrip("s")
        what = f"{idx}{noun} {q}".strip()
        what = what[0].upper() + what[1:]
    else:
        what = q
    if samples == "auto":
        era = draft.era or next(iter(sorted({s.era for s in cat.data()})), "2018")
        chosen = cat.data(era) + cat.mc(era)
    else:
        chosen = [cat[s] for s in samples]
    data = [s for s in chosen if s.is_data]
    mc = [s for s in chosen if not s.is_data]
    parts = (" + ".join(f"{s.era} data" for s in data), " + ".join(s.process for s in mc))
    where = " vs ".join(part for part in parts if part)
    return f"{what}, {where}" if where else what
