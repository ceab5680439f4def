"""The documented differences between the pseudo-data and the simulation.

The pseudo-data are generated like the simulation (other seeds) with two deliberate
"detector" differences, so that calibrations have something real to correct:

1. the muon momentum scale is off in |eta| bins, plus a small charge-antisymmetric part
   (``pT_data = pT_true_reco * s(|eta|, q)``), see :data:`MUON_SCALE_BINS`;
2. the pileup profile is different (:data:`chathep.generate.pileup.DATA_PILEUP`).

The recipe ``knowledge_base/recipes/muon_scale_pseudodata.md`` documents both with the same
numbers; :func:`correct_muon_pt` is that recipe in code.
"""

from __future__ import annotations

import numpy as np

#: (|eta| upper edge, scale offset a) for the muon momentum scale of the pseudo-data.
MUON_SCALE_BINS: tuple[tuple[float, float], ...] = (
    (1.2, 0.005),  # barrel: +0.5 %
    (2.1, 0.010),  # overlap / endcap: +1.0 %
    (2.4, 0.015),  # forward endcap: +1.5 %
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
