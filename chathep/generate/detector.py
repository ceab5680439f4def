"""Parametric detector response: generator-level events -> NanoAOD-like reconstructed objects.

CMS-like resolutions and efficiencies (numbers and their motivation are in
``knowledge_base/recipes/detector_response.md``): muons (tracker curvature resolution,
identification, isolation with a pileup term), electrons (calorimeter energy resolution,
bremsstrahlung photons recovered within dR < 0.1, cut-based ID levels), AK4 jets (GenJets
smeared with a pT/eta/pileup-dependent resolution, raw pT with a pileup offset, pileup jets,
flavour, DeepJet-like b-tag score), MET from the visible sum, and trigger bits.

The response is computed for a whole batch of events at once: every collection is a flat
array of all its objects plus the number per event (``counts``), and per-event quantities
(pileup, rho, MET) are broadcast to the objects with the event index of each object.
"""

from __future__ import annotations

import numpy as np

from chathep.generate import btag, mismodel
from chathep.generate.truth import TruthBatch

MUON_MASS = 0.10566
ELECTRON_MASS = 0.000511


# ------------------------------------------------------------------- jagged helpers
def _offsets(counts: np.ndarray) -> np.ndarray:
    out = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(counts, out=out[1:])
    return out


def _event_index(counts: np.ndarray) -> np.ndarray:
    """The event each object belongs to, for objects stored event after event."""
    return np.repeat(np.arange(len(counts)), counts)


