"""The documented differences between the pseudo-data and the simulation.

The pseudo-data are generated like the simulation (other seeds) with two deliberate
"detector" differences, so that calibrations have something real to correct:

1. the muon momentum scale is off in |eta| bins, plus a small charge-antisymmetric part
   (``pT_data = pT_true_reco * s(|eta|, q)``), see :data:`MUON_SCALE_BINS`;
2. the pileup profile is different (:data:`chathep.generate.pileup.DATA_PILEUP`);
3. the jet energy resolution is wider by the 2018 JER scale factors (:data:`JER_SF_BINS`);
4. the b-tag efficiencies differ by the 2018 DeepJet scale factors (:func:`btag_scale_factors`).

Items 3 and 4 use the central values of the real CMS files shipped with ChatHEP, so those
files (applied to the simulation, as in a real analysis) correct them.

The recipe ``knowledge_base/recipes/muon_scale_pseudodata.md`` documents them with the same
numbers; :func:`correct_muon_pt` is that recipe in code.
"""

from __future__ import annotations

import numpy as np

#: (|eta| upper edge, scale offset a) for the muon momentum scale of the pseudo-data.
MUON_SCALE_BINS: tuple[tuple[float, float], ...] = (
    (1.2, 0.008),  # barrel: +0.8 %
    (2.1, 0.012),  # overlap / endcap: +1.2 %
    (2.4, 0.016),  # forward endcap: +1.6 %
)
#: Charge-antisymmetric part: +0.3 % for mu+, -0.3 % for mu- (a sagitta-like bias).
MUON_SCALE_CHARGE = 0.003


def muon_scale(eta: np.ndarray, charge: np.ndarray) -> np.ndarray:
    """Multiplicative pT scale s(|eta|, q) applied to the muons of the pseudo-data."""
    abseta = np.abs(np.asarray(eta, dtype=np.float64))
    edges = np.array([b[0] for b in MUON_SCALE_BINS])
    offsets = np.array([b[1] for b in MUON_SCALE_BINS])
    k = np.clip(np.searchsorted(edges, abseta, side="right"), 0, len(edges) - 1)
    return 1.0 + offsets[k] + MUON_SCALE_CHARGE * np.asarray(charge, dtype=np.float64)


def correct_muon_pt(pt: np.ndarray, eta: np.ndarray, charge: np.ndarray) -> np.ndarray:
    """Calibrated pseudo-data muon pT: divide out the documented scale (works on NumPy arrays)."""
    return np.asarray(pt) / muon_scale(eta, charge)


# ---------------------------------------------------------------- jets (as in CMS 2018 data)
#: (|eta| upper edge, JER scale factor): the pseudo-data jet resolution is the simulation's
#: times these factors, the central values of the Autumn18_V7 AK4PFchs JER SFs shipped with
#: ChatHEP (Autumn18_V7_MC_SF_AK4PFchs.jersf.txt.gz), so that file corrects it.
JER_SF_BINS: tuple[tuple[float, float], ...] = (
    (0.522, 1.1639),
    (0.783, 1.1808),
    (1.131, 1.1340),
    (1.305, 1.1491),
    (1.740, 1.1432),
    (1.930, 1.1175),
    (2.043, 1.1388),
    (2.322, 1.1827),
    (2.500, 1.1755),
    (2.964, 1.1200),
    (3.139, 1.2063),
    (5.191, 1.0760),
)


def jer_scale_factor(eta: np.ndarray) -> np.ndarray:
    """Data/simulation jet resolution ratio in |eta| bins (central Autumn18 values)."""
    abseta = np.abs(np.asarray(eta, dtype=np.float64))
    edges = np.array([b[0] for b in JER_SF_BINS])
    values = np.array([b[1] for b in JER_SF_BINS])
    return values[np.clip(np.searchsorted(edges, abseta, side="right"), 0, len(edges) - 1)]


def btag_scale_factors(flavour: np.ndarray, pt: np.ndarray) -> np.ndarray:
    """(n, 3) data/simulation b-tag efficiency ratios at the loose/medium/tight working points.

    The central formulas of DeepJet_102XSF_WP_V1.btag.csv.gz (2018, "comb" for b and c jets,
    "incl" for light jets, pT clipped to 20-1000 GeV): the pseudo-data tagger has the MC
    efficiency times these factors, so the shipped scale factors correct the simulation.
    """
    x = np.clip(np.asarray(pt, dtype=np.float64), 20.0, 1000.0)
    l19, l18 = np.log(x + 19.0), np.log(x + 18.0)
    heavy = np.stack(
        [
            0.873139 + 0.00420739 * (l19 * (l18 * (3.0 - 0.380932 * l18))),
            1.0097 - 2.89663e-06 * (l19 * (l18 * (3.0 + 110.381 * l18))),
            0.818896 + 0.00682971 * (l19 * (l18 * (3.0 - 0.440998 * l18))),
        ],
        axis=1,
    )
    light = np.stack(
        [
            1.61341 - 0.000566321 * x + 1.99464e-07 * x**2 - 5.09199 / x,
            1.59373 - 0.00113028 * x + 8.66631e-07 * x**2 - 1.10505 / x,
            1.77088 - 0.00371551 * x + 5.86489e-06 * x**2 - 3.01178e-09 * x**3,
        ],
        axis=1,
    )
    return np.where((np.asarray(flavour) > 0)[:, None], heavy, light)
