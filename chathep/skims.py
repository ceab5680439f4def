"""Skimmed samples against a spec: does the selection stay inside what the files hold?

A filtered or skimmed sample (``chathep data generate --preset hbb``) records its skim in the
catalog (:class:`chathep.catalog.Skim`): at least N leptons above a pT, at least M jets above
a pT within |eta| < X. Events outside it were never written, in the pseudo-data and the
simulation alike, so an analysis that selects fewer objects or softer ones would get a plot
of the skimmed phase space only, with nothing to show the bias. :func:`skim_notes` compares
the spec's requirements with each skim and returns a typed :class:`SkimNote` per sample the
spec reaches outside of; :func:`chathep.resolve.resolve_analysis` turns them into warnings
of the answer.

The comparison is conservative in one direction: a requirement counts only when it is at
least as tight as the skim (a count of objects whose pT cut is at or above the skim's, jets
also within its |eta|). Identification, isolation and overlap-removal details are not
compared; the skim's description (shown in every note and in the catalog) states them.
"""

from __future__ import annotations

from dataclasses import dataclass

from chathep.catalog import Sample, Skim
from chathep.spec import AnalysisSpec, ObjectDef, object_sources

LEPTON_SOURCES = frozenset({"Muon", "Electron"})
JET_SOURCES = frozenset({"Jet"})


@dataclass(frozen=True)
class SkimNote:
    """A spec that selects outside the skim of some samples."""

    skim: str
    samples: tuple[str, ...]
    reasons: tuple[str, ...]
    description: str

    @property
    def message(self) -> str:
        return (
            f"Outside the skim '{self.skim}' of {', '.join(self.samples)}: "
            f"{'; '.join(self.reasons)}. These files hold only events with {self.description}, "
            "in the pseudo-data and the simulation alike, so the plot shows that phase space "
            "only, not the selection asked for. For the full selection generate samples "
            "without a preset (chathep data generate)."
        )


def _threshold(obj: ObjectDef, field: str, lower: bool, *, absolute: bool = False) -> float | None:
    """The tightest cut on ``field`` of ``obj``: a lower bound (>, >=) or an upper one."""
    ops = (">", ">=") if lower else ("<", "<=")
    values = [
        float(c.value)
        for c in obj.cuts
        if c.field == field
        and c.op in ops
        and isinstance(c.value, int | float)
        and not isinstance(c.value, bool)
        and (c.abs or not absolute)
    ]
    if not values:
        return None
    return max(values) if lower else min(values)


def _object_cut(spec: AnalysisSpec, name: str, field: str, lower: bool, absolute: bool) -> float:
    """The cut on ``field`` an object inherits: its own, else the loosest of a merge's parts."""
    obj = spec.object(name)
    if obj is None:
        return float("-inf") if lower else float("inf")
    own = _threshold(obj, field, lower, absolute=absolute)
    parts = [_object_cut(spec, p, field, lower, absolute) for p in obj.merge]
    inherited = (min(parts) if lower else max(parts)) if parts else None
    candidates = [v for v in (own, inherited) if v is not None]
    if not candidates:
        return float("-inf") if lower else float("inf")
    return max(candidates) if lower else min(candidates)


def _required(op: str, value: float | None) -> int:
    """The minimum count a step ``count op value`` implies (0: none)."""
    if value is None:
        return 0
    if op in (">=", "=="):
        return max(0, int(-(-value // 1)))
    if op == ">":
        return int(value // 1) + 1
    return 0


def _counts(spec: AnalysisSpec) -> list[tuple[str, int]]:
    """(object name, objects required) from every selection step on a count."""
    out: list[tuple[str, int]] = []
    counted = {o.name: o.of for o in spec.observables if o.kind == "count" and o.of}
    for step in spec.selection:
        target = step.count or counted.get(step.observable or "")
        n = _required(step.op, step.value)
        if not target or n <= 0:
            continue
        comb = spec.combination(target)
        if comb is not None:  # N candidates need at least `size` objects of their inputs
            if len(comb.inputs) == 1:
                out.append((comb.inputs[0], comb.size))
            else:
                out += [(name, 1) for name in comb.inputs]
            continue
        out.append((target, n))
    return out


def requirements(spec: AnalysisSpec, skim: Skim) -> tuple[int, int]:
    """(leptons, jets) the spec requires at or above the skim's thresholds."""
    leptons: dict[str, int] = {}
    jets = 0
    for name, n in _counts(spec):
        sources = set(object_sources(spec, name))
        if sources and sources <= LEPTON_SOURCES:
            if _object_cut(spec, name, "pt", True, False) >= skim.lepton_pt:
                key = "+".join(sorted(sources))
                leptons[key] = max(leptons.get(key, 0), n)
        elif sources and sources <= JET_SOURCES:
            pt_ok = _object_cut(spec, name, "pt", True, False) >= skim.jet_pt
            eta = _object_cut(spec, name, "eta", False, True)
            eta_ok = skim.jet_abs_eta is None or eta <= skim.jet_abs_eta
            if pt_ok and eta_ok:
                jets = max(jets, n)
    n_lep = max(
        leptons.get("Electron+Muon", 0), leptons.get("Muon", 0) + leptons.get("Electron", 0)
    )
    return n_lep, jets


def skim_notes(spec: AnalysisSpec, samples: list[Sample]) -> list[SkimNote]:
    """One note per skim the spec selects outside of (samples without a skim: none)."""
    by_skim: dict[Skim, list[str]] = {}
    for sample in samples:
        if sample.skim is not None:
            by_skim.setdefault(sample.skim, []).append(sample.name)
    notes = []
    for skim, names in by_skim.items():
        n_lep, n_jet = requirements(spec, skim)
        reasons = []
        if n_lep < skim.min_leptons:
            reasons.append(
                f"the selection requires {n_lep} lepton(s) with pT >= {skim.lepton_pt:g} GeV, "
                f"the skim {skim.min_leptons}"
            )
        if n_jet < skim.min_jets:
            eta = f" and |eta| <= {skim.jet_abs_eta:g}" if skim.jet_abs_eta else ""
            reasons.append(
                f"the selection requires {n_jet} jet(s) with pT >= {skim.jet_pt:g} GeV{eta}, "
                f"the skim {skim.min_jets}"
            )
        if reasons:
            notes.append(SkimNote(skim.name, tuple(names), tuple(reasons), skim.description))
    return notes


def skim_statement(samples: list[Sample]) -> list[str]:
    """What every answer on skimmed samples states: the skim, each sample's filter
    efficiency and effective luminosity (empty when no sample is skimmed)."""
    skimmed = [s for s in samples if s.skim is not None]
    if not skimmed:
        return []
    parts = []
    for s in skimmed:
        if s.is_data:
            kept = f"{s.n_events} of {s.n_generated} events" if s.n_generated else "skimmed"
            parts.append(f"{s.name} {kept}")
            continue
        eff = ""
        if s.filter_efficiency is not None:
            err = f" +- {s.filter_efficiency_err:.2g}" if s.filter_efficiency_err else ""
            eff = f"filter efficiency {s.filter_efficiency:.4g}{err}"
        lumi = f", L_eff {s.effective_lumi_pb:.4g} /pb" if s.effective_lumi_pb else ""
        parts.append(f"{s.name} {eff}{lumi}")
    names = sorted({s.skim.description for s in skimmed if s.skim is not None})
    return [
        f"Skimmed samples ({'; '.join(names)}): " + "; ".join(parts) + ". The simulation is "
        "normalised to sigma x filter efficiency."
    ]