def _pairs(counts_a: np.ndarray, counts_b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flat indices (a, b) of every pair of an A and a B object in the same event.

    Pairs are ordered by event, then by A, then by B.
    """
    n_pairs = counts_a * counts_b
    ev = _event_index(n_pairs)
    k = np.arange(len(ev)) - _offsets(n_pairs)[:-1][ev]  # pair number within its event
    nb = np.maximum(counts_b[ev], 1)
    first_a, first_b = _offsets(counts_a)[:-1][ev], _offsets(counts_b)[:-1][ev]
    return first_a + k // nb, first_b + k % nb


def _per_event(values: np.ndarray, ev: np.ndarray, n: int) -> np.ndarray:
    """Sum of ``values`` (one per object) in each of ``n`` events."""
    return np.bincount(ev, weights=values, minlength=n)


def _first_in_group(group: np.ndarray) -> np.ndarray:
    """Mask of the first element of each run of equal values in a sorted array."""
    first = np.ones(len(group), dtype=bool)
    first[1:] = group[1:] != group[:-1]
    return first


def _rank_in_group(group: np.ndarray) -> np.ndarray:
    """0, 1, 2, ... within each run of equal values of a sorted array."""
    pos = np.arange(len(group))
    start = np.maximum.accumulate(np.where(_first_in_group(group), pos, 0))
    return pos - start


def _ptetaphi(px, py, pz):
    pt = np.hypot(px, py)
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.arcsinh(np.where(pt > 0, pz / np.where(pt > 0, pt, 1.0), 1e4))
    return pt, eta, np.arctan2(py, px)


def _delta_r(eta1, phi1, eta2, phi2):
    """dR of pairs of objects (arrays of the same length)."""
    dphi = np.mod(phi1 - phi2 + np.pi, 2 * np.pi) - np.pi
    return np.hypot(eta1 - eta2, dphi)


def _by_bin(x: np.ndarray, edges: tuple[float, ...], values: tuple[float, ...]) -> np.ndarray:
    """values[k] for edges[k-1] <= x < edges[k], the last value beyond (a cheap np.select)."""
    return np.asarray(values)[np.searchsorted(edges, x, side="right")]


def _mass(px, py, pz, e):
    return np.sqrt(np.clip(e**2 - px**2 - py**2 - pz**2, 0.0, None))


# ----------------------------------------------------------------------------- muons
def muon_resolution(pt: np.ndarray, abseta: np.ndarray) -> np.ndarray:
    """Relative pT resolution: constant (multiple scattering) + linear in pT (curvature)."""
    c0 = _by_bin(abseta, (0.9, 1.2, 2.1), (0.009, 0.013, 0.017, 0.022))
    c1 = _by_bin(abseta, (0.9, 1.2), (5e-5, 8e-5, 1.0e-4))
    return np.hypot(c0, c1 * pt)


def muon_efficiency(pt: np.ndarray, abseta: np.ndarray) -> np.ndarray:
    """Reconstruction x loose-ID efficiency (plateau 99 %, lower at very low pT and |eta|~0.25)."""
    eff = 0.99 - 0.35 * np.exp(-(pt - 3.0) / 2.5)
    return np.where((abseta > 0.2) & (abseta < 0.3), eff * 0.97, eff)


# ------------------------------------------------------------------------- electrons
def electron_resolution(energy: np.ndarray, abseta: np.ndarray) -> np.ndarray:
    """Relative energy resolution S/sqrt(E) + N/E + C (ECAL barrel / endcap)."""
    barrel = abseta < 1.479
    s = np.where(barrel, 0.03, 0.05)
    n = np.where(barrel, 0.12, 0.25)
    c = np.where(barrel, 0.007, 0.015)
    e = np.maximum(energy, 1.0)
    return np.sqrt((s / np.sqrt(e)) ** 2 + (n / e) ** 2 + c**2)


def electron_efficiency(pt: np.ndarray, abseta: np.ndarray) -> np.ndarray:
    """Reconstruction efficiency (plateau 96 %, halved in the barrel-endcap gap)."""
    eff = 0.96 - 0.6 * np.exp(-(pt - 5.0) / 6.0)
    return np.where((abseta > 1.4442) & (abseta < 1.566), 0.5 * eff, eff)


# ------------------------------------------------------------------------------ jets
#: The jet pT resolution per |eta| region (upper edges; the last value beyond them): stochastic
#: term S (GeV^1/2), constant term C, noise N0 (GeV) without pileup, and the noise^2 each pileup
#: interaction adds (GeV^2). chathep.generate.jer writes the same function as correctionlib JSON.
JET_RES_ETA_EDGES = (1.3, 2.5, 3.0)
JET_RES_S = (0.90, 1.00, 1.10, 0.95)
JET_RES_C = (0.040, 0.050, 0.080, 0.080)
JET_RES_N0 = (2.0, 2.5, 3.5, 3.0)
JET_RES_NOISE2_PER_PU = 0.6


def jet_resolution(pt: np.ndarray, abseta: np.ndarray, n_pu) -> np.ndarray:
    """Relative jet pT resolution sqrt((N/pT)^2 + S^2/pT + C^2), N growing with pileup."""
    edges = JET_RES_ETA_EDGES
    s = _by_bin(abseta, edges, JET_RES_S)
    c = _by_bin(abseta, edges, JET_RES_C)
    n0 = _by_bin(abseta, edges, JET_RES_N0)
    noise2 = n0**2 + JET_RES_NOISE2_PER_PU * n_pu
    p = np.maximum(pt, 1.0)
    return np.sqrt(noise2 / p**2 + s**2 / p + c**2)


def jet_raw_response(abseta: np.ndarray) -> np.ndarray:
    """Calorimeter-level response before jet energy corrections."""
    return _by_bin(abseta, (1.3, 2.5, 3.0), (0.88, 0.84, 0.80, 0.82))


RHO_PER_PU = 0.52  # GeV per unit area per pileup interaction (fixedGridRhoFastjetAll)
#: rho = RHO_PER_PU x (pileup interactions) + max(0, N(RHO_OFFSET, RHO_OFFSET_WIDTH)) (the
#: underlying event): its mean is RHO_OFFSET within 0.5 %
RHO_OFFSET, RHO_OFFSET_WIDTH = 1.0, 0.5
PU_JETS_PER_PU = 0.010  # pileup jets above 15 GeV per interaction in |eta| < 4.7


def _jet_flavours(truth: TruthBatch, eta: np.ndarray, phi: np.ndarray):
    """(hadronFlavour, partonFlavour) of the GenJets by dR < 0.4 matching (ghost stand-in)."""
    n = len(eta)
    had = np.zeros(n, dtype=np.int64)
    for hadrons, counts, flavour in (
        (truth.chad, truth.chad_counts, 4),
        (truth.bhad, truth.bhad_counts, 5),
    ):
        if len(hadrons) and n:
            ij, ih = _pairs(truth.jet_counts, counts)
            near = _delta_r(eta[ij], phi[ij], hadrons[ih, 0], hadrons[ih, 1]) < 0.4
            had[ij[near]] = flavour  # b (set last) wins over c
    part = np.zeros(n, dtype=np.int64)
    pa = truth.partons
    if len(pa) and n:
        ij, ip = _pairs(truth.jet_counts, truth.part_counts)
        near = _delta_r(eta[ij], phi[ij], pa[ip, 1], pa[ip, 2]) < 0.4
        ij, ip = ij[near], ip[near]
        aid = np.abs(pa[ip, 3]).astype(np.int64)
        rank = np.where(aid == 5, 3e6, np.where(aid == 4, 2e6, 0.0)) + pa[ip, 0]
        order = np.lexsort((-rank, ij))  # per jet, the highest-ranked parton first
        best = _first_in_group(ij[order])
        part[ij[order][best]] = pa[ip[order][best], 3].astype(np.int64)
    return had, part


# ----------------------------------------------------------------------------- events
def reconstruct(
    truth: TruthBatch,
    n_true_int: np.ndarray,
    n_pu: np.ndarray,
    is_data: bool,
    rng: np.random.Generator,
) -> dict:
    """Reconstructed NanoAOD-like content of a batch of events.

    ``n_true_int`` and ``n_pu`` are the pileup of each event. Returns, per collection,
    ``(counts, columns)`` with flat columns, and ``"scalars"``: per-event arrays.
    """
    n = truth.n
    n_pu = np.asarray(n_pu, dtype=np.int64)

    # ---------------- leptons (electrons dressed, truth isolation from the generator record)
    lep_ev = _event_index(truth.lep_counts)
    lp = truth.lep_p4
    n_lep = len(lp)
    lpt, leta, lphi = _ptetaphi(lp[:, 0], lp[:, 1], lp[:, 2])
    is_mu = np.abs(truth.lep_pid) == 13
    charge = np.where(truth.lep_pid > 0, -1, 1)
    absleta = np.abs(leta)
    iso03, iso04 = truth.lep_iso[:, 0], truth.lep_iso[:, 1]

    # pileup residual in the isolation cone (after delta-beta / effective-area corrections)
    def pu_iso(pu: np.ndarray, area_frac: float) -> np.ndarray:
        return np.clip(rng.normal(0.02 * pu * area_frac, 0.04 * pu * area_frac), 0.0, None)

    # ---------------- muons
    m_sel = is_mu & (absleta < 2.4) & (rng.random(n_lep) < muon_efficiency(lpt, absleta))
    mi = np.flatnonzero(m_sel)
    nm = len(mi)
    mu_ev = lep_ev[mi]
    sig = muon_resolution(lpt[mi], absleta[mi])
    mu_pt = lpt[mi] / (1.0 + sig * rng.standard_normal(nm))  # Gaussian in curvature
    mu_q = charge[mi]
    if is_data:
        mu_pt = mu_pt * mismodel.muon_scale(leta[mi], mu_q)
    mu_eta = leta[mi] + rng.normal(0.0, 5e-4, nm)
    mu_phi = lphi[mi] + rng.normal(0.0, 5e-4, nm)
    mu_origin = truth.lep_origin[mi]
    prompt = (mu_origin == 1) | (mu_origin == 15)
    mu_iso04 = (iso04[mi] + pu_iso(n_pu[mu_ev], 1.0)) / mu_pt
    mu_iso03 = (iso03[mi] + pu_iso(n_pu[mu_ev], 0.5625)) / mu_pt
    u = rng.random(nm)
    mu_medium = u < np.where(prompt, 0.99, 0.95)
    mu_tight = mu_medium & (u < np.where(prompt, 0.975, 0.80))
    lxy = np.where(prompt, 0.0, rng.exponential(0.03, nm) * rng.choice([-1, 1], nm))
    muons = {
        "pt": mu_pt,
        "eta": mu_eta,
        "phi": mu_phi,
        "mass": np.full(nm, MUON_MASS),
        "charge": mu_q,
        "pdgId": -13 * mu_q,
        "ptErr": sig * mu_pt,
        "dxy": rng.normal(0.0, 0.0015, nm) + lxy,
        "dz": rng.normal(0.0, 0.004, nm) + 2 * lxy,
        "pfRelIso03_all": mu_iso03,
        "pfRelIso04_all": mu_iso04,
        "looseId": np.ones(nm, dtype=bool),
        "mediumId": mu_medium,
        "tightId": mu_tight,
        "isGlobal": (mu_pt > 5.0) | (rng.random(nm) < 0.5),
        "isTracker": np.ones(nm, dtype=bool),
        "isPFcand": np.ones(nm, dtype=bool),
        "nTrackerLayers": rng.integers(9, 18, nm),
        "genPartIdx": truth.lep_gen[mi],
        "genPartFlav": mu_origin,
    }
    mu_counts = np.bincount(mu_ev, minlength=n)

    # ---------------- electrons
    e_sel = ~is_mu & (absleta < 2.5) & (rng.random(n_lep) < electron_efficiency(lpt, absleta))
    ei = np.flatnonzero(e_sel)
    ne = len(ei)
    el_ev = lep_ev[ei]
    res = electron_resolution(lp[ei, 3], absleta[ei])
    el_pt = lpt[ei] * np.clip(1.0 + res * rng.standard_normal(ne), 0.3, None)
    el_iso = (iso03[ei] + pu_iso(n_pu[el_ev], 0.5625)) / el_pt
    u = rng.random(ne)
    level = (u < 0.97).astype(int) + (u < 0.93) + (u < 0.88) + (u < 0.80)
    iso_cap = np.select(
        [
            el_iso > 0.2,
            el_iso > 0.11,
            el_iso > 0.0478 + 0.506 / el_pt,
            el_iso > 0.0287 + 0.506 / el_pt,
        ],
        [0, 1, 2, 3],
        4,
    )
    u2 = rng.random(ne)
    el_q = charge[ei]
    electrons = {
        "pt": el_pt,
        "eta": leta[ei] + rng.normal(0.0, 5e-4, ne),
        "phi": lphi[ei] + rng.normal(0.0, 5e-4, ne),
        "mass": np.full(ne, ELECTRON_MASS),
        "charge": el_q,
        "pdgId": -11 * el_q,
        "deltaEtaSC": rng.normal(0.0, 0.003, ne),
        "dxy": rng.normal(0.0, 0.002, ne),
        "dz": rng.normal(0.0, 0.005, ne),
        "pfRelIso03_all": el_iso,
        "cutBased": np.minimum(level, iso_cap),
        "mvaFall17V2Iso_WP90": (u2 < 0.92) & (el_iso < 0.15),
        "mvaFall17V2Iso_WP80": (u2 < 0.82) & (el_iso < 0.10),
        "genPartIdx": truth.lep_gen[ei],
        "genPartFlav": truth.lep_origin[ei],
    }
    el_counts = np.bincount(el_ev, minlength=n)

    # ---------------- GenJets and reconstructed jets
    gj = truth.genjets
    n_gj = len(gj)
    gj_ev = _event_index(truth.jet_counts)
    gpt, geta, gphi = _ptetaphi(gj[:, 0], gj[:, 1], gj[:, 2])
    had_fl, part_fl = _jet_flavours(truth, geta, gphi)
    genjets = {
        "pt": gpt,
        "eta": geta,
        "phi": gphi,
        "mass": _mass(gj[:, 0], gj[:, 1], gj[:, 2], gj[:, 3]),
        "partonFlavour": part_fl,
        "hadronFlavour": had_fl,
    }
    # the leptons (dressed) inside a GenJet are measured as leptons, the rest as hadrons
    lep_in = np.zeros((n_gj, 4))
    if n_gj and n_lep:
        ij, il = _pairs(truth.jet_counts, truth.lep_counts)
        inside = _delta_r(geta[ij], gphi[ij], leta[il], lphi[il]) < 0.4
        np.add.at(lep_in, ij[inside], lp[il[inside]])
    hadronic = gj - lep_in
    hpt = np.hypot(hadronic[:, 0], hadronic[:, 1])
    absgeta = np.abs(geta)
    sig = jet_resolution(hpt, absgeta, n_pu[gj_ev])
    if is_data:
        sig = sig * mismodel.jer_scale_factor(geta)
    mean_resp = np.where(had_fl == 5, 0.98, 1.0)
    resp = np.clip(mean_resp + sig * rng.standard_normal(n_gj), 0.05, None)
    dang = np.minimum(0.05, 0.5 / np.maximum(hpt, 1.0))
    rj = hadronic * resp[:, None] + lep_in
    jpt, jeta, jphi = _ptetaphi(rj[:, 0], rj[:, 1], rj[:, 2])
    jeta = jeta + dang * rng.standard_normal(n_gj)
    jphi = np.mod(jphi + dang * rng.standard_normal(n_gj) + np.pi, 2 * np.pi) - np.pi
    jmass = _mass(rj[:, 0], rj[:, 1], rj[:, 2], rj[:, 3])
    lep_frac = np.hypot(lep_in[:, 0], lep_in[:, 1]) / np.maximum(jpt, 1e-9)
    keep = (jpt > 15.0) & (np.abs(jeta) < 4.7)
    delta_jets = np.stack(
        [_per_event((rj[:, k] - gj[:, k]) * keep, gj_ev, n) for k in (0, 1)], axis=1
    )

    # pileup jets: no GenJet, light flavour, mostly failing the pileup ID
    n_pu_jets = rng.poisson(PU_JETS_PER_PU * n_pu)
    n_puj = int(n_pu_jets.sum())
    pu_pt = 15.0 + rng.exponential(7.0, n_puj)
    pu_eta = rng.uniform(-4.7, 4.7, n_puj)
    pu_phi = rng.uniform(-np.pi, np.pi, n_puj)
    pu_mass = pu_pt * np.abs(rng.normal(0.12, 0.05, n_puj))

    ki = np.flatnonzero(keep)
    j_ev = np.concatenate([gj_ev[ki], _event_index(n_pu_jets)])
    j_pt = np.concatenate([jpt[ki], pu_pt])
    order = np.lexsort((-j_pt, j_ev))  # per event, by falling pT (stable: real jets first)
    j_ev, j_pt = j_ev[order], j_pt[order]
    j_eta = np.concatenate([jeta[ki], pu_eta])[order]
    j_phi = np.concatenate([jphi[ki], pu_phi])[order]
    j_mass = np.concatenate([jmass[ki], pu_mass])[order]
    gen_local = ki - _offsets(truth.jet_counts)[:-1][gj_ev[ki]]
    j_gen = np.concatenate([gen_local, np.full(n_puj, -1)])[order]
    j_had = np.concatenate([had_fl[ki], np.zeros(n_puj, dtype=np.int64)])[order]
    j_part = np.concatenate([part_fl[ki], np.zeros(n_puj, dtype=np.int64)])[order]
    j_lepfrac = np.concatenate([lep_frac[ki], np.zeros(n_puj)])[order]
    is_pu = j_gen < 0
    jet_counts = np.bincount(j_ev, minlength=n)
    nj = len(j_pt)
    rho = RHO_PER_PU * n_pu + np.maximum(0.0, rng.normal(RHO_OFFSET, RHO_OFFSET_WIDTH, n))
    area = np.clip(rng.normal(0.50, 0.02, nj), 0.4, 0.6)
    raw_pt = j_pt * jet_raw_response(np.abs(j_eta)) + rho[j_ev] * area * rng.normal(1.0, 0.1, nj)
    u = rng.random(nj)
    pass_tight = np.where(is_pu, 0.05, 0.85)
    pass_medium = np.where(is_pu, 0.10, 0.90)
    pass_loose = np.where(is_pu, 0.20, 0.96)
    puid = np.select([u < pass_tight, u < pass_medium, u < pass_loose], [7, 6, 4], 0)
    jets = {
        "pt": j_pt,
        "eta": j_eta,
        "phi": j_phi,
        "mass": j_mass,
        "area": area,
        "rawFactor": 1.0 - raw_pt / j_pt,
        "btagDeepFlavB": btag.draw_scores(j_had, j_pt, j_eta, rng, is_data),
        "jetId": np.where(j_lepfrac > 0.8, 2, 6),
        "puId": np.where(j_pt < 50.0, puid, 7),
        "genJetIdx": j_gen,
        "hadronFlavour": j_had,
        "partonFlavour": j_part,
    }
    _cross_reference(
        jets, jet_counts, ((muons, mu_counts, "muon"), (electrons, el_counts, "electron"))
    )

    # ---------------- MET: minus the visible sum, with the measured-minus-true differences
    vis = truth.vis[:, :2]
    sum_et = truth.vis[:, 2]
    d_lep = np.zeros((n, 2))
    for coll, idx, ev in ((muons, mi, mu_ev), (electrons, ei, el_ev)):
        for k, trig in ((0, np.cos), (1, np.sin)):
            d_lep[:, k] += _per_event(coll["pt"] * trig(coll["phi"]) - lp[idx, k], ev, n)
    uncl = np.maximum(sum_et - _per_event(gpt * keep, gj_ev, n), 0.0)
    sigma_u = np.sqrt(0.25 * uncl + 2.0 * n_pu)
    met = -(vis + delta_jets + d_lep) + rng.normal(0.0, 1.0, (n, 2)) * sigma_u[:, None]
    real = ~is_pu
    raw_met = met + np.stack(
        [_per_event((j_pt - raw_pt) * trig(j_phi) * real, j_ev, n) for trig in (np.cos, np.sin)],
        axis=1,
    )
    gen_met = truth.nu_sum
    pu_sum_et = np.maximum(0.0, rng.normal(22.0 * n_pu, 3.0 * np.sqrt(n_pu + 1)))

    # ---------------- triggers, vertices
    trig = _triggers(muons, mu_ev, electrons, el_ev, n, rng)
    npvs = rng.poisson(0.72 * n_pu) + 1
    sigma_u2 = np.maximum(sigma_u**2, 1e-12)
    scalars = {
        "MET_pt": np.hypot(met[:, 0], met[:, 1]),
        "MET_phi": np.arctan2(met[:, 1], met[:, 0]),
        "MET_sumEt": sum_et + pu_sum_et,
        "MET_covXX": sigma_u**2,
        "MET_covXY": np.zeros(n),
        "MET_covYY": sigma_u**2,
        "MET_significance": (met**2).sum(axis=1) / sigma_u2,
        "RawMET_pt": np.hypot(raw_met[:, 0], raw_met[:, 1]),
        "RawMET_phi": np.arctan2(raw_met[:, 1], raw_met[:, 0]),
        "RawMET_sumEt": 0.85 * sum_et + pu_sum_et,
        "GenMET_pt": np.hypot(gen_met[:, 0], gen_met[:, 1]),
        "GenMET_phi": np.arctan2(gen_met[:, 1], gen_met[:, 0]),
        "PV_npvs": npvs,
        "PV_x": rng.normal(0.0107, 0.0010, n),
        "PV_y": rng.normal(0.0417, 0.0010, n),
        "PV_z": rng.normal(0.0, 3.5, n),
        "PV_ndof": np.maximum(4.5, rng.normal(40.0 + 2.0 * np.sqrt(truth.n_fs), 10.0)),
        "PV_chi2": np.abs(rng.normal(1.0, 0.2, n)),
        "PV_npvsGood": npvs - rng.binomial(npvs, 0.02),
        "fixedGridRhoFastjetAll": rho,
        "fixedGridRhoFastjetCentral": rho * rng.normal(0.95, 0.03, n),
        "Pileup_nPU": n_pu,
        "Pileup_nTrueInt": np.asarray(n_true_int, dtype=np.float64),
        **trig,
        "Flag_goodVertices": np.ones(n, dtype=bool),
        "Flag_METFilters": np.ones(n, dtype=bool),
    }
    return {
        "Muon": (mu_counts, muons),
        "Electron": (el_counts, electrons),
        "Jet": (jet_counts, jets),
        "GenJet": (truth.jet_counts, genjets),
        "GenPart": (truth.gen_counts, truth.gen),
        "scalars": scalars,
    }


def _cross_reference(jets: dict, jet_counts: np.ndarray, leptons) -> None:
    """Muon_jetIdx / Electron_jetIdx and Jet_muonIdx1,2 / Jet_electronIdx1,2 (dR < 0.4).

    Each lepton points to its closest jet within dR < 0.4; a jet lists the first two leptons
    (in collection order) that point to it.
    """
    nj = len(jets["pt"])
    jet_start = _offsets(jet_counts)[:-1]
    for coll, counts, prefix in leptons:
        nl = len(coll["pt"])
        idx1 = np.full(nj, -1, dtype=np.int64)
        idx2 = np.full(nj, -1, dtype=np.int64)
        jet_idx = np.full(nl, -1, dtype=np.int64)
        if nj and nl:
            il, ij = _pairs(counts, jet_counts)
            dr = _delta_r(coll["eta"][il], coll["phi"][il], jets["eta"][ij], jets["phi"][ij])
            order = np.lexsort((dr, il))  # per lepton, the closest jet first (ties: lower index)
            first = _first_in_group(il[order])
            lep, jet, d = il[order][first], ij[order][first], dr[order][first]
            ok = d < 0.4
            lep, jet = lep[ok], jet[ok]
            ev = _event_index(counts)[lep]
            jet_idx[lep] = jet - jet_start[ev]
            lep_local = lep - _offsets(counts)[:-1][ev]
            order = np.lexsort((lep, jet))
            jet, lep_local = jet[order], lep_local[order]
            rank = _rank_in_group(jet)
            idx1[jet[rank == 0]] = lep_local[rank == 0]
            idx2[jet[rank == 1]] = lep_local[rank == 1]
        coll["jetIdx"] = jet_idx
        jets[f"{prefix}Idx1"] = idx1
        jets[f"{prefix}Idx2"] = idx2
        jets[f"n{prefix.capitalize()}s"] = (idx1 >= 0).astype(np.int64) + (idx2 >= 0)


def _turn_on(pt: np.ndarray, threshold: float, width: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(pt - threshold - 1.0) / width))


def _triggers(
    muons: dict, mu_ev: np.ndarray, electrons: dict, el_ev: np.ndarray, n: int, rng
) -> dict[str, np.ndarray]:
    """HLT bits emulated from the offline objects with plateau efficiencies and turn-ons."""
    mpt, meta, miso = muons["pt"], np.abs(muons["eta"]), muons["pfRelIso04_all"]
    plateau_mu = _by_bin(meta, (0.9, 1.2), (0.95, 0.92, 0.90))
    p_isomu = plateau_mu * _turn_on(mpt, 24.0) * (miso < 0.4)
    p_mu50 = plateau_mu * _turn_on(mpt, 50.0, 2.0)
    ept, eeta = electrons["pt"], np.abs(electrons["eta"])
    plateau_el = np.where(eeta < 1.479, 0.93, 0.88) * (electrons["cutBased"] >= 2)
    p_ele = plateau_el * _turn_on(ept, 32.0)
    p_mu17 = 0.97 * _turn_on(mpt, 17.0) * (miso < 0.4)
    p_mu8 = 0.97 * _turn_on(mpt, 8.0) * (miso < 0.4)
    p_e23 = 0.975 * _turn_on(ept, 23.0) * (electrons["cutBased"] >= 1)
    p_e12 = 0.975 * _turn_on(ept, 12.0) * (electrons["cutBased"] >= 1)

    def fired(p: np.ndarray) -> np.ndarray:
        return rng.random(len(p)) < p

    def count(mask: np.ndarray, ev: np.ndarray) -> np.ndarray:
        return np.bincount(ev[mask], minlength=n)

    def single(p: np.ndarray, ev: np.ndarray) -> np.ndarray:
        return count(fired(p), ev) > 0

    def double(p_lead: np.ndarray, p_sub: np.ndarray, ev: np.ndarray) -> np.ndarray:
        """A leading leg and a trailing leg fired by two different objects."""
        lead, sub = fired(p_lead), fired(p_sub)
        n_sub = count(sub, ev)
        return (count(lead, ev) > 0) & (
            (n_sub >= 2) | ((n_sub == 1) & (count(lead & ~sub, ev) > 0))
        )

    return {
        "HLT_IsoMu24": single(p_isomu, mu_ev),
        "HLT_Mu50": single(p_mu50, mu_ev),
        "HLT_Ele32_WPTight_Gsf": single(p_ele, el_ev),
        "HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8": double(p_mu17, p_mu8, mu_ev),
        "HLT_Ele23_Ele12_CaloIdL_TrackIdL_IsoVL": double(p_e23, p_e12, el_ev),
    }
