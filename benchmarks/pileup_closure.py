#!/usr/bin/env python
"""Pileup-reweighting closure at high statistics: <nPV> in the Z window, data vs simulation.

Generates DY simulation and DY pseudo-data (``chathep.generate.generate_samples``, the
pseudo-data with their different true-pileup profile, chathep/generate/pileup.py) for several
seeds, selects Z -> ee/mumu events with the hand-written uproot/awkward selection of
tests/test_pileup.py and weights the simulation with the generated ``puWeights.json``
(correctionlib, evaluated directly). Reports per seed and combined:

* <nPV> of the data and of the simulation before/after reweighting, with errors, and the
  pulls (data - MC) / sqrt(err_data^2 + err_MC^2);
* the chi2/ndf of the full nPV shape after reweighting (MC normalised to the data count;
  bins merged from below until the data and the MC have >= 10 entries);
* the pulls of the test's statistics (tests/test_pileup.py: 4000 simulated events,
  pseudo-data at 0.8 /pb), from disjoint sub-samples of the high-statistics ones: their spread
  says whether the quoted errors are right, their mean whether there is a bias;
* the expected bias of the binned weights, computed with scipy from the Gamma profiles.

Run: ``nice -n 19 .venv/bin/python benchmarks/pileup_closure.py [--events N] [--lumi L]
[--seeds 1 2 3] [--no-write]``. Writes the section between the pileup-closure markers of
BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import awkward as ak
import numpy as np

ROOT = Path(__file__).resolve().parent.parent
for p in (ROOT, ROOT / "tests"):
    if str(p) not in sys.path:  # run as a script: make `benchmarks` and the test importable
        sys.path.insert(0, str(p))

from test_pileup import (  # noqa: E402  the test's own reference code
    _mean_and_error,
    _shape_chi2,
    _z_ll,
)

from benchmarks.markdown_section import write_section  # noqa: E402

START, END = "<!-- pileup-closure:start -->", "<!-- pileup-closure:end -->"
#: the statistics of tests/test_pileup.py's closure test
TEST_MC_EVENTS, TEST_LUMI_PB = 4000, 0.8
NPV_FACTOR = 0.72  # chathep/generate/detector.py: PV_npvs = Poisson(0.72 x Pileup_nPU) + 1


def pull(d: tuple[float, float], m: tuple[float, float]) -> float:
    return (d[0] - m[0]) / float(np.hypot(d[1], m[1]))


def binning_bias() -> float:
    """Expected <nPV>(reweighted MC) - <nPV>(data) from weights constant in unit bins of
    nTrueInt (the MC shape inside a bin stays): 0.72 x the nTrueInt mean difference, with the
    Gamma profiles integrated by scipy."""
    from scipy import integrate, stats

    from chathep.generate.pileup import DATA_PILEUP, MC_PILEUP, pileup_weights

    data = stats.gamma(a=DATA_PILEUP.shape, scale=DATA_PILEUP.scale)
    mc = stats.gamma(a=MC_PILEUP.shape, scale=MC_PILEUP.scale)
    w, edges = pileup_weights()
    num = den = 0.0
    for wi, lo, hi in zip(w, edges[:-1], edges[1:], strict=True):
        num += wi * integrate.quad(lambda x: x * mc.pdf(x), lo, hi)[0]
        den += wi * (mc.cdf(hi) - mc.cdf(lo))
    top = edges[-1]
    data_mean = integrate.quad(lambda x: x * data.pdf(x), 0, top)[0] / data.cdf(top)
    return NPV_FACTOR * (num / den - data_mean)


def measure(seed: int, n_events: int, lumi: float, workers: int) -> dict:
    import correctionlib
    from scipy import stats

    from chathep.catalog import load_catalog
    from chathep.generate import generate_samples

    with tempfile.TemporaryDirectory(prefix="chathep-pu-bench-") as tmp:
        out = Path(tmp) / "sim13"
        t0 = time.perf_counter()
        generate_samples(
            out,
            n_events=n_events,
            seed=seed,
            processes=["DY"],
            workers=workers,
            data_lumi_pb=lumi,
            chunk_events=max(2000, n_events // (2 * workers)),
            progress=False,
        )
        wall = time.perf_counter() - t0
        catalog = {s.name: s for s in load_catalog(out / "catalog.yaml")}
        pu = correctionlib.CorrectionSet.from_file(str(out / "puWeights.json"))["sim13_pileup"]
        data = ak.concatenate([_z_ll(out / f) for f in catalog["data_sim13"].files])
        mc = ak.concatenate([_z_ll(out / f) for f in catalog["dy_sim13"].files])
    d_npv = ak.to_numpy(data.PV_npvs).astype(float)
    m_npv = ak.to_numpy(mc.PV_npvs).astype(float)
    gen = ak.to_numpy(mc.genWeight).astype(float)
    n_true = ak.to_numpy(mc.Pileup_nTrueInt).astype(float)
    w = gen * pu.evaluate(n_true, "nominal")
    ones = np.ones(len(d_npv))
    d = _mean_and_error(d_npv, ones)
    before = _mean_and_error(m_npv, gen)
    after = _mean_and_error(m_npv, w)
    chi2, ndf = _shape_chi2(d_npv, m_npv, w)
    chi2_before, ndf_before = _shape_chi2(d_npv, m_npv, gen)
    # disjoint sub-samples with the test's statistics (the events are in random order:
    # the data are shuffled when merged, the MC chunks are independent draws)
    k = max(1, min(int(n_events // TEST_MC_EVENTS), int(lumi // TEST_LUMI_PB)))
    sub_before, sub_after, sub_p = [], [], []
    for i in range(k):
        ds = slice(i * len(d_npv) // k, (i + 1) * len(d_npv) // k)
        ms = slice(i * len(m_npv) // k, (i + 1) * len(m_npv) // k)
        di = _mean_and_error(d_npv[ds], ones[ds])
        sub_before.append(pull(di, _mean_and_error(m_npv[ms], gen[ms])))
        sub_after.append(pull(di, _mean_and_error(m_npv[ms], w[ms])))
        c, f = _shape_chi2(d_npv[ds], m_npv[ms], w[ms])
        sub_p.append(float(stats.chi2.sf(c, f)))
    return {
        "seed": seed,
        "wall": wall,
        "n_data": len(d_npv),
        "n_mc": len(m_npv),
        "data": d,
        "before": before,
        "after": after,
        "pull_before": pull(d, before),
        "pull_after": pull(d, after),
        "chi2": (chi2, ndf),
        "chi2_before": (chi2_before, ndf_before),
        "sub_before": sub_before,
        "sub_after": sub_after,
        "sub_p": sub_p,
        # the raw arrays, for the combination of the seeds
        "arrays": (d_npv, m_npv, gen, w),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=40_000, help="simulated DY per seed")
    parser.add_argument("--lumi", type=float, default=8.0, help="pseudo-data /pb per seed")
    parser.add_argument("--seeds", type=int, nargs="+", default=[101, 102, 103])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    load_start = os.getloadavg()[0]
    runs = []
    for seed in args.seeds:
        r = measure(seed, args.events, args.lumi, args.workers)
        print(
            f"seed {seed}: data {r['data'][0]:.3f}+-{r['data'][1]:.3f} ({r['n_data']}), "
            f"MC before {r['before'][0]:.3f}+-{r['before'][1]:.3f} ({r['pull_before']:.2f}), "
            f"after {r['after'][0]:.3f}+-{r['after'][1]:.3f} ({r['pull_after']:.2f}), "
            f"chi2 {r['chi2'][0]:.1f}/{r['chi2'][1]}, {r['wall']:.0f} s",
            flush=True,
        )
        runs.append(r)
    wall = time.perf_counter() - t0
    load_end = os.getloadavg()[0]
    # all seeds together: independent samples, concatenated
    d_npv, m_npv, gen, w = (np.concatenate([r["arrays"][i] for r in runs]) for i in range(4))
    ones = np.ones(len(d_npv))
    d_all = _mean_and_error(d_npv, ones)
    b_all = _mean_and_error(m_npv, gen)
    a_all = _mean_and_error(m_npv, w)
    chi2_all, ndf_all = _shape_chi2(d_npv, m_npv, w)
    chi2_b_all, ndf_b_all = _shape_chi2(d_npv, m_npv, gen)
    sub_a = np.array([p for r in runs for p in r["sub_after"]])
    sub_b = np.array([p for r in runs for p in r["sub_before"]])
    sub_p = np.array([p for r in runs for p in r["sub_p"]])
    bias = binning_bias()
    from scipy import stats

    diff = (d_all[0] - a_all[0], float(np.hypot(d_all[1], a_all[1])))
    seed_pulls = np.array([r["pull_after"] for r in runs])
    p_seeds = float(stats.chi2.sf(np.sum(seed_pulls**2), len(runs)))

    def row(label: str, n_d: int, n_m: int, d, b, a, c, cb) -> str:
        return (
            f"| {label} | {n_d:,} | {n_m:,} | {d[0]:.3f} ± {d[1]:.3f} | {b[0]:.3f} ± {b[1]:.3f} "
            f"| {pull(d, b):+.2f} | {a[0]:.3f} ± {a[1]:.3f} | **{pull(d, a):+.2f}** "
            f"| {cb[0]:.0f}/{cb[1]} | {c[0]:.1f}/{c[1]} (p = {stats.chi2.sf(*c):.2f}) |"
        )

    rows = [
        row(
            f"seed {r['seed']}",
            r["n_data"],
            r["n_mc"],
            r["data"],
            r["before"],
            r["after"],
            r["chi2"],
            r["chi2_before"],
        )
        for r in runs
    ]
    rows.append(
        row(
            "all seeds",
            len(d_npv),
            len(m_npv),
            d_all,
            b_all,
            a_all,
            (chi2_all, ndf_all),
            (chi2_b_all, ndf_b_all),
        )
    )
    k = len(sub_a)
    text = "\n".join(
        [
            "## Pileup reweighting closure (`benchmarks/pileup_closure.py`)",
            "",
            f"DY simulation ({args.events:,} events per seed) and DY pseudo-data "
            f"(L = {args.lumi:g} /pb per seed), `chathep.generate.generate_samples`, seeds "
            f"{', '.join(str(s) for s in args.seeds)}; Z -> ee/mumu selection (76-106 GeV) and "
            "weights (the generated `puWeights.json`, correctionlib) as in "
            "tests/test_pileup.py. <nPV> with its statistical error; pull = (data - MC) / "
            "sqrt(err_data^2 + err_MC^2); chi2/ndf of the nPV shape (MC normalised to the "
            "data count, bins merged to >= 10 entries). "
            f"Measured {datetime.now(UTC):%Y-%m-%d}, {wall / 60:.1f} min wall "
            f"(nice 19, 2 shared cores, load average {load_start:.1f} at the start, "
            f"{load_end:.1f} at the end).",
            "",
            "| sample | data events | MC events | <nPV> data | MC before | pull before "
            "| MC after | pull after | chi2/ndf before | chi2/ndf after |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            *rows,
            "",
            f"At the statistics of the unit test ({TEST_MC_EVENTS} simulated events, "
            f"{TEST_LUMI_PB} /pb), {k} disjoint sub-samples of the above: pull before "
            f"{sub_b.mean():.2f} (min {sub_b.min():.2f}), pull after mean "
            f"{sub_a.mean():+.2f}, RMS {np.sqrt(np.mean(sub_a**2)):.2f} (1 expected for a "
            f"perfect closure), {np.sum(np.abs(sub_a) > 1)}/{k} beyond 1 sigma "
            f"(32 % expected), {np.sum(np.abs(sub_a) > 3)}/{k} beyond 3 sigma "
            "(0.3 % expected). nPV shape chi2 p-values of the same sub-samples after "
            f"reweighting: {np.sum(sub_p < 0.05)}/{k} below 0.05 (5 % expected), "
            f"{np.sum(sub_p < 1e-3)}/{k} below 0.001 (the unit test's threshold), median "
            f"{np.median(sub_p):.2f} (0.5 expected).",
            "",
            f"Bias after reweighting, all seeds: <nPV> data - MC = {diff[0]:+.3f} ± "
            f"{diff[1]:.3f} vertices ({100 * diff[0] / d_all[0]:+.2f} ± "
            f"{100 * diff[1] / d_all[0]:.2f} % of <nPV>; the gap before was "
            f"{d_all[0] - b_all[0]:.2f}); the {len(runs)} per-seed pulls have "
            f"sum(pull^2) = {np.sum(seed_pulls**2):.1f} for {len(runs)} degrees of freedom "
            f"(p = {p_seeds:.2f}).",
            "",
            "Expected bias of weights constant in unit bins of nTrueInt (the simulation's "
            "shape inside each bin is kept; scipy integration of the two Gamma profiles, "
            f"x 0.72 vertices per interaction): <nPV> MC - data = {bias:+.4f}.",
        ]
    )
    print(text)
    if not args.no_write:
        write_section(START, END, text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
