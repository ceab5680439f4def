"""Unit tests of the generator's building blocks (no Pythia run needed except where marked)."""

from __future__ import annotations

import numpy as np
import pytest

from chathep.errors import DataError, SpecError
from chathep.generate import btag, mismodel, pileup
from chathep.generate.processes import PS_WEIGHT_LABELS, resolve_processes


def test_btag_scores_reproduce_the_working_point_efficiencies():
    rng = np.random.default_rng(1)
    n = 200_000
    pt = np.full(n, 60.0)
    eta = np.full(n, 0.5)
    for flavour, expected in btag.EFFICIENCY.items():
        s = btag.draw_scores(np.full(n, flavour), pt, eta, rng)
        measured = [np.mean(s > wp) for wp in btag.WORKING_POINTS]
        for m, e in zip(measured, expected, strict=True):
            assert m == pytest.approx(e, abs=4 * np.sqrt(e * (1 - e) / n) + 1e-4)
        assert np.all((s >= 0) & (s <= 1))


def test_btag_data_efficiency_is_mc_times_deepjet_scale_factor():
    rng = np.random.default_rng(2)
    n = 200_000
    flavour, pt, eta = np.full(n, 0), np.full(n, 80.0), np.full(n, 0.3)
    mc = np.mean(btag.draw_scores(flavour, pt, eta, rng) > btag.WORKING_POINTS[1])
    data = np.mean(btag.draw_scores(flavour, pt, eta, rng, is_data=True) > btag.WORKING_POINTS[1])
    # light-jet medium SF of DeepJet_102XSF_WP_V1 ("incl", central) at pT = 80 GeV, by hand
    sf = 1.59373 - 0.00113028 * 80 + 8.66631e-07 * 80**2 - 1.10505 / 80
    assert data / mc == pytest.approx(sf, rel=0.08)


def test_no_btagging_outside_the_tracker():
    rng = np.random.default_rng(3)
    s = btag.draw_scores(np.full(50_000, 5), np.full(50_000, 60.0), np.full(50_000, 3.0), rng)
    assert np.mean(s > btag.WORKING_POINTS[1]) < 0.005


def test_ps_weight_indices_follow_nanoaod_order():
    from chathep.generate.truth import ps_weight_indices

    class FakeInfo:  # Pythia's Info as seen through pythia8mc: labels in Pythia's own order
        labels = [
            "Baseline",
            "fsr.murfac=2.0",
            "fsr.murfac=0.5",
            "isr.murfac=2.0",
            "isr.murfac=0.5",
        ]

        def nWeights(self):  # noqa: N802 - Pythia's API
            return len(self.labels)

        def weightLabel(self, i):  # noqa: N802
            return self.labels[i]

    # NanoAOD: [0] ISR=0.5 FSR=1; [1] ISR=1 FSR=0.5; [2] ISR=2 FSR=1; [3] ISR=1 FSR=2
    assert ps_weight_indices(FakeInfo()) == [4, 2, 3, 1]
    assert PS_WEIGHT_LABELS[0].startswith("isr") and PS_WEIGHT_LABELS[1].startswith("fsr")


def test_pileup_profiles_are_normalised_and_differ():
    data, edges = pileup.DATA_PILEUP.histogram()
    mc, _ = pileup.MC_PILEUP.histogram()
    centres = 0.5 * (edges[1:] + edges[:-1])
    assert data.sum() == pytest.approx(1.0) and mc.sum() == pytest.approx(1.0)
    assert np.sum(centres * data) == pytest.approx(36.0, abs=0.6)
    assert np.sum(centres * mc) == pytest.approx(32.0, abs=0.6)
    w, _ = pileup.pileup_weights()
    assert np.sum(w * mc) == pytest.approx(1.0, abs=1e-6)  # reweighting keeps the yield


def test_muon_scale_and_its_correction():
    pt = np.array([40.0, 40.0, 40.0, 40.0])
    eta = np.array([0.5, -1.5, 2.2, 0.5])
    q = np.array([1, -1, 1, -1])
    scaled = pt * mismodel.muon_scale(eta, q)
    assert scaled == pytest.approx(40.0 * np.array([1.011, 1.009, 1.019, 1.005]))
    assert mismodel.correct_muon_pt(scaled, eta, q) == pytest.approx(pt)


