"""Cross sections at the precision the LHC working groups recommend, for the generated processes.

One entry per process of :mod:`chathep.generate.processes` (a b-initiated slice uses its
parent's entry): the inclusive cross section of the calculation, the branching fraction that
turns it into the generated final state, its order, its uncertainties and its source. The
generated catalog normalises with :attr:`CrossSection.pb` instead of Pythia's leading-order
``sigmaGen()`` (kept as ``xsec_lo_pb``), and the pseudo-data are drawn with it, so the
simulation and the pseudo-data describe the same world. The table, with the provenance of every
number, is ``knowledge_base/recipes/cross_sections.md`` (tests/test_cross_sections.py checks
that the page and this module agree).

Centre-of-mass energy: the generator runs at sqrt(s) = 13 TeV (``Beams:eCM = 13000``), so
every value here is the 13 TeV one, never the 13.6 TeV (Run 3) one.

The numbers were typed from the cited documents as remembered, without network access;
each source says where to check them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

#: Every value below is for pp collisions at this energy (the generator's ``Beams:eCM``).
SQRT_S_TEV = 13.0

#: Branching fractions used to go from the inclusive cross section to the generated final
#: state. PDG 2022: B(W -> l nu) = 10.86 % per lepton flavour, B(Z -> ll) = 3.3632 % (ee),
#: 3.3662 % (mumu), 3.3696 % (tautau); LHC Higgs XS WG YR4 (arXiv:1610.07922):
#: B(H -> bb) = 0.5824 at m_H = 125.0 GeV (the generator's 25:m0).
BR_W_LNU = 3 * 0.1086
BR_Z_LL = 0.033632 + 0.033662 + 0.033696
BR_H_BB = 0.5824


@dataclass(frozen=True)
class CrossSection:
    """The recommended cross section of one generated process (its generated final state)."""

    process: str
    #: The inclusive cross section of the calculation, pb, before ``branching``
    inclusive_pb: float
    #: Branching fraction(s) to the generated final state (1: the calculation's own)
    branching: float
    #: Perturbative order of the calculation, e.g. "NNLO+NNLL QCD"
    order: str
    #: Relative QCD-scale uncertainty (up, down), both >= 0
    scale: tuple[float, float]
    #: Relative PDF + alpha_s uncertainty (symmetric)
    pdf_alphas: float
    #: The document(s) the numbers come from
    source: str
    #: What the calculation covers that the generated sample does not (or vice versa)
    note: str = ""

    @property
    def pb(self) -> float:
        """Cross section of the generated final state, pb."""
        return self.inclusive_pb * self.branching

    @property
    def uncertainty(self) -> tuple[float, float]:
        """Relative (up, down) uncertainty: scale and PDF+alpha_s added in quadrature."""
        up, down = self.scale
        return math.hypot(up, self.pdf_alphas), math.hypot(down, self.pdf_alphas)


_TOP = (
    "LHC Top Working Group, 'NNLO+NNLL top-quark-pair cross sections' (TtbarNNLO TWiki): "
    "Top++ 2.0, m_t = 172.5 GeV, sqrt(s) = 13 TeV: 831.76 +19.77 -29.20 (scale) +/- 35.06 "
    "(PDF+alpha_s) pb; M. Czakon, P. Fiedler, A. Mitov, PRL 110 (2013) 252004, "
    "arXiv:1303.6254"
)
_VH = (
    "LHC Higgs Cross Section WG, CERN Yellow Report 4, arXiv:1610.07922 (13 TeV, m_H = "
    "125.0 GeV; NNLO QCD + NLO EW); B(H -> bb) from the same report"
)
_V = (
    "CMS 'Standard Model Cross Sections for CMS at 13 TeV' summary TWiki "
    "(StandardModelCrossSectionsat13TeV), FEWZ 3.1 NNLO"
)

CROSS_SECTIONS: dict[str, CrossSection] = {
    x.process: x
    for x in (
        CrossSection(
            process="DY",
            inclusive_pb=6077.22,
            branching=1.0,
            order="NNLO QCD + NLO EW",
            scale=(0.010, 0.010),
            pdf_alphas=0.020,
            source=_V + ": DYJetsToLL_M-50, 3 x 2025.74 pb (Z/gamma* -> ll per lepton flavour, "
            "m(ll) > 50 GeV)",
            note="the uncertainties (1 % scale, 2 % PDF+alpha_s) are the rounded size stated "
            "for this calculation, not digits copied from the table",
        ),
        CrossSection(
            process="ttbar",
            inclusive_pb=831.76,
            branching=1.0,
            order="NNLO+NNLL QCD",
            scale=(19.77 / 831.76, 29.20 / 831.76),
            pdf_alphas=35.06 / 831.76,
            source=_TOP,
        ),
        CrossSection(
            process="ttbar_dilep",
            inclusive_pb=831.76,
            branching=BR_W_LNU**2,
            order="NNLO+NNLL QCD",
            scale=(19.77 / 831.76, 29.20 / 831.76),
            pdf_alphas=35.06 / 831.76,
            source=_TOP + "; x B(W -> l nu)^2 = (3 x 0.1086)^2 (PDG)",
        ),
        CrossSection(
            process="WJets",
            inclusive_pb=61526.7,
            branching=1.0,
            order="NNLO QCD",
            scale=(497.1 / 61526.7, 264.6 / 61526.7),
            pdf_alphas=2312.7 / 61526.7,
            source=_V + ": WJetsToLNu, 3 x 20508.9 pb (W -> l nu per lepton flavour), "
            "+497.1 -264.6 (scale) +/- 2312.7 (PDF) pb",
        ),
        CrossSection(
            process="VV",
            inclusive_pb=118.7 + 49.98 + 16.91,
            branching=1.0,
            order="NNLO QCD",
            # the scale uncertainties of the three, added linearly (correlated)
            scale=(
                (118.7 * 0.025 + 49.98 * 0.022 + 16.91 * 0.032) / 185.59,
                (118.7 * 0.022 + 49.98 * 0.020 + 16.91 * 0.024) / 185.59,
            ),
            pdf_alphas=0.020,
            source="WW 118.7 +2.5/-2.2 % pb: T. Gehrmann et al., PRL 113 (2014) 212001, "
            "arXiv:1408.5243; WZ 49.98 +2.2/-2.0 % pb: M. Grazzini et al., PLB 761 (2016) "
            "179, arXiv:1604.08576; ZZ 16.91 +3.2/-2.4 % pb: F. Cascioli et al., PLB 735 "
            "(2014) 311, arXiv:1405.2219",
            note="WZ and ZZ are for 66 (60) < m(ll) < 116 (120) GeV, Pythia's for its own "
            "Breit-Wigner range; PDF+alpha_s taken as 2 % (the size the three papers quote)",
        ),
        CrossSection(
            process="ZH",
            inclusive_pb=0.8839 - 0.1227,
            branching=BR_Z_LL * BR_H_BB,
            order="NNLO QCD + NLO EW",
            scale=(0.005, 0.007),
            pdf_alphas=0.019,
            source=_VH + ": sigma(pp -> ZH) = 0.8839 pb minus sigma(gg -> ZH) = 0.1227 pb; "
            "x B(Z -> ll, 3 flavours, PDG) x B(H -> bb)",
            note="quark-initiated ZH only, as generated (Pythia 8 has no gg -> ZH process); "
            "the scale uncertainty of the qq -> ZH part is taken as that of WH (both "
            "Drell-Yan-like; YR4's +3.8/-3.1 % for ZH comes from gg -> ZH)",
        ),
        CrossSection(
            process="WH",
            inclusive_pb=1.373,
            branching=BR_W_LNU * BR_H_BB,
            order="NNLO QCD + NLO EW",
            scale=(0.005, 0.007),
            pdf_alphas=0.019,
            source=_VH + ": sigma(W+H) + sigma(W-H) = 0.8400 + 0.5328 pb, +0.5/-0.7 % "
            "(scale), +/- 1.9 % (PDF+alpha_s); x B(W -> l nu, 3 flavours, PDG) x B(H -> bb)",
        ),
    )
}

#: Fraction of sigma(pp -> ZH) at 13 TeV that is gg -> ZH (YR4): not generated, see above.
GG_ZH_FRACTION = 0.1227 / 0.8839


def get(process: str) -> CrossSection | None:
    """The recommended cross section of ``process`` (None: the registry has none)."""
    return CROSS_SECTIONS.get(process)
