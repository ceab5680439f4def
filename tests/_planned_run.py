"""Shared by the tests that run planned specs in the sandbox and compare them with hand-written
uproot/awkward references on the demo files (nothing from chathep in the references)."""

from __future__ import annotations

from pathlib import Path

import awkward as ak
import numpy as np
import uproot

from chathep.engine import run_spec
from chathep.planner.multiplot import merge_specs
from tests.test_physics import DATA, DY, FILES


def run_plans(plans: dict, workdir: Path, samples: tuple[str, ...] = (DATA, DY)):
    """One sandboxed run of several one-histogram plans (key -> plan) merged into one spec,
    each histogram renamed ``<name>_<key>``: (key -> histogram, the run's result)."""
    specs, hists = [], {}
    for key, plan in plans.items():
        assert plan.ok, plan.question
        (h,) = plan.spec.histograms
        h = h.model_copy(update={"name": f"{h.name}_{key}"})
        hists[key] = h
        specs.append(plan.spec.model_copy(update={"histograms": [h]}))
    merged, _ = merge_specs(specs)
    merged = merged.model_copy(update={"samples": list(samples)})
    return hists, run_spec(merged, workdir=workdir).result


def muon_jet_events(demo_data: Path, sample: str) -> ak.Array:
    """The muon and jet branches, the MET and the generator weight of a demo sample."""
    with uproot.open(demo_data / FILES[sample]) as f:
        return f["Events"].arrays(
            filter_name=["Muon_*", "Jet_*", "MET_pt", "genWeight"], library="ak"
        )


def sorted_by_pt(objs: ak.Array) -> ak.Array:
    """The objects of each event in decreasing pT."""
    return objs[ak.argsort(objs.pt, axis=1, ascending=False)]


def pairs(objs: ak.Array):
    """(mass, vector pT, first leg, second leg) of every pair of ``objs`` (in combination
    order)."""
    a, b = ak.unzip(ak.combinations(objs, 2))

    def p4(o):
        px, py = o.pt * np.cos(o.phi), o.pt * np.sin(o.phi)
        pz = o.pt * np.sinh(o.eta)
        return px, py, pz, np.sqrt(px**2 + py**2 + pz**2 + o.mass**2)

    ax, ay, az, ae = p4(a)
    bx, by, bz, be = p4(b)
    mass = np.sqrt(np.maximum((ae + be) ** 2 - (ax + bx) ** 2 - (ay + by) ** 2 - (az + bz) ** 2, 0))
    return mass, np.hypot(ax + bx, ay + by), a, b