def test_jer_scale_factor_bins():
    assert mismodel.jer_scale_factor(np.array([0.1, -0.1, 2.2, 4.0])) == pytest.approx(
        [1.1639, 1.1639, 1.1827, 1.0760]
    )


def test_jer_resolution_json_is_the_detectors_resolution(tmp_path):
    """jer_resolution.json (for the JER hybrid method) gives the relative resolution the
    detector smears jets with, at n_PU = (rho - 1) / 0.52, read back with correctionlib; the
    |eta| regions are symmetric; and the detector's rho has that mean."""
    import correctionlib

    from chathep.generate import detector, jer

    path = jer.write_jer_json(tmp_path)
    assert path.name == "jer_resolution.json"
    entry = correctionlib.CorrectionSet.from_file(str(path))["sim13_PtResolution_AK4"]
    eta = np.array([-4.0, -2.7, -1.5, -0.3, 0.0, 0.8, 1.29, 1.31, 2.6, 3.2, 4.9])
    pt = np.array([0.5, 15.0, 30.0, 80.0, 250.0, 1500.0])
    rho = np.array([0.2, 1.0, 10.0, 25.0, 50.0])
    e, p, r = (a.ravel() for a in np.meshgrid(eta, pt, rho, indexing="ij"))
    got = entry.evaluate(e, p, r)
    # the detector's own function at the pileup that rho stands for (noise term by hand)
    n_pu = np.maximum(r - 1.0, 0.0) / 0.52
    expected = detector.jet_resolution(p, np.abs(e), n_pu)
    np.testing.assert_allclose(got, expected, rtol=1e-12)
    by_hand = np.sqrt((2.0**2 + 0.6 * 30 / 0.52) / 40.0**2 + 0.81 / 40.0 + 0.04**2)
    assert entry.evaluate(0.5, 40.0, 31.0) == pytest.approx(by_hand, rel=1e-12)
    # rho = 0.52 n_PU + max(0, N(1, 0.5)): its offset averages 1.00 (within 0.5 %)
    rng = np.random.default_rng(3)
    offset = np.maximum(0.0, rng.normal(detector.RHO_OFFSET, detector.RHO_OFFSET_WIDTH, 400_000))
    assert offset.mean() == pytest.approx(1.0, abs=0.006)


def test_unknown_or_overlapping_processes_are_rejected():
    with pytest.raises(SpecError, match="Unknown process"):
        resolve_processes(["QCD"])
    with pytest.raises(SpecError, match="same events"):
        resolve_processes(["ttbar", "ttbar_dilep"])
    assert [p.name for p in resolve_processes(["dy", "ZH"])] == ["DY", "ZH"]


def test_generate_samples_rejects_bad_arguments(tmp_path):
    from chathep.generate import generate_samples

    with pytest.raises(DataError):
        generate_samples(tmp_path, n_events=0)
    with pytest.raises(SpecError):
        generate_samples(tmp_path, n_events=10, processes=["nope"])


def test_same_seed_same_events(tmp_path):
    pytest.importorskip("pythia8mc")
    import uproot

    from chathep.generate.worker import run_job

    def job(name: str, seed: int) -> dict:
        return {
            "process": "ZH",
            "n_events": 15,
            "seed": seed,
            "path": str(tmp_path / name),
            "is_data": False,
            "run": 1,
            "lumi_block": 1,
            "first_event": 1,
            "tag": "ZH",
        }

    for name, seed in (("a.root", 5), ("b.root", 5), ("c.root", 6)):
        run_job(job(name, seed), progress=lambda *_: None)
    arrays = {
        n: uproot.open(tmp_path / n)["Events"].arrays(["Jet_pt", "Muon_pt", "PSWeight"])
        for n in ("a.root", "b.root", "c.root")
    }
    assert arrays["a.root"].tolist() == arrays["b.root"].tolist()
    assert arrays["a.root"].tolist() != arrays["c.root"].tolist()


