"""Parametric detector response: generator-level event -> NanoAOD-like reconstructed objects.

CMS-like resolutions and efficiencies (numbers and their motivation are in
``knowledge_base/recipes/detector_response.md``): muons (tracker curvature resolution,
identification, isolation with a pileup term), electrons (calorimeter energy resolution,
bremsstrahlung photons recovered within dR < 0.1, cut-based ID levels), AK4 jets (GenJets
smeared with a pT/eta/pileup-dependent resolution, raw pT with a pileup offset, pileup jets,
flavour, DeepJet-like b-tag score), MET from the visible sum, and trigger bits.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from chathep.generate import btag, mismodel
from chathep.generate.truth import TruthEvent

MUON_MASS = 0.10566
ELECTRON_MASS = 0.000511


@dataclass(frozen=True)
class Conditions:
    """Per-event running conditions: the pileup of this event and whether it is pseudo-data."""

    n_true_int: float
    n_pu: int
    is_data: bool


def _ptetaphi(px, py, pz):
    pt = np.hypot(px, py)
    with np.errstate(divide="ignore", invalid="ignore"):
        eta = np.arcsinh(np.where(pt > 0, pz / np.where(pt > 0, pt, 1.0), 1e4))
    return pt, eta, np.arctan2(py, px)


def _delta_r(eta1, phi1, eta2, phi2):
    """Pairwise dR matrix (len1, len2)."""
    dphi = np.mod(phi1[:, None] - phi2[None, :] + np.pi, 2 * np.pi) - np.pi
    return np.hypot(eta1[:, None] - eta2[None, :], dphi)


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
def jet_resolution(pt: np.ndarray, abseta: np.ndarray, n_pu: float) -> np.ndarray:
    """Relative jet pT resolution sqrt((N/pT)^2 + S^2/pT + C^2), N growing with pileup."""
    edges = (1.3, 2.5, 3.0)
    s = _by_bin(abseta, edges, (0.90, 1.00, 1.10, 0.95))
    c = _by_bin(abseta, edges, (0.040, 0.050, 0.080, 0.080))
    n0 = _by_bin(abseta, edges, (2.0, 2.5, 3.5, 3.0))
    noise2 = n0**2 + 0.6 * n_pu
    p = np.maximum(pt, 1.0)
    return np.sqrt(noise2 / p**2 + s**2 / p + c**2)


def jet_raw_response(abseta: np.ndarray) -> np.ndarray:
    """Calorimeter-level response before jet energy corrections."""
    return _by_bin(abseta, (1.3, 2.5, 3.0), (0.88, 0.84, 0.80, 0.82))


RHO_PER_PU = 0.52  # GeV per unit area per pileup interaction (fixedGridRhoFastjetAll)
PU_JETS_PER_PU = 0.010  # pileup jets above 15 GeV per interaction in |eta| < 4.7


def _jet_flavours(truth: TruthEvent, eta: np.ndarray, phi: np.ndarray):
    """(hadronFlavour, partonFlavour) by dR < 0.4 matching (ghost association stand-in)."""
    n = len(eta)
    had = np.zeros(n, dtype=np.int64)
    if len(truth.chad):
        had[(_delta_r(eta, phi, truth.chad[:, 0], truth.chad[:, 1]) < 0.4).any(axis=1)] = 4
    if len(truth.bhad):
        had[(_delta_r(eta, phi, truth.bhad[:, 0], truth.bhad[:, 1]) < 0.4).any(axis=1)] = 5
    part = np.zeros(n, dtype=np.int64)
    pa = truth.partons
    if len(pa) and n:
        near = _delta_r(eta, phi, pa[:, 1], pa[:, 2]) < 0.4
        aid = np.abs(pa[:, 3]).astype(np.int64)
        rank = np.where(aid == 5, 3e6, np.where(aid == 4, 2e6, 0.0)) + pa[:, 0]
        for j in range(n):
            if near[j].any():
                cand = np.flatnonzero(near[j])
                part[j] = int(pa[cand[np.argmax(rank[cand])], 3])
    return had, part


# ----------------------------------------------------------------------------- event
def reconstruct(truth: TruthEvent, cond: Conditions, rng: np.random.Generator) -> dict:
    """Reconstructed NanoAOD-like content of one event (collections as dicts of arrays)."""
    px, py, pz, e, pid = truth.fs_px, truth.fs_py, truth.fs_pz, truth.fs_e, truth.fs_pid
    apid = np.abs(pid)
    pt, eta, phi = _ptetaphi(px, py, pz)
    visible = (apid != 12) & (apid != 14) & (apid != 16)
    in_det = visible & (np.abs(eta) < 5.0)
    n_pu = cond.n_pu

    # ---------------- leptons: truth isolation and electron dressing
    lep = truth.lep_fs
    is_mu = apid[lep] == 13
    dr_all = _delta_r(eta[lep], phi[lep], eta, phi) if len(lep) else np.zeros((0, len(pt)))
    # bremsstrahlung/FSR photons within dR < 0.1 of an electron are part of the electron
    dress = (dr_all < 0.1) & (apid[None, :] == 22) & (~is_mu[:, None])
    lp = np.stack([px[lep], py[lep], pz[lep], e[lep]], axis=1) if len(lep) else np.zeros((0, 4))
    if len(lep):
        lp += dress.astype(float) @ np.stack([px, py, pz, e], axis=1)
    others = in_det[None, :] & ~dress
    if len(lep):
        others[np.arange(len(lep)), lep] = False
    iso03 = ((dr_all < 0.3) & others).astype(float) @ pt if len(lep) else np.zeros(0)
    iso04 = ((dr_all < 0.4) & others).astype(float) @ pt if len(lep) else np.zeros(0)
    lpt, leta, lphi = _ptetaphi(lp[:, 0], lp[:, 1], lp[:, 2])
    charge = np.where(pid[lep] > 0, -1, 1)
    absleta = np.abs(leta)

    # pileup residual in the isolation cone (after delta-beta / effective-area corrections)
    def pu_iso(n: int, area_frac: float) -> np.ndarray:
        mean, sigma = 0.02 * n_pu * area_frac, 0.04 * n_pu * area_frac
        return np.clip(rng.normal(mean, sigma, n), 0.0, None)

    # ---------------- muons
    m_sel = is_mu & (absleta < 2.4) & (rng.random(len(lep)) < muon_efficiency(lpt, absleta))
    mi = np.flatnonzero(m_sel)
    sig = muon_resolution(lpt[mi], absleta[mi])
    mu_pt = lpt[mi] / (1.0 + sig * rng.standard_normal(len(mi)))  # Gaussian in curvature
    mu_q = charge[mi]
    if cond.is_data:
        mu_pt = mu_pt * mismodel.muon_scale(leta[mi], mu_q)
    mu_eta = leta[mi] + rng.normal(0.0, 5e-4, len(mi))
    mu_phi = lphi[mi] + rng.normal(0.0, 5e-4, len(mi))
    mu_origin = truth.lep_origin[mi]
    prompt = (mu_origin == 1) | (mu_origin == 15)
    mu_iso04 = (iso04[mi] + pu_iso(len(mi), 1.0)) / mu_pt
    mu_iso03 = (iso03[mi] + pu_iso(len(mi), 0.5625)) / mu_pt
    u = rng.random(len(mi))
    mu_medium = u < np.where(prompt, 0.99, 0.95)
    mu_tight = mu_medium & (u < np.where(prompt, 0.975, 0.80))
    lxy = np.where(prompt, 0.0, rng.exponential(0.03, len(mi)) * rng.choice([-1, 1], len(mi)))
    mu_dxy = rng.normal(0.0, 0.0015, len(mi)) + lxy
    muons = {
        "pt": mu_pt,
        "eta": mu_eta,
        "phi": mu_phi,
        "mass": np.full(len(mi), MUON_MASS),
        "charge": mu_q,
        "pdgId": -13 * mu_q,
        "ptErr": sig * mu_pt,
        "dxy": mu_dxy,
        "dz": rng.normal(0.0, 0.004, len(mi)) + 2 * lxy,
        "pfRelIso03_all": mu_iso03,
        "pfRelIso04_all": mu_iso04,
        "looseId": np.ones(len(mi), dtype=bool),
        "mediumId": mu_medium,
        "tightId": mu_tight,
        "isGlobal": (mu_pt > 5.0) | (rng.random(len(mi)) < 0.5),
        "isTracker": np.ones(len(mi), dtype=bool),
        "isPFcand": np.ones(len(mi), dtype=bool),
        "nTrackerLayers": rng.integers(9, 18, len(mi)),
        "genPartIdx": truth.lep_gen[mi],
        "genPartFlav": mu_origin,
    }

    # ---------------- electrons
    e_sel = ~is_mu & (absleta < 2.5) & (rng.random(len(lep)) < electron_efficiency(lpt, absleta))
    ei = np.flatnonzero(e_sel)
    energy = lp[ei, 3]
    res = electron_resolution(energy, absleta[ei])
    scale = np.clip(1.0 + res * rng.standard_normal(len(ei)), 0.3, None)
    el_pt = lpt[ei] * scale
    el_iso = (iso03[ei] + pu_iso(len(ei), 0.5625)) / el_pt
    u = rng.random(len(ei))
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
    el_origin = truth.lep_origin[ei]
    u2 = rng.random(len(ei))
    el_q = charge[ei]
    electrons = {
        "pt": el_pt,
        "eta": leta[ei] + rng.normal(0.0, 5e-4, len(ei)),
        "phi": lphi[ei] + rng.normal(0.0, 5e-4, len(ei)),
        "mass": np.full(len(ei), ELECTRON_MASS),
        "charge": el_q,
        "pdgId": -11 * el_q,
        "deltaEtaSC": rng.normal(0.0, 0.003, len(ei)),
        "dxy": rng.normal(0.0, 0.002, len(ei)),
        "dz": rng.normal(0.0, 0.005, len(ei)),
        "pfRelIso03_all": el_iso,
        "cutBased": np.minimum(level, iso_cap),
        "mvaFall17V2Iso_WP90": (u2 < 0.92) & (el_iso < 0.15),
        "mvaFall17V2Iso_WP80": (u2 < 0.82) & (el_iso < 0.10),
        "genPartIdx": truth.lep_gen[ei],
        "genPartFlav": el_origin,
    }

    # ---------------- GenJets and reconstructed jets
    gj = truth.genjets
    gpt, geta, gphi = _ptetaphi(gj[:, 0], gj[:, 1], gj[:, 2])
    gmass = _mass(gj[:, 0], gj[:, 1], gj[:, 2], gj[:, 3])
    had_fl, part_fl = _jet_flavours(truth, geta, gphi)
    genjets = {
        "pt": gpt,
        "eta": geta,
        "phi": gphi,
        "mass": gmass,
        "partonFlavour": part_fl,
        "hadronFlavour": had_fl,
    }
    # the leptons (dressed) inside a GenJet are measured as leptons, the rest as hadrons
    in_jet = (
        (_delta_r(geta, gphi, leta, lphi) < 0.4)
        if len(lep) and len(gj)
        else np.zeros((len(gj), len(lep)), bool)
    )
    lep_in = in_jet.astype(float) @ lp if len(lep) else np.zeros((len(gj), 4))
    hadronic = gj - lep_in
    hpt = np.hypot(hadronic[:, 0], hadronic[:, 1])
    absgeta = np.abs(geta)
    mean_resp = np.where(had_fl == 5, 0.98, 1.0)
    sig = jet_resolution(hpt, absgeta, n_pu)
    if cond.is_data:
        sig = sig * mismodel.jer_scale_factor(geta)
    resp = np.clip(mean_resp + sig * rng.standard_normal(len(gj)), 0.05, None)
    dang = np.minimum(0.05, 0.5 / np.maximum(hpt, 1.0))
    rj = hadronic * resp[:, None] + lep_in
    jpt, jeta, jphi = _ptetaphi(rj[:, 0], rj[:, 1], rj[:, 2])
    jeta = jeta + dang * rng.standard_normal(len(gj))
    jphi = np.mod(jphi + dang * rng.standard_normal(len(gj)) + np.pi, 2 * np.pi) - np.pi
    jmass = _mass(rj[:, 0], rj[:, 1], rj[:, 2], rj[:, 3])
    lep_frac = np.divide(np.hypot(lep_in[:, 0], lep_in[:, 1]), np.maximum(jpt, 1e-9))
    keep = (jpt > 15.0) & (np.abs(jeta) < 4.7)
    delta_jets = (rj[keep, :2] - gj[keep, :2]).sum(axis=0)

    # pileup jets: no GenJet, light flavour, mostly failing the pileup ID
    n_pu_jets = rng.poisson(PU_JETS_PER_PU * n_pu)
    pu_pt = 15.0 + rng.exponential(7.0, n_pu_jets)
    pu_eta = rng.uniform(-4.7, 4.7, n_pu_jets)
    pu_phi = rng.uniform(-np.pi, np.pi, n_pu_jets)

    j_pt = np.concatenate([jpt[keep], pu_pt])
    j_eta = np.concatenate([jeta[keep], pu_eta])
    j_phi = np.concatenate([jphi[keep], pu_phi])
    j_mass = np.concatenate([jmass[keep], pu_pt * np.abs(rng.normal(0.12, 0.05, n_pu_jets))])
    j_gen = np.concatenate([np.flatnonzero(keep), np.full(n_pu_jets, -1)])
    j_had = np.concatenate([had_fl[keep], np.zeros(n_pu_jets, dtype=np.int64)])
    j_part = np.concatenate([part_fl[keep], np.zeros(n_pu_jets, dtype=np.int64)])
    j_lepfrac = np.concatenate([lep_frac[keep], np.zeros(n_pu_jets)])
    is_pu = j_gen < 0
    order = np.argsort(-j_pt, kind="stable")
    j_pt, j_eta, j_phi, j_mass = j_pt[order], j_eta[order], j_phi[order], j_mass[order]
    j_gen, j_had, j_part, j_lepfrac, is_pu = (
        j_gen[order],
        j_had[order],
        j_part[order],
        j_lepfrac[order],
        is_pu[order],
    )
    nj = len(j_pt)
    abs_jeta = np.abs(j_eta)
    rho = RHO_PER_PU * n_pu + max(0.0, rng.normal(1.0, 0.5))
    area = np.clip(rng.normal(0.50, 0.02, nj), 0.4, 0.6)
    raw_pt = j_pt * jet_raw_response(abs_jeta) + rho * area * rng.normal(1.0, 0.1, nj)
    u = rng.random(nj)
    low = j_pt < 50.0
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
        "btagDeepFlavB": btag.draw_scores(j_had, j_pt, j_eta, rng, cond.is_data),
        "jetId": np.where(j_lepfrac > 0.8, 2, 6),
        "puId": np.where(low, puid, 7),
        "genJetIdx": j_gen,
        "hadronFlavour": j_had,
        "partonFlavour": j_part,
    }
    _cross_reference(jets, muons, electrons)

    # ---------------- MET: minus the visible sum, with the measured-minus-true differences
    vis = np.array([px[in_det].sum(), py[in_det].sum()])
    d_lep = np.zeros(2)
    for coll, idx, src in ((muons, mi, lp[mi]), (electrons, ei, lp[ei])):
        if len(idx):
            reco = np.stack([coll["pt"] * np.cos(coll["phi"]), coll["pt"] * np.sin(coll["phi"])])
            d_lep += reco.sum(axis=1) - src[:, :2].sum(axis=0)
    sum_et = pt[in_det].sum()
    uncl = max(sum_et - gpt[keep].sum(), 0.0)
    sigma_u = np.sqrt(0.25 * uncl + 2.0 * n_pu)
    met = -(vis + delta_jets + d_lep) + rng.normal(0.0, sigma_u, 2)
    raw_corr = np.stack([(j_pt - raw_pt) * np.cos(j_phi), (j_pt - raw_pt) * np.sin(j_phi)])
    raw_met = met + raw_corr[:, ~is_pu].sum(axis=1)
    nu = ~visible
    gen_met = np.array([px[nu].sum(), py[nu].sum()])
    pu_sum_et = max(0.0, rng.normal(22.0 * n_pu, 3.0 * np.sqrt(n_pu + 1)))

    # ---------------- triggers
    trig = _triggers(muons, electrons, rng)
    npvs = max(1, int(rng.poisson(0.72 * n_pu)) + 1)
    scalars = {
        "MET_pt": float(np.hypot(*met)),
        "MET_phi": float(np.arctan2(met[1], met[0])),
        "MET_sumEt": float(sum_et + pu_sum_et),
        "MET_covXX": float(sigma_u**2),
        "MET_covXY": 0.0,
        "MET_covYY": float(sigma_u**2),
        "MET_significance": float((met @ met) / sigma_u**2),
        "RawMET_pt": float(np.hypot(*raw_met)),
        "RawMET_phi": float(np.arctan2(raw_met[1], raw_met[0])),
        "RawMET_sumEt": float(0.85 * sum_et + pu_sum_et),
        "GenMET_pt": float(np.hypot(*gen_met)),
        "GenMET_phi": float(np.arctan2(gen_met[1], gen_met[0])),
        "PV_npvs": npvs,
        "PV_x": float(rng.normal(0.0107, 0.0010)),
        "PV_y": float(rng.normal(0.0417, 0.0010)),
        "PV_z": float(rng.normal(0.0, 3.5)),
        "PV_ndof": float(max(4.5, rng.normal(40.0 + 2.0 * len(pt) ** 0.5, 10.0))),
        "PV_chi2": float(abs(rng.normal(1.0, 0.2))),
        "PV_npvsGood": npvs - int(rng.binomial(npvs, 0.02)),
        "fixedGridRhoFastjetAll": float(rho),
        "fixedGridRhoFastjetCentral": float(rho * rng.normal(0.95, 0.03)),
        "Pileup_nPU": int(n_pu),
        "Pileup_nTrueInt": float(cond.n_true_int),
        **trig,
        "Flag_goodVertices": True,
        "Flag_METFilters": True,
    }
    return {
        "Muon": muons,
        "Electron": electrons,
        "Jet": jets,
        "GenJet": genjets,
        "GenPart": truth.gen,
        "scalars": scalars,
    }


def _cross_reference(jets: dict, muons: dict, electrons: dict) -> None:
    """Muon_jetIdx / Electron_jetIdx and Jet_muonIdx1,2 / Jet_electronIdx1,2 (dR < 0.4)."""
    nj = len(jets["pt"])
    for coll, prefix in ((muons, "muon"), (electrons, "electron")):
        nl = len(coll["pt"])
        idx1 = np.full(nj, -1, dtype=np.int64)
        idx2 = np.full(nj, -1, dtype=np.int64)
        jet_idx = np.full(nl, -1, dtype=np.int64)
        if nj and nl:
            dr = _delta_r(coll["eta"], coll["phi"], jets["eta"], jets["phi"])
            best = np.argmin(dr, axis=1)
            ok = dr[np.arange(nl), best] < 0.4
            jet_idx[ok] = best[ok]
            for lepton in np.flatnonzero(ok):
                j = best[lepton]
                if idx1[j] < 0:
                    idx1[j] = lepton
                elif idx2[j] < 0:
                    idx2[j] = lepton
        coll["jetIdx"] = jet_idx
        jets[f"{prefix}Idx1"] = idx1
        jets[f"{prefix}Idx2"] = idx2
        jets[f"n{prefix.capitalize()}s"] = (idx1 >= 0).astype(np.int64) + (idx2 >= 0)


def _turn_on(pt: np.ndarray, threshold: float, width: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(pt - threshold - 1.0) / width))


def _triggers(muons: dict, electrons: dict, rng: np.random.Generator) -> dict[str, bool]:
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

    def double(p_lead: np.ndarray, p_sub: np.ndarray) -> bool:
        """A leading leg and a trailing leg fired by two different objects."""
        lead, sub = fired(p_lead), fired(p_sub)
        return bool(lead.any() and (sub.sum() >= 2 or (sub.sum() == 1 and (lead & ~sub).any())))

    return {
        "HLT_IsoMu24": bool(fired(p_isomu).any()),
        "HLT_Mu50": bool(fired(p_mu50).any()),
        "HLT_Ele32_WPTight_Gsf": bool(fired(p_ele).any()),
        "HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8": double(p_mu17, p_mu8),
        "HLT_Ele23_Ele12_CaloIdL_TrackIdL_IsoVL": double(p_e23, p_e12),
    }
