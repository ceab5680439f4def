"""A DeepJet-like b-tag discriminant (``Jet_btagDeepFlavB``) from the jet's true flavour.

The score is drawn from a flavour-dependent distribution whose survival function at the 2018
DeepJet working points (loose/medium/tight = 0.0490/0.2783/0.7100) is the tagging efficiency
of the table below. Between working points the score is spread smoothly, so any threshold
gives a monotonic efficiency. Efficiencies fall mildly in the endcap and at high pT, and the
light mistag rate rises with pT, as for the real tagger.
"""

from __future__ import annotations

import numpy as np

from chathep.generate import mismodel

#: 2018 DeepJet (DeepFlavour) working points: loose, medium, tight.
WORKING_POINTS: tuple[float, float, float] = (0.0490, 0.2783, 0.7100)

#: Efficiency at (loose, medium, tight) for central (|eta| < 1.5), 30 < pT < 150 GeV jets.
EFFICIENCY: dict[int, tuple[float, float, float]] = {
    5: (0.85, 0.75, 0.60),  # b (hadronFlavour 5)
    4: (0.40, 0.13, 0.030),  # c (hadronFlavour 4)
    0: (0.10, 0.012, 0.0015),  # light (udsg, hadronFlavour 0)
}
#: Outside the tracker (|eta| > 2.5) there is no b tagging: every flavour looks like this.
NO_TRACKS: tuple[float, float, float] = (0.02, 0.001, 0.0001)

_EDGES = np.array([0.0, *WORKING_POINTS, 1.0])


def efficiency_factor(flavour: np.ndarray, pt: np.ndarray, abseta: np.ndarray) -> np.ndarray:
    """Multiplicative pT/eta dependence of the tagging probability (1 at the reference point)."""
    heavy = flavour > 0
    f = np.ones_like(pt)
    f = np.where(abseta > 1.5, f * np.where(heavy, 0.93, 1.3), f)
    f = np.where(pt < 30.0, f * np.where(heavy, 0.92, 1.1), f)
    high = np.clip(pt - 150.0, 0.0, None)
    f = np.where(heavy, f * np.clip(1.0 - 6.0e-4 * high, 0.7, 1.0), f * (1.0 + 3.0e-3 * high))
    return f


def survival(
    flavour: np.ndarray, pt: np.ndarray, eta: np.ndarray, is_data: bool = False
) -> np.ndarray:
    """(n, 5) survival probabilities at score 0, loose, medium, tight, 1 for each jet.

    For pseudo-data the efficiencies are multiplied by the 2018 DeepJet data/MC scale factors
    (:func:`chathep.generate.mismodel.btag_scale_factors`).
    """
    flavour = np.asarray(flavour)
    abseta = np.abs(np.asarray(eta))
    eff = np.empty((len(flavour), 3))
    for fl in (5, 4, 0):
        eff[flavour == fl] = EFFICIENCY[fl]
    eff *= efficiency_factor(flavour, np.asarray(pt), abseta)[:, None]
    if is_data:
        eff *= mismodel.btag_scale_factors(flavour, pt)
    eff[abseta > 2.5] = NO_TRACKS
    eff = np.clip(eff, 1e-6, 0.999)
    eff = np.minimum.accumulate(eff, axis=1)  # keep loose >= medium >= tight
    ones = np.ones((len(flavour), 1))
    return np.hstack([ones, eff, 0.0 * ones])


def draw_scores(
    flavour: np.ndarray,
    pt: np.ndarray,
    eta: np.ndarray,
    rng: np.random.Generator,
    is_data: bool = False,
) -> np.ndarray:
    """Draw one discriminant value in [0, 1] per jet."""
    n = len(flavour)
    if n == 0:
        return np.zeros(0)
    surv = survival(flavour, pt, eta, is_data)
    u = rng.random(n)
    # interval k: surv[k] >= u > surv[k+1]
    k = np.clip((surv[:, 1:] >= u[:, None]).sum(axis=1), 0, 3)
    hi, lo = surv[np.arange(n), k], surv[np.arange(n), k + 1]
    v = np.clip((hi - u) / np.maximum(hi - lo, 1e-12), 0.0, 1.0)
    # shape inside an interval: pile up near 0 in the lowest one, near 1 in the highest one
    g = np.where(k == 0, v**3, np.where(k == 3, 1.0 - (1.0 - v) ** 3, v))
    return _EDGES[k] + (_EDGES[k + 1] - _EDGES[k]) * g