def test_cli_entry_point(tmp_path, capsys):
    pytest.importorskip("pythia8mc")
    import importlib.util
    from pathlib import Path

    path = Path(__file__).resolve().parent.parent / "tools" / "generate_samples.py"
    spec = importlib.util.spec_from_file_location("generate_samples_cli", path)
    cli = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cli)
    out = tmp_path / "cli"
    args = ["--out", str(out), "--events", "20", "--processes", "ZH", "--workers", "1"]
    assert cli.main([*args, "--no-data", "--quiet"]) == 0
    assert "zh_hbb_sim13" in (out / "catalog.yaml").read_text()
    assert (out / "pileup_profile.root").is_file()
    assert cli.main(["--out", str(out), "--processes", "QCD", "--quiet"]) == 2
    assert "Unknown process" in capsys.readouterr().err


def test_job_seeds_are_distinct_and_valid_for_pythia():
    from chathep.generate.processes import PROCESSES
    from chathep.generate.runner import _job_seed

    seeds = [
        _job_seed(s, kind, p, chunk)
        for s in (1, 2, 123456)
        for kind in (0, 1)
        for p in PROCESSES
        for chunk in range(30)
    ]
    assert len(set(seeds)) == len(seeds)
    assert all(1 <= x <= 900_000_000 for x in seeds)


def test_batch_record_analysis_agrees_with_pythias_own_methods():
    """The compiled record walk and anti-kT give what Pythia's Particle methods and SlowJet do.

    Each event comes from ``nextBatch(1)``, so ``pythia.event`` still holds it for the checks.
    """
    pythia8mc = pytest.importorskip("pythia8mc")
    import awkward as ak

    from chathep.generate.processes import PROCESSES
    from chathep.generate.record import _bot_copy_id, _top_copy_id
    from chathep.generate.truth import batch_ps_weight_indices, extract, make_pythia

    pythia = make_pythia(PROCESSES["ttbar"], 99)
    index = batch_ps_weight_indices(pythia.infoPython())
    slowjet = pythia8mc.SlowJet(-1, 0.4, 10.0, 5.0, 2, 2)
    n_jets = n_checked = 0
    for _ in range(12):
        run = pythia.nextBatch(1)
        truth = extract(run, index)
        ev = pythia.event
        prt = run["prt"][0]
        ids = ak.to_numpy(prt["id"]).astype(np.int64)
        st = ak.to_numpy(prt["status"]).astype(np.int64)
        m1, m2 = (ak.to_numpy(prt[c]).astype(np.int64) for c in ("mother1", "mother2"))
        d1, d2 = (ak.to_numpy(prt[c]).astype(np.int64) for c in ("daughter1", "daughter2"))
        assert len(ids) == ev.size()
        for i in range(3, ev.size()):
            assert _top_copy_id(i, ids, st, m1, m2) == ev[i].iTopCopyId()
            assert _bot_copy_id(i, ids, d1, d2) == ev[i].iBotCopyId()
            n_checked += 1
        slowjet.analyze(ev)
        ref = np.array([[slowjet.p(j).px(), slowjet.p(j).py(), slowjet.p(j).pz(), slowjet.p(j).e()]
                        for j in range(slowjet.sizeJet())]).reshape(-1, 4)  # fmt: skip
        assert truth.genjets.shape == ref.shape
        assert truth.genjets == pytest.approx(ref, rel=1e-9, abs=1e-9)
        n_jets += len(ref)
        # GenPart: hard-process entries and their record order
        hard = [i for i in range(ev.size()) if 21 <= abs(ev[i].status()) <= 29]
        is_hard = (truth.gen["statusFlags"] & (1 << 7)) > 0
        assert [ev[i].id() for i in hard] == truth.gen["pdgId"][is_hard].tolist()
        # Generator information of this event (not of the first one)
        info = pythia.infoPython()
        assert truth.generator["x1"][0] == pytest.approx(info.x1())
        assert truth.generator["scalePDF"][0] == pytest.approx(info.QFac())
    assert n_jets > 50 and n_checked > 3000


def _b_initiated(path) -> np.ndarray:
    """Per event: is one of the incoming partons of the hard process a b quark?"""
    import uproot

    ev = uproot.open(path)["Events"].arrays(["Generator_id1", "Generator_id2"], library="np")
    return (np.abs(ev["Generator_id1"]) == 5) | (np.abs(ev["Generator_id2"]) == 5)


