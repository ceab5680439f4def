"""Independent reference histograms for the evaluation set (``requests.yaml``).

Written with uproot + awkward + numpy only: nothing here imports ChatHEP's planner, spec or
compiler. ``chathep.catalog.default_catalog()`` is used only to find the sample files.

Every reference is a function ``ref_<name>(events, sample)`` returning ``(values, weights)`` for
one sample: the per-entry values the request literally asks to histogram, and one weight per
entry (1 for data, ``genWeight`` of the event for simulation). :func:`reference` runs it on the
samples asked for and returns ``{sample: (values, weights)}``.

Semantics (see the header of ``requests.yaml``): what a request states is exact; "all"/"every"/
"no cuts" mean no requirement at all; properties a request leaves silent (listed per entry under
``silent:``) get ChatHEP's documented defaults, reproduced here from knowledge_base/objects/*.md
and chathep/planner/build.py as plain numbers:

- muons: pT > 20 GeV, |eta| < 2.4, tightId, pfRelIso04_all < 0.15
- electrons: pT > 20 GeV, |eta| < 2.5, cutBased >= 4
- jets: pT > 30 GeV, |eta| < 2.4, jetId >= 2, Delta R > 0.4 from the selected leptons
- b-tagging (DeepJet medium): btagDeepFlavB > 0.2783 (2018), > 0.3086 (2022)
- a lepton pair the request does not describe further: the two leading objects, opposite charge
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import awkward as ak
import numpy as np
import uproot

SAMPLES = ("data_2018A_doublemuon", "dy_2018", "ttbar_semilep_2022")
BTAG_MEDIUM = {"2018": 0.2783, "2022": 0.3086}
Z_MASS = 91.2
Z_MASS_PDG = 91.1876  # "the Z mass" when a request gives no number
TOP_MASS = 172.5

# --- reading -------------------------------------------------------------------------------

BRANCHES = [
    "MET_pt",
    "MET_phi",
    "genWeight",
    "Muon_pt",
    "Muon_eta",
    "Muon_phi",
    "Muon_mass",
    "Muon_charge",
    "Muon_tightId",
    "Muon_pfRelIso04_all",
    "Electron_pt",
    "Electron_eta",
    "Electron_phi",
    "Electron_mass",
    "Electron_charge",
    "Electron_cutBased",
    "Jet_pt",
    "Jet_eta",
    "Jet_phi",
    "Jet_mass",
    "Jet_jetId",
    "Jet_btagDeepFlavB",
]


def sample_path(sample: str) -> Path:
    """The (single) file of a sample, as the catalog places it."""
    from chathep.catalog import default_catalog

    paths = default_catalog()[sample].paths()
    if len(paths) != 1:
        raise ValueError(f"{sample}: expected one file, got {paths}")
    return paths[0]


def sample_era(sample: str) -> str:
    return "2022" if sample.endswith("2022") else "2018"


def is_data(sample: str) -> bool:
    return sample.startswith("data")


@functools.lru_cache(maxsize=8)
def load(sample: str) -> dict[str, Any]:
    """The branches used here, as awkward arrays (``genWeight`` = 1 for data)."""
    with uproot.open(sample_path(sample)) as f:
        tree = f["Events"]
        have = set(tree.keys())
        arrays = tree.arrays([b for b in BRANCHES if b in have], library="ak")
    out = {name: arrays[name] for name in arrays.fields}
    n = len(arrays)
    if "genWeight" not in out or is_data(sample):
        out["genWeight"] = ak.Array(np.ones(n))
    out["n"] = n
    return out


def _obj(ev: dict[str, Any], coll: str, fields: tuple[str, ...]) -> ak.Array:
    return ak.zip({f: ev[f"{coll}_{f}"] for f in fields if f"{coll}_{f}" in ev}, depth_limit=2)


def muons(ev: dict[str, Any]) -> ak.Array:
    return _obj(ev, "Muon", ("pt", "eta", "phi", "mass", "charge", "tightId", "pfRelIso04_all"))


def electrons(ev: dict[str, Any]) -> ak.Array:
    return _obj(ev, "Electron", ("pt", "eta", "phi", "mass", "charge", "cutBased"))


def jets(ev: dict[str, Any]) -> ak.Array:
    return _obj(ev, "Jet", ("pt", "eta", "phi", "mass", "jetId", "btagDeepFlavB"))


# --- object definitions (explicit arguments; None = no requirement) ------------------------


def sel_muons(
    ev: dict[str, Any],
    pt_min: float | None = 20.0,
    abs_eta_max: float | None = 2.4,
    tight: bool = True,
    iso_max: float | None = 0.15,
) -> ak.Array:
    mu = muons(ev)
    mask = ak.ones_like(mu.pt, dtype=bool)
    if pt_min is not None:
        mask = mask & (mu.pt > pt_min)
    if abs_eta_max is not None:
        mask = mask & (abs(mu.eta) < abs_eta_max)
    if tight:
        mask = mask & (mu.tightId == True)  # noqa: E712
    if iso_max is not None:
        mask = mask & (mu.pfRelIso04_all < iso_max)
    return mu[mask]


def sel_electrons(
    ev: dict[str, Any],
    pt_min: float | None = 20.0,
    abs_eta_max: float | None = 2.5,
    cutbased_min: int | None = 4,
) -> ak.Array:
    el = electrons(ev)
    mask = ak.ones_like(el.pt, dtype=bool)
    if pt_min is not None:
        mask = mask & (el.pt > pt_min)
    if abs_eta_max is not None:
        mask = mask & (abs(el.eta) < abs_eta_max)
    if cutbased_min is not None:
        mask = mask & (el.cutBased >= cutbased_min)
    return el[mask]


def delta_phi(a: Any, b: Any) -> Any:
    d = a - b
    return (d + np.pi) % (2 * np.pi) - np.pi


def delta_r(a: ak.Array, b: ak.Array) -> ak.Array:
    return np.sqrt((a.eta - b.eta) ** 2 + delta_phi(a.phi, b.phi) ** 2)


def clean(objs: ak.Array, against: list[ak.Array], dr: float = 0.4) -> ak.Array:
    """Objects farther than ``dr`` from every object of every collection in ``against``."""
    keep = ak.ones_like(objs.pt, dtype=bool)
    for other in against:
        pairs = ak.cartesian({"o": objs, "x": other}, axis=1, nested=True)
        near = ak.any(delta_r(pairs.o, pairs.x) < dr, axis=2)
        keep = keep & ~near
    return objs[keep]


def sel_jets(
    ev: dict[str, Any],
    pt_min: float | None = 30.0,
    abs_eta_max: float | None = 2.4,
    jetid_min: int | None = 2,
    clean_against: list[ak.Array] | None = None,
) -> ak.Array:
    j = jets(ev)
    mask = ak.ones_like(j.pt, dtype=bool)
    if pt_min is not None:
        mask = mask & (j.pt > pt_min)
    if abs_eta_max is not None:
        mask = mask & (abs(j.eta) < abs_eta_max)
    if jetid_min is not None:
        mask = mask & (j.jetId >= jetid_min)
    j = j[mask]
    if clean_against:
        j = clean(j, clean_against)
    return j


# --- four-vector helpers ------------------------------------------------------------------


def p4(obj: ak.Array) -> dict[str, Any]:
    pt, eta, phi, m = obj.pt, obj.eta, obj.phi, obj.mass
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    e = np.sqrt(px**2 + py**2 + pz**2 + m**2)
    return {"px": px, "py": py, "pz": pz, "e": e}


def add(*vs: dict[str, Any]) -> dict[str, Any]:
    return {k: sum(v[k] for v in vs) for k in ("px", "py", "pz", "e")}


def mass(v: dict[str, Any]) -> Any:
    m2 = v["e"] ** 2 - v["px"] ** 2 - v["py"] ** 2 - v["pz"] ** 2
    return np.sqrt(np.maximum(m2, 0))


def pt_of(v: dict[str, Any]) -> Any:
    return np.sqrt(v["px"] ** 2 + v["py"] ** 2)


def pair_mass(a: ak.Array, b: ak.Array) -> ak.Array:
    return mass(add(p4(a), p4(b)))


def mt(pt: Any, phi: Any, met_pt: Any, met_phi: Any) -> Any:
    return np.sqrt(2 * pt * met_pt * (1 - np.cos(delta_phi(phi, met_phi))))


def leading_pair_os(objs: ak.Array) -> tuple[ak.Array, ak.Array, ak.Array]:
    """(mask of events whose two leading objects have opposite charge, first, second)."""
    has2 = ak.num(objs) >= 2
    padded = ak.pad_none(objs, 2, axis=1)
    a, b = padded[:, 0], padded[:, 1]
    ok = has2 & ak.fill_none(a.charge != b.charge, False)
    return ok, a[ok], b[ok]


# --- output helpers ---------------------------------------------------------------------------


def per_event(ev: dict[str, Any], values: Any, mask: Any = None) -> tuple[np.ndarray, np.ndarray]:
    """One entry per (selected) event."""
    w = ev["genWeight"]
    if mask is not None:
        w = w[mask]
    return _np(values), _np(w)


def per_object(
    ev: dict[str, Any], values: ak.Array, mask: Any = None
) -> tuple[np.ndarray, np.ndarray]:
    """One entry per object (jagged ``values`` for every event, or for the events in ``mask``)."""
    w = ev["genWeight"]
    if mask is not None:
        w = w[mask]
    w_b = ak.broadcast_arrays(w, values)[0]
    return _np(ak.flatten(values)), _np(ak.flatten(w_b))


def _np(a: Any) -> np.ndarray:
    """A flat float array (through lists: option types and small files make this the safe way)."""
    return np.asarray(ak.to_list(a), dtype=float)


Result = tuple[np.ndarray, np.ndarray]
REFERENCES: dict[str, Callable[[dict[str, Any], str], Result]] = {}


def register(
    fn: Callable[[dict[str, Any], str], Result],
) -> Callable[[dict[str, Any], str], Result]:
    REFERENCES[fn.__name__.removeprefix("ref_")] = fn
    return fn


def default_leptons(ev: dict[str, Any]) -> list[ak.Array]:
    return [sel_muons(ev), sel_electrons(ev)]


# --- the references ---------------------------------------------------------------------------
# ADL 1: MET of all events (no selection).
@register
def ref_met_all(ev, sample):
    return per_event(ev, ev["MET_pt"])


# ADL 2: pT of every jet, no cuts at all.
@register
def ref_jet_pt_all(ev, sample):
    return per_object(ev, jets(ev).pt)


# ADL 3: jets with |eta| < 1 (stated); pT, jet ID silent -> defaults (pT > 30, jetId >= 2).
@register
def ref_jet_pt_abseta1(ev, sample):
    return per_object(ev, sel_jets(ev, abs_eta_max=1.0).pt)


# ADL 3 (first version): pT > 20 GeV and |eta| < 1 stated; jet ID silent -> jetId >= 2.
@register
def ref_jet_pt_pt20_abseta1(ev, sample):
    return per_object(ev, sel_jets(ev, pt_min=20.0, abs_eta_max=1.0).pt)


# ADL 4: MET of events with >= 2 jets with pT > 40 (eta, ID silent -> |eta| < 2.4, jetId >= 2).
@register
def ref_met_2jets40(ev, sample):
    n = ak.num(sel_jets(ev, pt_min=40.0))
    mask = n >= 2
    return per_event(ev, ev["MET_pt"][mask], mask)


# TIMBER ex4: >= 2 jets with pT > 40 and |eta| < 1.0 (jet ID silent -> jetId >= 2).
@register
def ref_met_2jets40_abseta1(ev, sample):
    mask = ak.num(sel_jets(ev, pt_min=40.0, abs_eta_max=1.0)) >= 2
    return per_event(ev, ev["MET_pt"][mask], mask)


# ADL 5: MET of events with ANY opposite-charge pair of (default) muons with 60 < m < 120.
@register
def ref_met_os_mumu_60_120(ev, sample):
    mu = sel_muons(ev)
    pairs = ak.combinations(mu, 2, fields=["a", "b"])
    m = pair_mass(pairs.a, pairs.b)
    good = (pairs.a.charge != pairs.b.charge) & (m > 60) & (m < 120)
    mask = ak.any(good, axis=1)
    return per_event(ev, ev["MET_pt"][mask], mask)


def _best_trijet(ev: dict[str, Any]) -> tuple[Any, ak.Array]:
    """(event mask, best trijet per selected event) among default jets, mass closest to 172.5."""
    j = sel_jets(ev)
    mask = ak.num(j) >= 3
    j = j[mask]
    tri = ak.combinations(j, 3, fields=["a", "b", "c"])
    v = add(p4(tri.a), p4(tri.b), p4(tri.c))
    dist = abs(mass(v) - TOP_MASS)
    best = ak.argmin(dist, axis=1, keepdims=True)
    return mask, tri[best], {k: x[best] for k, x in v.items()}


# ADL 6a: pT of the trijet with mass closest to 172.5 GeV (jets silent -> defaults).
@register
def ref_trijet_pt(ev, sample):
    mask, _, v = _best_trijet(ev)
    return per_event(ev, ak.flatten(pt_of(v)), mask)


# ADL 6b: largest b-tag score (btagDeepFlavB) among the three jets of that trijet.
@register
def ref_trijet_max_btag(ev, sample):
    mask, tri, _ = _best_trijet(ev)
    best = ak.flatten(tri)
    mx = np.maximum(np.maximum(best.a.btagDeepFlavB, best.b.btagDeepFlavB), best.c.btagDeepFlavB)
    return per_event(ev, mx, mask)


# ADL 7: per event (every event), sum of pT of jets with pT > 30 (|eta|, ID silent -> defaults)
# farther than 0.4 from every light lepton with pT > 10 (lepton eta/ID silent -> defaults).
@register
def ref_ht_jets30_clean_lep10(ev, sample):
    leptons = [sel_muons(ev, pt_min=10.0), sel_electrons(ev, pt_min=10.0)]
    j = sel_jets(ev, pt_min=30.0, clean_against=leptons)
    return per_event(ev, ak.sum(j.pt, axis=1))


# ADL 7, "all jets of pt > 30": the pT cut is the only jet requirement (no eta cut, no jet ID).
@register
def ref_ht_alljets30_clean_lep10(ev, sample):
    leptons = [sel_muons(ev, pt_min=10.0), sel_electrons(ev, pt_min=10.0)]
    j = sel_jets(ev, pt_min=30.0, abs_eta_max=None, jetid_min=None, clean_against=leptons)
    return per_event(ev, ak.sum(j.pt, axis=1))


# ADL 8: >= 3 light leptons (defaults) with a same-flavour opposite-charge pair; the SFOS pair
# closest to 91.2 GeV; mT of the MET and the highest-pT light lepton not in that pair.
@register
def ref_mt_3l_z_other(ev, sample):
    mu, el = sel_muons(ev), sel_electrons(ev)
    values, weights = [], []
    n = ev["n"]
    mu_l, el_l = ak.to_list(mu), ak.to_list(el)
    met, metphi = ak.to_numpy(ev["MET_pt"]), ak.to_numpy(ev["MET_phi"])
    w = ak.to_numpy(ev["genWeight"])
    for i in range(n):
        leps = [dict(x, flav=13) for x in mu_l[i]] + [dict(x, flav=11) for x in el_l[i]]
        if len(leps) < 3:
            continue
        best, best_d = None, None
        for a in range(len(leps)):
            for b in range(a + 1, len(leps)):
                la, lb = leps[a], leps[b]
                if la["flav"] != lb["flav"] or la["charge"] == lb["charge"]:
                    continue
                m = float(mass(add(p4(_Rec(la)), p4(_Rec(lb)))))
                if best is None or abs(m - Z_MASS) < best_d:
                    best, best_d = (a, b), abs(m - Z_MASS)
        if best is None:
            continue
        others = [x for k, x in enumerate(leps) if k not in best]
        third = max(others, key=lambda x: x["pt"])
        values.append(float(mt(third["pt"], third["phi"], met[i], metphi[i])))
        weights.append(float(w[i]))
    return np.array(values, dtype=float), np.array(weights, dtype=float)


class _Rec:
    """Attribute access to a dict (for the scalar four-vector helpers)."""

    def __init__(self, d: dict[str, Any]) -> None:
        self.pt, self.eta, self.phi, self.mass = d["pt"], d["eta"], d["phi"], d["mass"]


# Number of (default) jets in every event.
@register
def ref_njets(ev, sample):
    return per_event(ev, ak.num(sel_jets(ev)))


# Electrons with pT > 25 (stated); |eta|, ID silent -> |eta| < 2.5, cutBased >= 4.
@register
def ref_ele_pt25(ev, sample):
    return per_object(ev, sel_electrons(ev, pt_min=25.0).pt)


# Leading (highest-pT) default jet, events with at least one.
@register
def ref_leading_jet_pt(ev, sample):
    j = sel_jets(ev)
    mask = ak.num(j) >= 1
    return per_event(ev, ak.max(j.pt[mask], axis=1), mask)


# Every same-charge pair among ALL muons (no muon requirement: "all muon pairs").
@register
def ref_ss_mumu_mass_all(ev, sample):
    pairs = ak.combinations(muons(ev), 2, fields=["a", "b"])
    pairs = pairs[pairs.a.charge == pairs.b.charge]
    return per_object(ev, pair_mass(pairs.a, pairs.b))


# MET of events with no (default) jets.
@register
def ref_met_no_jets(ev, sample):
    mask = ak.num(sel_jets(ev)) == 0
    return per_event(ev, ev["MET_pt"][mask], mask)


# Delta R between the two leading (default) jets, events with >= 2 of them.
@register
def ref_dr_two_leading_jets(ev, sample):
    j = sel_jets(ev)
    mask = ak.num(j) >= 2
    j = j[mask]
    return per_event(ev, delta_r(j[:, 0], j[:, 1]), mask)


# b-tag score (btagDeepFlavB) of every jet, no cuts.
@register
def ref_btag_all_jets(ev, sample):
    return per_object(ev, jets(ev).btagDeepFlavB)


# b-tag score of all jets with pT > 45 and |eta| < 2.4 (only these cuts: "all jets with"),
# in events with at least two such jets.
@register
def ref_btag_jets45_2(ev, sample):
    j = sel_jets(ev, pt_min=45.0, abs_eta_max=2.4, jetid_min=None)
    mask = ak.num(j) >= 2
    return per_object(ev, j.btagDeepFlavB[mask], mask)


# The same request read literally: eta < 2.4 (signed), pT > 45, no other cut.
@register
def ref_btag_jets45_signed_2(ev, sample):
    j = jets(ev)
    j = j[(j.pt > 45.0) & (j.eta < 2.4)]
    mask = ak.num(j) >= 2
    return per_object(ev, j.btagDeepFlavB[mask], mask)


# Every opposite-charge pair among ALL muons ("all combinations of muons").
@register
def ref_os_mumu_mass_all(ev, sample):
    pairs = ak.combinations(muons(ev), 2, fields=["a", "b"])
    pairs = pairs[pairs.a.charge != pairs.b.charge]
    return per_object(ev, pair_mass(pairs.a, pairs.b))


# Dimuon mass, everything silent: two leading default muons, opposite charge.
@register
def ref_dimuon_mass_default(ev, sample):
    ok, a, b = leading_pair_os(sel_muons(ev))
    return per_event(ev, pair_mass(a, b), ok)


# pT of every default jet.
@register
def ref_jet_pt_default(ev, sample):
    return per_object(ev, sel_jets(ev).pt)


# mT of the MET and the leading default light lepton (electron or muon), events with >= 1.
@register
def ref_mt_leading_lepton(ev, sample):
    mu, el = sel_muons(ev), sel_electrons(ev)
    lep = ak.concatenate([mu[["pt", "phi"]], el[["pt", "phi"]]], axis=1)
    lep = lep[ak.argsort(lep.pt, axis=1, ascending=False)]
    mask = ak.num(lep) >= 1
    lead = lep[mask][:, 0]
    return per_event(ev, mt(lead.pt, lead.phi, ev["MET_pt"][mask], ev["MET_phi"][mask]), mask)


def _jet_pairs(ev: dict[str, Any]) -> ak.Array:
    j = sel_jets(ev, pt_min=30.0, abs_eta_max=2.4)
    return ak.combinations(j, 2, fields=["a", "b"])


# Every pair of jets with pT > 30, |eta| < 2.4 (jet ID silent -> jetId >= 2): dijet mass ...
@register
def ref_dijet_mass_all_pairs(ev, sample):
    p = _jet_pairs(ev)
    return per_object(ev, pair_mass(p.a, p.b))


# ... and dijet pT.
@register
def ref_dijet_pt_all_pairs(ev, sample):
    p = _jet_pairs(ev)
    return per_object(ev, pt_of(add(p4(p.a), p4(p.b))))


# --- references added with the second batch of requests (sources not used before) ------------


def _pairs(objs: ak.Array, charge: str = "any") -> ak.Array:
    """Every pair of ``objs`` per event (``charge``: "any" | "os" | "ss"), with its mass."""
    p = ak.combinations(objs, 2, fields=["a", "b"])
    if charge == "os":
        p = p[p.a.charge != p.b.charge]
    elif charge == "ss":
        p = p[p.a.charge == p.b.charge]
    return ak.with_field(p, pair_mass(p.a, p.b), "m")


# Jets with |eta| < 1 and no other requirement ("all jets with absolute of eta < 1").
@register
def ref_jet_pt_abseta1_only(ev, sample):
    j = jets(ev)
    return per_object(ev, j.pt[abs(j.eta) < 1.0])


def _closest_to_z(ev: dict[str, Any], charge: str) -> Result:
    p = _pairs(sel_muons(ev), charge)
    mask = ak.num(p) >= 1
    p = p[mask]
    best = ak.argmin(abs(p.m - Z_MASS_PDG), axis=1, keepdims=True)
    return per_event(ev, ak.flatten(p.m[best]), mask)


# One dimuon mass per event: the (default-muon) opposite-charge pair closest to the Z mass ...
@register
def ref_mumu_mass_closest_z_os(ev, sample):
    return _closest_to_z(ev, "os")


# ... the same with pairs of any charge (the request does not state the charge).
@register
def ref_mumu_mass_closest_z_any(ev, sample):
    return _closest_to_z(ev, "any")


def _max_pair_mass(ev: dict[str, Any], charge: str) -> Result:
    p = _pairs(sel_muons(ev), charge)
    mask = ak.num(p) >= 1
    return per_event(ev, ak.max(p.m[mask], axis=1), mask)


# The largest dimuon mass per event among opposite-charge pairs of default muons ...
@register
def ref_mumu_mass_max_os(ev, sample):
    return _max_pair_mass(ev, "os")


# ... and among pairs of any charge.
@register
def ref_mumu_mass_max_any(ev, sample):
    return _max_pair_mass(ev, "any")


# pT of every muon, no requirement at all ("all muons pTs").
@register
def ref_muon_pt_all(ev, sample):
    return per_object(ev, muons(ev).pt)


# pT of the first (hardest) muon of the whole collection, events with at least one muon.
@register
def ref_leading_muon_pt_all(ev, sample):
    mu = muons(ev)
    mask = ak.num(mu) >= 1
    return per_event(ev, ak.max(mu.pt[mask], axis=1), mask)


# pT of the hardest default muon, events with at least one.
@register
def ref_leading_muon_pt_default(ev, sample):
    mu = sel_muons(ev)
    mask = ak.num(mu) >= 1
    return per_event(ev, ak.max(mu.pt[mask], axis=1), mask)


def _two_leading_mass(objs: ak.Array) -> tuple[Any, Any]:
    """(mask of events with >= 2 objects, mass of the two leading ones), any charge."""
    objs = objs[ak.argsort(objs.pt, axis=1, ascending=False)]
    mask = ak.num(objs) >= 2
    o = objs[mask]
    return mask, pair_mass(o[:, 0], o[:, 1])


# Mass of the two hardest default muons, whatever their charges.
@register
def ref_mumu_mass_two_leading_any(ev, sample):
    mask, m = _two_leading_mass(sel_muons(ev))
    return per_event(ev, m, mask)


# Mass of the two hardest muons of the whole collection (no requirement, any charge).
@register
def ref_mumu_mass_two_leading_all_any(ev, sample):
    mask, m = _two_leading_mass(muons(ev))
    return per_event(ev, m, mask)


# Mass of every pair of default muons, any charge ("muon pairs that are detected").
@register
def ref_mumu_mass_all_pairs_any(ev, sample):
    return per_object(ev, _pairs(sel_muons(ev), "any").m)


# The "bjj" system with the largest pT: among all trijets of default jets that contain at least
# one b-tagged jet (DeepJet medium of the sample's era), the one with the largest pT; its mass.
@register
def ref_trijet_bjj_maxpt_mass(ev, sample):
    j = sel_jets(ev)  # as the other jet references here: no lepton cleaning
    cut = BTAG_MEDIUM[sample_era(sample)]
    tri = ak.combinations(j, 3, fields=["a", "b", "c"])
    tagged = (tri.a.btagDeepFlavB > cut) | (tri.b.btagDeepFlavB > cut) | (tri.c.btagDeepFlavB > cut)
    tri = tri[tagged]
    mask = ak.num(tri) >= 1
    tri = tri[mask]
    v = add(p4(tri.a), p4(tri.b), p4(tri.c))
    best = ak.argmax(pt_of(v), axis=1, keepdims=True)
    return per_event(ev, ak.flatten(mass(v)[best]), mask)


def _light_leptons(ev: dict[str, Any]) -> ak.Array:
    """Default muons and electrons in one collection (pT-ordered), with a flavour field."""
    fields = ["pt", "eta", "phi", "mass", "charge"]
    mu = sel_muons(ev)[fields]
    el = sel_electrons(ev)[fields]
    mu = ak.with_field(mu, ak.full_like(mu.charge, 13), "flav")
    el = ak.with_field(el, ak.full_like(el.charge, 11), "flav")
    lep = ak.concatenate([mu, el], axis=1)
    return lep[ak.argsort(lep.pt, axis=1, ascending=False)]


# Number of default light leptons (electrons + muons) in every event.
@register
def ref_n_leptons_default(ev, sample):
    return per_event(ev, ak.num(_light_leptons(ev)))


def _leading_dilepton(ev: dict[str, Any], charge: str, same_flavour: bool) -> Result:
    lep = _light_leptons(ev)
    mask = ak.num(lep) >= 2
    padded = ak.pad_none(lep, 2, axis=1)
    a, b = padded[:, 0], padded[:, 1]
    if charge == "os":
        mask = mask & ak.fill_none(a.charge != b.charge, False)
    if same_flavour:
        mask = mask & ak.fill_none(a.flav == b.flav, False)
    return per_event(ev, pair_mass(a[mask], b[mask]), mask)


# Mass of the two leading default light leptons, opposite charge (a pair not described further)
@register
def ref_dilepton_mass_leading_os(ev, sample):
    return _leading_dilepton(ev, "os", same_flavour=False)


# ... also required to be of the same flavour (a Z candidate) ...
@register
def ref_dilepton_mass_leading_os_sf(ev, sample):
    return _leading_dilepton(ev, "os", same_flavour=True)


# ... and whatever their charges ("the leading two leptons").
@register
def ref_dilepton_mass_leading_any(ev, sample):
    return _leading_dilepton(ev, "any", same_flavour=False)


# Mass of every opposite-charge pair of default muons ("muon pairs with opposite charge").
@register
def ref_mumu_mass_all_pairs_os(ev, sample):
    return per_object(ev, _pairs(sel_muons(ev), "os").m)


def _two_leading_jets(ev: dict[str, Any]) -> tuple[Any, ak.Array, ak.Array]:
    j = sel_jets(ev)
    mask = ak.num(j) >= 2
    j = j[mask]
    return mask, j[:, 0], j[:, 1]


# The two leading default jets, events with at least two: their mass ...
@register
def ref_dijet_mass_two_leading(ev, sample):
    mask, a, b = _two_leading_jets(ev)
    return per_event(ev, pair_mass(a, b), mask)


# ... |Delta eta| ...
@register
def ref_deta_two_leading_jets_abs(ev, sample):
    mask, a, b = _two_leading_jets(ev)
    return per_event(ev, abs(a.eta - b.eta), mask)


# ... |Delta phi| (in [0, pi]) ...
@register
def ref_dphi_two_leading_jets_abs(ev, sample):
    mask, a, b = _two_leading_jets(ev)
    return per_event(ev, abs(delta_phi(a.phi, b.phi)), mask)


# ... and the signed differences (leading minus second; Delta phi in [-pi, pi)).
@register
def ref_deta_two_leading_jets(ev, sample):
    mask, a, b = _two_leading_jets(ev)
    return per_event(ev, a.eta - b.eta, mask)


@register
def ref_dphi_two_leading_jets(ev, sample):
    mask, a, b = _two_leading_jets(ev)
    return per_event(ev, delta_phi(a.phi, b.phi), mask)


# Muons with pT > 20 and |eta| < 2.4 and no other requirement ...
@register
def ref_muon_pt_pt20_eta24_only(ev, sample):
    return per_object(ev, sel_muons(ev, tight=False, iso_max=None).pt)


# ... and the default muons (those two cuts plus tight ID and isolation).
@register
def ref_muon_pt_default(ev, sample):
    return per_object(ev, sel_muons(ev).pt)


# eta and phi of every default muon, and of every muon (no requirement).
@register
def ref_muon_eta_default(ev, sample):
    return per_object(ev, sel_muons(ev).eta)


@register
def ref_muon_eta_all(ev, sample):
    return per_object(ev, muons(ev).eta)


@register
def ref_muon_phi_default(ev, sample):
    return per_object(ev, sel_muons(ev).phi)


@register
def ref_muon_phi_all(ev, sample):
    return per_object(ev, muons(ev).phi)


# Dimuon mass (two leading default muons, opposite charge), events with 70 < m < 110 GeV only.
@register
def ref_dimuon_mass_default_70_110(ev, sample):
    ok, a, b = leading_pair_os(sel_muons(ev))
    m = pair_mass(a, b)
    window = (m > 70.0) & (m < 110.0)
    weights = ev["genWeight"][ok][window]
    return _np(m[window]), _np(weights)


# --- entry points -----------------------------------------------------------------------------


def reference(name: str, samples: list[str] | tuple[str, ...] = SAMPLES) -> dict[str, Result]:
    """``{sample: (values, weights)}`` of reference ``name`` on each sample."""
    fn = REFERENCES[name]
    out = {}
    for s in samples:
        values, weights = fn(load(s), s)
        values = np.asarray(values, dtype=float).ravel()
        weights = np.asarray(weights, dtype=float).ravel()
        if values.shape != weights.shape:
            raise AssertionError(f"{name}/{s}: {values.shape} values, {weights.shape} weights")
        out[s] = (values, weights)
    return out


def fill(values: np.ndarray, weights: np.ndarray, edges: list[float] | np.ndarray) -> np.ndarray:
    """Sum of weights per bin with ``hist`` semantics: bins are [lo, hi); outside is flow."""
    edges = np.asarray(edges, dtype=float)
    values = np.asarray(values, dtype=float)
    idx = np.searchsorted(edges, values, side="right") - 1
    inside = (idx >= 0) & (idx < len(edges) - 1) & np.isfinite(values)
    out = np.zeros(len(edges) - 1)
    np.add.at(out, idx[inside], np.asarray(weights, dtype=float)[inside])
    return out
