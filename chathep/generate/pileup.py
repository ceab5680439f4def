"""Pileup profiles of the simulation and of the pseudo-data.

The simulation draws the true mean number of interactions (``Pileup_nTrueInt``) from a
broad 2018-like profile and the pseudo-data from a different, narrower one at higher mean;
reweighting the simulation in ``Pileup_nTrueInt`` with the ratio of the two profiles (written
next to the samples) is the correction, exactly as with the CMS pileup histograms.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

N_BINS = 100  # profile histograms: 100 bins of width 1 on [0, 100), as CMS uses (99/100 bins)


@dataclass(frozen=True)
class PileupProfile:
    """A Gamma-distributed true pileup mean (shape k, scale theta), truncated to [0, 100)."""

    mean: float
    std: float

    @property
    def shape(self) -> float:
        return (self.mean / self.std) ** 2

    @property
    def scale(self) -> float:
        return self.std**2 / self.mean

    def sample(self, rng: np.random.Generator, size: int) -> np.ndarray:
        """True pileup means (float) for ``size`` events (the numbers scipy.stats.gamma draws)."""
        out = rng.standard_gamma(self.shape, size) * self.scale
        return np.clip(out, 0.0, N_BINS - 1e-3)

    def histogram(self) -> tuple[np.ndarray, np.ndarray]:
        """Normalised probability per unit bin on [0, 100): (contents, edges)."""
        from scipy.special import gammainc  # the Gamma CDF; imported here, workers never need it

        edges = np.arange(N_BINS + 1, dtype=np.float64)
        cdf = gammainc(self.shape, edges / self.scale)
        contents = np.diff(cdf)
        return contents / contents.sum(), edges


MC_PILEUP = PileupProfile(mean=32.0, std=13.0)
DATA_PILEUP = PileupProfile(mean=36.0, std=11.0)


def pileup_weights() -> tuple[np.ndarray, np.ndarray]:
    """Per-bin weight data/MC in nTrueInt (what a pileup reweighting derives): (weights, edges)."""
    data, edges = DATA_PILEUP.histogram()
    mc, _ = MC_PILEUP.histogram()
    with np.errstate(divide="ignore", invalid="ignore"):
        w = np.where(mc > 0, data / mc, 0.0)
    return w, edges
