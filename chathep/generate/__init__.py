"""Open-data-like samples: Pythia 8 events, a parametric CMS-like detector, NanoAOD output.

The real CMS extracts shipped with ChatHEP hold 40-200 events; this package produces
realistic statistics (Drell-Yan, ttbar, W+jets, dibosons and the ZH/WH, H->bb signal at
13 TeV) plus pseudo-data with a documented, correctable mismodelling. Entry point:
:func:`generate_samples`.

The names below are imported on first use (PEP 562): importing one submodule (say
``chathep.generate.btag``) does not load the generator, and the submodules' imports of their
siblings never run through this package's namespace (no import cycle).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # for type checkers and IDEs; at run time see __getattr__
    from chathep.generate.mismodel import correct_muon_pt, muon_scale
    from chathep.generate.processes import PROCESSES, Process
    from chathep.generate.runner import generate_samples

#: Public name -> the submodule that defines it.
_EXPORTS = {
    "PROCESSES": "processes",
    "Process": "processes",
    "correct_muon_pt": "mismodel",
    "generate_samples": "runner",
    "muon_scale": "mismodel",
}

__all__ = ["PROCESSES", "Process", "correct_muon_pt", "generate_samples", "muon_scale"]


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip __getattr__
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
