"""Pileup profiles of the simulation and of the pseudo-data.

The simulation draws the true mean number of interactions (``Pileup_nTrueInt``) from a
broad 2018-like profile and the pseudo-data from a different, narrower one at higher mean;
reweighting the simulation in ``Pileup_nTrueInt`` with the ratio of the two profiles (written
next to the samples) is the correction, exactly as with the CMS pileup histograms.

:func:`write_pileup_json` writes that ratio as a correctionlib JSON in the format of the CMS
LUM POG ``puWeights.json`` (inputs ``NumTrueInteractions`` and ``weights`` =
``nominal``/``up``/``down``). The up/down profiles are the data profile for a minimum-bias
cross section 4.6 % higher/lower, the CMS prescription (69.2 mb +/- 4.6 %): the true mean
number of interactions of every bunch crossing is proportional to that cross section, so the
data profile's mean and width scale by 1 +/- 0.046
(knowledge_base/recipes/pileup_reweighting.md).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from chathep.registry.corrections import PILEUP

N_BINS = 100  # profile histograms: 100 bins of width 1 on [0, 100), as CMS uses (99/100 bins)
#: Names of the profile histograms in ``pileup_profile.root``: the data one is called "pileup"
#: as in the files CMS's pileupCalc.py writes (a file format, not the correction's name)
DATA_PROFILE_HISTOGRAM = "pileup"
MC_PROFILE_HISTOGRAM = "pileup_mc"


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

    def scaled(self, factor: float) -> PileupProfile:
        """The profile with every true mean multiplied by ``factor`` (a different minimum-bias
        cross section): the mean and the width scale, the Gamma shape stays."""
        return PileupProfile(mean=self.mean * factor, std=self.std * factor)

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


#: Relative uncertainty of the minimum-bias (inelastic pp) cross section, 69.2 mb at 13 TeV
#: (CMS LUM POG): the pileup up/down variations use 69.2 mb x (1 +/- 0.046).
MINBIAS_XSEC_UNCERTAINTY = 0.046


def pileup_weight_variations() -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Per-bin data/MC weights in nTrueInt for ``nominal``, ``up`` and ``down``: (weights, edges).

    up/down: the data profile with the minimum-bias cross section 4.6 % higher/lower.
    """
    mc, edges = MC_PILEUP.histogram()
    out: dict[str, np.ndarray] = {}
    for name, factor in (
        ("nominal", 1.0),
        ("up", 1.0 + MINBIAS_XSEC_UNCERTAINTY),
        ("down", 1.0 - MINBIAS_XSEC_UNCERTAINTY),
    ):
        data, _ = DATA_PILEUP.scaled(factor).histogram()
        with np.errstate(divide="ignore", invalid="ignore"):
            out[name] = np.where(mc > 0, data / mc, 0.0)
    return out, edges


def pileup_correction_set() -> dict:
    """The correctionlib (schema v2) document of the pileup weights, as a plain dict."""
    import correctionlib.schemav2 as cs  # only the host writes it; workers never need it

    weights, edges = pileup_weight_variations()
    correction = cs.Correction(
        name=str(PILEUP.correction_key),
        description=(
            "sim13 pileup weights: pseudo-data / simulation true-pileup profile "
            f"(data Gamma mean {DATA_PILEUP.mean}, std {DATA_PILEUP.std}; simulation mean "
            f"{MC_PILEUP.mean}, std {MC_PILEUP.std}); up/down: data profile with the "
            f"minimum-bias cross section x (1 +/- {MINBIAS_XSEC_UNCERTAINTY})"
        ),
        version=1,
        inputs=[
            cs.Variable(
                name="NumTrueInteractions",
                type="real",
                description="Pileup_nTrueInt: true mean number of pileup interactions",
            ),
            cs.Variable(name="weights", type="string", description="nominal, up or down"),
        ],
        output=cs.Variable(name="weight", type="real", description="event weight for the MC"),
        data=cs.Category(
            nodetype="category",
            input="weights",
            content=[
                cs.CategoryItem(
                    key=name,
                    value=cs.Binning(
                        nodetype="binning",
                        input="NumTrueInteractions",
                        edges=[float(e) for e in edges],
                        content=[float(w) for w in values],
                        flow="clamp",
                    ),
                )
                for name, values in weights.items()
            ],
        ),
    )
    document = cs.CorrectionSet(
        schema_version=2,
        description="Pileup weights of the samples generated by `chathep data generate`",
        corrections=[correction],
    )
    return json.loads(document.model_dump_json(exclude_unset=True))


def write_pileup_json(out_dir: Path) -> Path:
    """Write the pileup weights as correctionlib JSON (``PILEUP.file``) into ``out_dir``."""
    path = Path(out_dir) / str(PILEUP.file)
    path.write_text(json.dumps(pileup_correction_set(), indent=1) + "\n")
    return path