def test_dy_b_initiated_slice_is_stitched_by_incoming_flavour(tmp_path):
    """DY and DY_bb split the DY hard processes by incoming b: no event in both, none lost."""
    pytest.importorskip("pythia8mc")
    import yaml

    from chathep.generate import generate_samples

    generate_samples(tmp_path, n_events=300, seed=4, processes=["DY", "DY_bb"], workers=1,
                     slice_factor=0.5, data=False, progress=False)  # fmt: skip
    samples = yaml.safe_load((tmp_path / "catalog.yaml").read_text())["samples"]
    dy, dy_bb = samples["dy_sim13"], samples["dy_bb_sim13"]
    assert dy["process"] == dy_bb["process"] == "DY"  # one DY component in stacked plots
    assert dy_bb["n_events"] == 150
    assert not _b_initiated(tmp_path / dy["files"][0]).any()
    assert _b_initiated(tmp_path / dy_bb["files"][0]).all()
    # Pythia's sigmaGen() of the kept hard processes: bb -> Z/gamma* is ~3 % of DY
    fraction = dy_bb["xsec_lo_pb"] / (dy["xsec_lo_pb"] + dy_bb["xsec_lo_pb"])
    assert 0.02 < fraction < 0.045
    assert 3500 < dy["xsec_lo_pb"] + dy_bb["xsec_lo_pb"] < 5500  # Pythia's LO sigma(Z/gamma*)
    # normalised with one k-factor: the slices add up to the NNLO sigma(DY, m(ll) > 50 GeV)
    assert dy["xsec_pb"] + dy_bb["xsec_pb"] == pytest.approx(3 * 2025.74, rel=1e-9)
    assert dy_bb["xsec_pb"] / dy["xsec_pb"] == pytest.approx(
        dy_bb["xsec_lo_pb"] / dy["xsec_lo_pb"], rel=1e-9
    )
    # the b-initiated events carry the b hadrons of Z + b jets
    import awkward as ak
    import uproot

    aid = abs(uproot.open(tmp_path / dy_bb["files"][0])["Events"]["GenPart_pdgId"].array())
    has_b = ak.any((aid > 100) & ((aid // 100 % 10 == 5) | (aid // 1000 % 10 == 5)), axis=1)
    assert np.mean(ak.to_numpy(has_b)) > 0.9


def test_batch_cross_references_and_pairs():
    """Lepton <-> jet indices on a hand-made batch of two events (local indices per event)."""
    from chathep.generate.detector import _cross_reference, _pairs

    ia, ib = _pairs(np.array([2, 1]), np.array([1, 3]))
    assert ia.tolist() == [0, 1, 2, 2, 2] and ib.tolist() == [0, 0, 1, 2, 3]
    jets = {"eta": np.array([0.0, 0.0, 1.0, 2.0]), "phi": np.array([0.0, 0.0, 0.0, 0.0])}
    jets["pt"] = np.ones(4)
    jet_counts = np.array([1, 3])
    # event 0: two muons in jet 0; event 1: one muon near jet 1 (local), one far from all
    muons = {"eta": np.array([0.1, -0.1, 1.05, 3.0]), "phi": np.zeros(4), "pt": np.ones(4)}
    muon_counts = np.array([2, 2])
    electrons = {"eta": np.zeros(0), "phi": np.zeros(0), "pt": np.zeros(0)}
    leptons = ((muons, muon_counts, "muon"), (electrons, np.array([0, 0]), "electron"))
    _cross_reference(jets, jet_counts, leptons)
    assert muons["jetIdx"].tolist() == [0, 0, 1, -1]
    assert jets["muonIdx1"].tolist() == [0, -1, 0, -1]
    assert jets["muonIdx2"].tolist() == [1, -1, -1, -1]
    assert jets["nMuons"].tolist() == [2, 0, 1, 0]
    assert jets["electronIdx1"].tolist() == [-1, -1, -1, -1]


def _write_part(path, met, muons, electrons, jets):
    """A pseudo-data part in the generator's write form (muons etc.: pT lists per event)."""
    import awkward as ak

    from chathep.generate.nanoaod import runs_tree, write_events

    n = len(met)

    def coll(pts):
        pt = ak.values_astype(ak.Array(pts), np.float32)
        return ak.zip({"pt": pt, "eta": ak.values_astype(pt * 0 + 0.5, np.float32)})

    columns = {
        "run": np.ones(n, np.uint32),
        "luminosityBlock": np.ones(n, np.uint32),
        "event": np.arange(1, n + 1, dtype=np.uint64),
        "MET_pt": np.asarray(met, np.float32),
        "Muon": coll(muons),
        "Electron": coll(electrons),
        "Jet": coll(jets),
    }
    write_events(path, columns, runs_tree(True, 1, np.zeros(0), np.zeros(0)))


def test_pseudo_data_keep_every_collection_when_a_part_has_no_leptons(tmp_path):
    """The bug seen without W+jets: the larger luminosity gave the ZH pseudo-data one event,
    without muons or electrons; uproot's how="zip" read that part's equal (empty) Muon and
    Electron offsets as one 'jagged0' field, and the merged data_*.root had no Muon_* and no
    Electron_* branches at all."""
    import uproot

    from chathep.generate.runner import _merge_data

    a, b = tmp_path / "DY_000.root", tmp_path / "ZH_000.root"
    _write_part(a, [10.0, 20.0, 30.0], [[45.0, 40.0], [50.0], []], [[], [33.0], []], [[], [], [60]])
    _write_part(b, [99.0], [[]], [[]], [[70.0, 35.0]])
    out = tmp_path / "merged"
    out.mkdir()
    files = _merge_data([a, b], out, chunk_events=3, seed=1)
    assert files == ["data_000.root", "data_001.root"]

    # the reference: the parts' own branches, read flat with uproot
    inputs = [uproot.open(p)["Events"] for p in (a, b)]
    branches = set(inputs[0].keys())
    assert {"Muon_pt", "Electron_pt", "Jet_pt", "nMuon"} <= branches
    by_met: dict[float, tuple] = {}
    for tree in inputs:
        arr = tree.arrays(["MET_pt", "Muon_pt", "Electron_pt", "Jet_pt"])
        for row in arr.tolist():
            by_met[row["MET_pt"]] = (row["Muon_pt"], row["Electron_pt"], row["Jet_pt"])
    seen = []
    for name in files:
        tree = uproot.open(out / name)["Events"]
        assert set(tree.keys()) == branches, name
        arr = tree.arrays(["MET_pt", "Muon_pt", "Electron_pt", "Jet_pt", "nMuon", "event"])
        for row in arr.tolist():
            assert (row["Muon_pt"], row["Electron_pt"], row["Jet_pt"]) == by_met[row["MET_pt"]]
            assert row["nMuon"] == len(row["Muon_pt"])
            seen.append((row["MET_pt"], row["event"]))
    assert sorted(m for m, _ in seen) == [10.0, 20.0, 30.0, 99.0]
    assert sorted(e for _, e in seen) == [1, 2, 3, 4]  # renumbered after the shuffle


def test_pseudo_data_parts_with_different_branches_are_refused(tmp_path):
    import awkward as ak

    from chathep.generate.nanoaod import runs_tree, write_events
    from chathep.generate.runner import _merge_data

    a, b = tmp_path / "a.root", tmp_path / "b.root"
    _write_part(a, [1.0], [[30.0]], [[]], [[40.0]])
    columns = {
        "run": np.ones(1, np.uint32),
        "luminosityBlock": np.ones(1, np.uint32),
        "event": np.ones(1, np.uint64),
        "MET_pt": np.ones(1, np.float32),
        "Jet": ak.zip({"pt": ak.values_astype(ak.Array([[50.0]]), np.float32)}),
    }
    write_events(b, columns, runs_tree(True, 1, np.zeros(0), np.zeros(0)))
    out = tmp_path / "merged"
    out.mkdir()
    with pytest.raises(DataError, match="different branches"):
        _merge_data([a, b], out, chunk_events=10, seed=1)
    assert list(out.iterdir()) == []
