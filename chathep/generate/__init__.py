"""Open-data-like samples: Pythia 8 events, a parametric CMS-like detector, NanoAOD output.

The real CMS extracts shipped with ChatHEP hold 40-200 events; this package produces
realistic statistics (Drell-Yan, ttbar, W+jets, dibosons and the ZH/WH, H->bb signal at
13 TeV) plus pseudo-data with a documented, correctable mismodelling. Entry point:
:func:`generate_samples`.
"""

from chathep.generate.mismodel import correct_muon_pt, muon_scale
from chathep.generate.processes import PROCESSES, Process
from chathep.generate.runner import generate_samples

__all__ = ["PROCESSES", "Process", "correct_muon_pt", "generate_samples", "muon_scale"]
