"""A two-sample result (2018 data and DY, three bins) and a spy on what the plots draw, for
the tests of how results are drawn (tests/test_unit_area.py, tests/test_mc_to_data.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

DATA, DY = "data_2018A_doublemuon", "dy_2018"


def two_sample_result(
    info: dict[str, Any], dy: tuple[float, ...] = (2.0, 1.0, 1.0), data_overflow: float = 0.0
):
    """Data 6, 3, 1 and DY ``dy`` in 0-50-100-150 (weighted: sum of weights), with ``info``
    (the histogram's drawing flags) and ``data_overflow`` data entries above 150."""
    from chathep.results import result_from_dict

    edges = [0.0, 50.0, 100.0, 150.0]
    flowed = np.zeros((3, 2, len(edges) + 1))  # category axes carry an overflow bin too
    flowed[0, 0, 1:-1] = [6, 3, 1]  # data: 10 events
    flowed[1, 0, 1:-1] = dy
    flowed[0, 0, -1] = data_overflow
    return result_from_dict(
        {
            "schema": "chathep.result",
            "schema_version": 1,
            "status": "ok",
            "histograms": {
                "m": {
                    "axis_label": "$m$ [GeV]",
                    **info,
                    "plain": {
                        "datasets": [DATA, DY],
                        "systematics": ["nominal"],
                        "edges": edges,
                        "values": flowed.tolist(),
                        "variances": flowed.tolist(),
                    },
                }
            },
            "cutflow": {},
            "yields": {d: {"events": 1, "sumw": 1.0, "sumw2": 1.0} for d in (DATA, DY)},
            "corrections": {},
            "metadata": {"lumi_pb": 0.0036192},
        }
    )


def spy_drawing(monkeypatch) -> dict[str, np.ndarray]:
    """What the plots draw, first call of each: "mc" (the stacked or overlaid histograms,
    summed), "data" (the points, not the ratio's) and "band" (the MC band's full height)."""
    import chathep.plotting as plotting

    drawn: dict[str, np.ndarray] = {}
    histplot, draw_points, draw_band = (
        plotting.mh.histplot,
        plotting._draw_points,
        plotting._draw_band,
    )

    def record_histplot(values, *args, **kwargs):
        arr = np.asarray(values, dtype=float)
        drawn.setdefault("mc", (arr.sum(axis=0) if arr.ndim > 1 else arr).copy())
        return histplot(values, *args, **kwargs)

    def record_points(ax, edges, values, *args, **kwargs):
        drawn.setdefault("data", np.asarray(values, dtype=float).copy())
        return draw_points(ax, edges, values, *args, **kwargs)

    def record_band(ax, edges, low, high):
        drawn.setdefault("band", np.asarray(high, dtype=float) - np.asarray(low, dtype=float))
        return draw_band(ax, edges, low, high)

    monkeypatch.setattr(plotting.mh, "histplot", record_histplot)
    monkeypatch.setattr(plotting, "_draw_points", record_points)
    monkeypatch.setattr(plotting, "_draw_band", record_band)
    return drawn


def hand_muon_pt(path: Path, weighted: bool) -> tuple[np.ndarray, int]:
    """Counts of the selected muons' pT (40 bins, 0-200 GeV; the plan's default muons), and the
    number of events in the file, straight from the file (uproot + awkward)."""
    import awkward as ak
    import uproot

    with uproot.open(path) as f:
        branches = ["Muon_pt", "Muon_eta", "Muon_tightId", "Muon_pfRelIso04_all"]
        tree = f["Events"]
        ev = tree.arrays(branches + (["genWeight"] if weighted else []))
        n_events = int(tree.num_entries)
    good = (
        (ev.Muon_pt > 20)
        & (abs(ev.Muon_eta) < 2.4)
        & ev.Muon_tightId
        & (ev.Muon_pfRelIso04_all < 0.15)
    )
    pt = ev.Muon_pt[good]
    weight = ak.broadcast_arrays(ev.genWeight, pt)[0] if weighted else ak.ones_like(pt)
    counts, _ = np.histogram(
        ak.to_numpy(ak.flatten(pt)),
        bins=np.linspace(0.0, 200.0, 41),
        weights=ak.to_numpy(ak.flatten(weight)),
    )
    return counts, n_events
