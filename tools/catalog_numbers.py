"""Compute the catalog numbers that must come from the shipped files, not from their parents.

    python tools/catalog_numbers.py          # print the numbers
    python tools/catalog_numbers.py --check  # exit 1 if knowledge_base/datasets.yaml disagrees

- n_events and sum_genweight: read from each sample's files (the Runs trees of these extracts
  describe the parent files, so they are not used).
- lumi_pb of the 2018 data: Z counting against the 2018 DY sample,
  L = N_data / (xsec_DY * A_DY), with the selection in ``z_candidates`` below.
"""

from __future__ import annotations

import argparse
import sys

import awkward as ak
import numpy as np
import uproot

from chathep.catalog import default_catalog
from chathep.data import fetch_demo_data

Z_WINDOW = (60.0, 120.0)
MU_PT, MU_ETA = 20.0, 2.4


def z_candidates(path: str) -> tuple[np.ndarray, np.ndarray]:
    """Per event: passes the Z selection (bool) and genWeight (1 for data)."""
    ev = uproot.open(path)["Events"].arrays(filter_name=["Muon_*", "genWeight"])
    good = (ev.Muon_pt > MU_PT) & (abs(ev.Muon_eta) < MU_ETA)
    mu = ak.zip({k: ev[f"Muon_{k}"][good] for k in ("pt", "eta", "phi", "mass", "charge")})
    mu = ak.pad_none(mu[ak.argsort(mu.pt, ascending=False)], 2)
    m1, m2 = mu[:, 0], mu[:, 1]
    # invariant mass of the two leading muons, by hand (no vector library)
    e1 = np.sqrt((m1.pt * np.cosh(m1.eta)) ** 2 + m1.mass**2)
    e2 = np.sqrt((m2.pt * np.cosh(m2.eta)) ** 2 + m2.mass**2)
    px = m1.pt * np.cos(m1.phi) + m2.pt * np.cos(m2.phi)
    py = m1.pt * np.sin(m1.phi) + m2.pt * np.sin(m2.phi)
    pz = m1.pt * np.sinh(m1.eta) + m2.pt * np.sinh(m2.eta)
    mass = np.sqrt(np.maximum((e1 + e2) ** 2 - px**2 - py**2 - pz**2, 0))
    sel = (m1.charge * m2.charge < 0) & (mass > Z_WINDOW[0]) & (mass < Z_WINDOW[1])
    sel = ak.to_numpy(ak.fill_none(sel, False))
    w = ev.genWeight.to_numpy().astype(np.float64) if "genWeight" in ev.fields else np.ones(len(ev))
    return sel, w


def compute() -> dict[str, dict[str, float]]:
    fetch_demo_data()
    catalog = default_catalog()
    out: dict[str, dict[str, float]] = {}
    for s in catalog:
        n, sumw = 0, 0.0
        for path in s.paths():
            tree = uproot.open(path)["Events"]
            n += tree.num_entries
            if not s.is_data:
                sumw += float(tree["genWeight"].array(library="np").astype(np.float64).sum())
        out[s.name] = {"n_events": n}
        if not s.is_data:
            out[s.name]["sum_genweight"] = sumw
    dy = catalog["dy_2018"]
    sel, w = z_candidates(str(dy.paths()[0]))
    acceptance = w[sel].sum() / w.sum()
    for s in catalog.data("2018"):
        n_z = sum(int(z_candidates(str(p))[0].sum()) for p in s.paths())
        lumi = n_z / (dy.xsec_pb * acceptance)
        rel = float(np.sqrt(1 / n_z + (w[sel] ** 2).sum() / w[sel].sum() ** 2))
        out[s.name].update(lumi_pb=lumi, n_z=n_z, acceptance_dy=acceptance, lumi_rel_unc=rel)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()
    numbers = compute()
    catalog = default_catalog()
    bad = []
    for name, values in numbers.items():
        print(name, values)
        sample = catalog[name]
        for key in ("n_events", "sum_genweight", "lumi_pb"):
            if key in values and not np.isclose(getattr(sample, key), values[key], rtol=1e-6):
                bad.append(f"{name}.{key}: catalog {getattr(sample, key)} != files {values[key]}")
    for line in bad:
        print("MISMATCH", line)
    return 1 if (args.check and bad) else 0


if __name__ == "__main__":
    sys.exit(main())
