"""Electrons in "the corrections": EGM scale and smearing, and electron scale factors.

The per-sample record of the scale and smearing is checked against what the demo files hold
(read here with uproot); answers are asked for through the API (parser mode) on the demo files.
The electron scale factors are read from a small EGM-format CorrectionSet built here with
``correctionlib.schemav2`` (UL-Electron-ID-SF: year, ValType, WorkingPoint, eta, pt), registered
for 2018, and the weighted histogram of the sandboxed analysis is compared with a NumPy
computation of the same per-electron products written from the bin values below (no
correctionlib, no chathep).
"""

from __future__ import annotations

from pathlib import Path

import awkward as ak
import correctionlib.schemav2 as cs
import numpy as np
import pytest
import uproot

from chathep import corrections_user as cu
from chathep.catalog import default_catalog
from chathep.config import get_settings
from chathep.corrections_info import resolve_corrections
from chathep.registry import corrections as registry
from chathep.resolve import resolve_samples
from chathep.spec import parse_spec

DATA, DY = "data_2018A_doublemuon", "dy_2018"
DEMO_FILES = ("nano_dy.root", "nano_dimuon.root")


def _dielectron(samples: list[str], corrections: list[str], cuts: list[dict] | None = None):
    cuts = cuts or [
        {"field": "pt", "op": ">", "value": 20},
        {"field": "eta", "op": "<", "value": 2.5, "abs": True},
        {"field": "cutBased", "op": ">=", "value": 4},
    ]
    return parse_spec(
        {
            "title": "electron pT",
            "samples": samples,
            "objects": [{"name": "electrons", "source": "Electron", "cuts": cuts}],
            "selection": [{"name": "an electron", "count": "electrons", "op": ">=", "value": 1}],
            "observables": [{"name": "e_pt", "kind": "field", "of": "electrons", "field": "pt"}],
            "histograms": [{"name": "e_pt", "observable": "e_pt", "bins": 10, "start": 0,
                            "stop": 100, "label": "electron pT", "unit": "GeV"}],
            "corrections": corrections,
        }
    )  # fmt: skip


def _keys(path: Path) -> set[str]:
    with uproot.open(path) as f:
        return set(f["Events"].keys())


# --- the per-sample record, against the files ---------------------------------------------


def test_scale_and_smearing_record_says_what_the_file_holds(demo_data: Path) -> None:
    catalog = default_catalog()
    tt = next(s for s in catalog.samples.values() if s.era == "2022")
    spec = _dielectron([DATA, DY], ["all"])
    table = resolve_corrections(spec, resolve_samples(spec, catalog))
    # the 2018 extracts: Electron_eCorr is there and is not 1 (the calibration was applied)
    keys = _keys(demo_data / "nano_dy.root")
    assert "Electron_eCorr" in keys
    assert not keys & set(registry.ELECTRON_SS_UNCERTAINTIES)
    with uproot.open(demo_data / "nano_dy.root") as f:
        ecorr = ak.flatten(f["Events"]["Electron_eCorr"].array())
    assert np.abs(ak.to_numpy(ecorr) - 1.0).max() > 0.01
    for name in (DATA, DY):
        why = table[name]["skipped"]["electron_ss"]
        assert why.startswith("already in the NanoAOD Electron_pt") and "Electron_eCorr" in why
        assert "no electron energy-scale term" in why
        assert "electron_ss" not in table[name]["applied"]
    # electron SFs: no file for 2018; data are never reweighted
    assert "chathep corrections add 2018 electron.json.gz" in table[DY]["skipped"]["electron_sf"]
    assert table[DATA]["skipped"]["electron_sf"].startswith("data:")

    # the Run 3 extract: no eCorr, no dEscale -> not calibrated in NanoAOD
    spec3 = _dielectron([tt.name], ["all"])
    table3 = resolve_corrections(spec3, resolve_samples(spec3, catalog))
    keys3 = _keys(demo_data / tt.files[0])
    assert "Electron_eCorr" not in keys3 and not keys3 & set(registry.ELECTRON_SS_UNCERTAINTIES)
    why3 = table3[tt.name]["skipped"]["electron_ss"]
    assert why3.startswith("not applied") and "Run 3" in why3


def test_sim13_samples_skip_both_because_nothing_is_mismodelled(demo_data: Path) -> None:
    catalog = default_catalog()
    sim = catalog[DY].model_copy(update={"era": "sim13"})
    spec = _dielectron([DY], ["all"])
    table = resolve_corrections(spec, [sim])
    skipped = table[DY]["skipped"]
    assert "no electron mismodelling is built in" in skipped["electron_ss"]
    assert "scale factors are 1" in skipped["electron_sf"]


def test_a_file_with_the_ul_uncertainty_fields_is_recognised(demo_data: Path) -> None:
    from chathep.corrections_info import electron_ss_record

    sample = default_catalog()[DY]
    ul = frozenset({"Electron_pt", *registry.ELECTRON_SS_UNCERTAINTIES})
    why = electron_ss_record(sample, ul)
    assert why.startswith("already in the NanoAOD Electron_pt") and "dEsigma" in why
    assert "electron_ss_unc" in why
    unknown = electron_ss_record(sample, frozenset({"Electron_pt"}))
    assert "does not show whether Electron_pt is calibrated" in unknown


def test_all_leaves_electron_corrections_out_without_electrons_but_not_by_name() -> None:
    muons = {"Muon"}
    assert "electron_ss" not in registry.requested(["all"], muons)
    assert "electron_sf" not in registry.requested(["all"], muons)
    assert {"electron_ss", "electron_sf"} <= set(registry.requested(["all"], {"Electron"}))
    # asked for by name, it is listed (as skipped: "the analysis uses no electrons")
    assert registry.requested(["electron_sf"], muons) == ["electron_sf"]


def test_words_ask_for_the_right_correction() -> None:
    from chathep.planner.parser import parse_request

    cases = {
        "dielectron mass with electron energy scale and smearing": {"electron_ss"},
        "dielectron mass with electron ID scale factors": {"electron_sf"},
        "dielectron mass with electron scale factors": {"electron_sf"},
        "dielectron mass with the electron smearing and electron SFs": {
            "electron_ss",
            "electron_sf",
        },
    }
    for text, wanted in cases.items():
        draft = parse_request(text, default_catalog()).draft
        assert set(draft.corrections) == wanted, (text, draft.corrections)


def test_electron_working_points() -> None:
    wp = cu.electron_working_point
    assert wp([("cutBased", ">=", 4)]) == "Tight"
    assert wp([("cutBased", ">=", 2.0), ("cutBased", ">", 2)]) == "Medium"
    assert wp([("cutBased", "==", 1)]) == "Veto"
    assert wp([("mvaFall17V2Iso_WP90", "==", True), ("cutBased", ">=", 4)]) == "wp90iso"
    assert wp([("mvaIso_WP80", "==", True)]) == "wp80iso"
    assert wp([("pt", ">", 20)]) is None


# --- answers through the API (parser mode) --------------------------------------------------


def test_answers_list_electron_corrections_only_when_electrons_are_used(tmp_path: Path) -> None:
    from chathep.api import ask

    ee = ask(
        "dielectron mass in 2018 data vs DY with all corrections",
        planner="parser",
        out_dir=tmp_path / "ee",
    )
    assert ee.kind == "analysis" and ee.corrections, ee.message
    for name in (DATA, DY):
        skipped = ee.corrections[name]["skipped"]
        assert "Electron_eCorr" in skipped["electron_ss"]
    assert (
        "chathep corrections add 2018 electron.json.gz"
        in ee.corrections[DY]["skipped"]["electron_sf"]
    )
    assert "electron_ss (already in the NanoAOD Electron_pt" in ee.plan
    assert "electron_sf (no correctionlib file is registered for era 2018" in ee.plan
    cited = {c.source for c in ee.citations}
    assert "knowledge_base/recipes/electron_scale_smearing.md" in cited

    mm = ask(
        "dimuon mass in 2018 data vs DY with all corrections",
        planner="parser",
        out_dir=tmp_path / "mm",
    )
    assert mm.kind == "analysis" and mm.corrections, mm.message
    for name in (DATA, DY):
        record = mm.corrections[name]
        assert not {"electron_ss", "electron_sf"} & {*record["applied"], *record["skipped"]}
    assert "electron" not in mm.plan.lower()
    assert "electron_s" not in (mm.code or "")
    assert "rochester" in mm.corrections[DY]["applied"]  # the muon corrections are there
    assert not any("electron" in c.source for c in mm.citations)


# --- electron scale factors from a registered EGM-format file -------------------------------

ETA_EDGES = [-2.5, -1.566, -1.444, 0.0, 1.444, 1.566, 2.5]
ID_PT = [10.0, 20.0, 35.0, 50.0, 100.0, 500.0]
RECO_LOW_PT = [10.0, 20.0]
RECO_HIGH_PT = [20.0, 45.0, 75.0, 100.0, 500.0]
_ETA_FACTOR = np.array([0.95, 0.9, 0.97, 0.99, 0.91, 0.96])


def _table(pt_edges: list[float], base: float) -> np.ndarray:
    """(eta bin, pt bin) SFs that differ in every bin."""
    n_pt = len(pt_edges) - 1
    return np.round(_ETA_FACTOR[:, None] * (base + 0.01 * np.arange(n_pt))[None, :], 5)


TABLES = {
    # year 2018
    "Tight": (ID_PT, _table(ID_PT, 0.60)),
    "Medium": (ID_PT, _table(ID_PT, 0.70)),
    "Loose": (ID_PT, _table(ID_PT, 0.98)),
    "RecoBelow20": (RECO_LOW_PT, _table(RECO_LOW_PT, 1.05)),
    "RecoAbove20": (RECO_HIGH_PT, _table(RECO_HIGH_PT, 1.02)),
}
UNC = 0.02  # sfup/sfdown = sf +/- UNC x sf


def _egm_correction() -> cs.Correction:
    def wp_node(year_factor: float, shift: float) -> cs.Category:
        items = []
        for wp, (pt_edges, table) in TABLES.items():
            values = table * year_factor * (1 + shift * UNC)
            items.append(
                cs.CategoryItem(
                    key=wp,
                    value=cs.MultiBinning(
                        nodetype="multibinning",
                        inputs=["eta", "pt"],
                        edges=[ETA_EDGES, pt_edges],
                        content=[float(v) for v in values.ravel()],
                        flow="error",
                    ),
                )
            )
        return cs.Category(nodetype="category", input="WorkingPoint", content=items)

    def year_node(year_factor: float) -> cs.Category:
        return cs.Category(
            nodetype="category",
            input="ValType",
            content=[
                cs.CategoryItem(key=k, value=wp_node(year_factor, shift))
                for k, shift in (("sf", 0), ("sfup", 1), ("sfdown", -1))
            ],
        )

    return cs.Correction(
        name="UL-Electron-ID-SF",
        version=2,
        inputs=[
            cs.Variable(name="year", type="string", description="year/scenario"),
            cs.Variable(name="ValType", type="string", description="sf/sfup/sfdown"),
            cs.Variable(name="WorkingPoint", type="string", description="Working Point"),
            cs.Variable(name="eta", type="real", description="supercluster eta"),
            cs.Variable(name="pt", type="real", description="pt"),
        ],
        output=cs.Variable(name="weight", type="real", description="value"),
        data=cs.Category(
            nodetype="category",
            input="year",
            content=[
                cs.CategoryItem(key="2017", value=year_node(0.5)),  # must not be picked
                cs.CategoryItem(key="2018", value=year_node(1.0)),
            ],
        ),
    )


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, demo_data: Path):
    """A private data directory (the demo files linked in) and its user files."""
    data = tmp_path / "data"
    data.mkdir()
    for name in DEMO_FILES:
        (data / name).symlink_to(demo_data / name)
    monkeypatch.setenv("CHATHEP_DATA_DIR", str(data))
    get_settings.cache_clear()
    yield get_settings()
    monkeypatch.undo()
    get_settings.cache_clear()


@pytest.fixture
def egm_file(tmp_path: Path) -> Path:
    cset = cs.CorrectionSet(schema_version=2, corrections=[_egm_correction()])
    path = tmp_path / "electron.json"
    path.write_text(cset.model_dump_json(exclude_unset=True))
    return path


def _lookup(wp: str, eta: np.ndarray, pt: np.ndarray, shift: int) -> np.ndarray:
    pt_edges, table = TABLES[wp]
    i = np.clip(np.searchsorted(ETA_EDGES, eta, side="right") - 1, 0, len(ETA_EDGES) - 2)
    j = np.clip(np.searchsorted(pt_edges, pt, side="right") - 1, 0, len(pt_edges) - 2)
    return table[i, j] * (1 + shift * UNC)


def test_electron_sfs_from_a_registered_egm_file(env, egm_file, demo_data, tmp_path) -> None:
    from chathep.engine import run_spec

    (info,) = cu.add("2018", [egm_file])
    assert info.uses == {"UL-Electron-ID-SF": "electron_sf"}
    cuts = [
        {"field": "pt", "op": ">", "value": 7},
        {"field": "eta", "op": "<", "value": 2.5, "abs": True},
        {"field": "cutBased", "op": ">=", "value": 2},  # loose: two events with two electrons
    ]
    spec = _dielectron([DATA, DY], ["electron_sf"], cuts)
    out = run_spec(spec, workdir=tmp_path / "run")
    result = out.result
    assert "electron_sf" in result.corrections[DY]["applied"]
    assert result.corrections[DATA]["skipped"]["electron_sf"].startswith("data:")

    # the reference: uproot + NumPy from the tables above
    with uproot.open(demo_data / "nano_dy.root") as f:
        ev = f["Events"].arrays(
            ["Electron_pt", "Electron_eta", "Electron_deltaEtaSC", "Electron_cutBased",
             "genWeight"]
        )  # fmt: skip
    good = (ev.Electron_pt > 7) & (abs(ev.Electron_eta) < 2.5) & (ev.Electron_cutBased >= 2)
    sel = ak.to_numpy(ak.num(ev.Electron_pt[good]) >= 1)
    pt = ev.Electron_pt[good][sel]
    eta_sc = (ev.Electron_eta + ev.Electron_deltaEtaSC)[good][sel]
    counts = ak.to_numpy(ak.num(pt))
    flat_pt = ak.to_numpy(ak.flatten(pt)).astype(np.float64)
    flat_eta = ak.to_numpy(ak.flatten(eta_sc)).astype(np.float64)
    # the demo DY extract: electrons below 20 GeV (RecoBelow20), above (RecoAbove20), and an
    # event with two (a product of SFs)
    assert (flat_pt < 20).sum() >= 1 and (flat_pt >= 20).sum() >= 2 and (counts >= 2).any()
    s = default_catalog()[DY]
    lumi = default_catalog()[DATA].lumi_pb
    norm = ak.to_numpy(ev.genWeight[sel]).astype(float) * s.xsec_pb * lumi / s.sum_genweight

    def event_sf(shift: int) -> np.ndarray:
        reco = np.where(
            flat_pt < 20,
            _lookup("RecoBelow20", flat_eta, flat_pt, shift),
            _lookup("RecoAbove20", flat_eta, flat_pt, shift),
        )
        per_electron = _lookup("Loose", flat_eta, flat_pt, shift) * reco
        return ak.to_numpy(ak.prod(ak.unflatten(per_electron, counts), axis=1))

    h = result.histograms["e_pt"]

    def expected(weights: np.ndarray) -> np.ndarray:
        per_electron = np.repeat(norm * weights, counts)
        return np.histogram(flat_pt, bins=10, range=(0, 100), weights=per_electron)[0]

    nominal = event_sf(0)
    assert not np.allclose(nominal, 1.0)
    np.testing.assert_allclose(h[DY, "nominal", :].values(), expected(nominal), rtol=1e-6)
    np.testing.assert_allclose(h[DY, "electronSFUp", :].values(), expected(event_sf(1)), rtol=1e-6)
    np.testing.assert_allclose(
        h[DY, "electronSFDown", :].values(), expected(event_sf(-1)), rtol=1e-6
    )
    # the data are not reweighted
    np.testing.assert_array_equal(
        h[DATA, "electronSFUp", :].values(), h[DATA, "nominal", :].values()
    )


def test_a_file_without_the_working_point_is_skipped_with_what_it_holds(env, egm_file) -> None:
    cu.add("2018", [egm_file])
    entries, why = cu.electron_sf_entries("2018", "wp80iso")
    assert entries == [] and why is not None
    assert "UL-Electron-ID-SF" in why and "wp80iso" in why
    entries, why = cu.electron_sf_entries("2018", "Medium")
    assert why is None
    assert [e.get("pt_window") for e in entries] == [None, [None, 20.0], [20.0, None]]
    values = [next(i["value"] for i in e["inputs"] if i["name"] == "WorkingPoint") for e in entries]
    assert values == ["Medium", "RecoBelow20", "RecoAbove20"]
    assert all(next(i["value"] for i in e["inputs"] if i["name"] == "year") == "2018"
               for e in entries)  # fmt: skip


# --- the UL uncertainty fields as electron-momentum variations ------------------------------

UL_FIELDS = ("dEscaleUp", "dEscaleDown", "dEsigmaUp", "dEsigmaDown")


def _write_ul_file(path: Path, n: int, *, mc: bool, seed: int, zero_scale: bool = False) -> Path:
    """A small UL-NanoAOD-like file: Electron with the dEscale/dEsigma energy shifts."""
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 3, n)
    total = int(counts.sum())
    pt = rng.uniform(15.0, 30.0, total)  # many electrons near the 20 GeV cut
    eta = rng.uniform(-2.4, 2.4, total)
    energy = pt * np.cosh(eta)
    flat = {
        "pt": pt.astype(np.float32),
        "eta": eta.astype(np.float32),
        "phi": rng.uniform(-np.pi, np.pi, total).astype(np.float32),
        "mass": np.full(total, 0.000511, np.float32),
        "charge": rng.choice([-1, 1], total).astype(np.int32),
        "cutBased": rng.integers(0, 5, total).astype(np.int32),
        "deltaEtaSC": np.zeros(total, np.float32),
    }
    # energy shifts of a few per cent (E_var = E - dE), scale and smearing of opposite signs
    shifts = {"dEscaleUp": -0.03, "dEscaleDown": 0.03, "dEsigmaUp": -0.05, "dEsigmaDown": 0.02}
    for field, frac in shifts.items():
        zero = zero_scale and field.startswith("dEscale")
        flat[field] = (0.0 if zero else frac) * energy.astype(np.float32)
    branches = {
        "Electron": ak.unflatten(ak.zip(flat), counts),
        "run": np.full(n, 1, np.uint32),
        "luminosityBlock": np.full(n, 1, np.uint32),
        "event": np.arange(n, dtype=np.uint64),
    }
    if mc:
        branches["genWeight"] = np.ones(n, np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with uproot.recreate(path) as f:
        f.mktree("Events", {k: v.type if isinstance(v, ak.Array) else v.dtype
                            for k, v in branches.items()})  # fmt: skip
        f["Events"].extend(branches)
    return path


@pytest.fixture
def ul_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh data directory and user catalog with a UL-like data and MC sample."""
    from chathep import datasets

    monkeypatch.setenv("CHATHEP_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    default_catalog.cache_clear()  # type: ignore[attr-defined]
    files = tmp_path / "files"
    mc = _write_ul_file(files / "ul_dy.root", 400, mc=True, seed=3)
    data = _write_ul_file(files / "ul_data.root", 100, mc=False, seed=4)
    datasets.add("ul_data", [data], kind="data", era="2018", sqrt_s_tev=13.0, lumi_pb=10.0)
    datasets.add("ul_dy", [mc], kind="mc", era="2018", sqrt_s_tev=13.0, xsec_pb=100.0,
                 process="DY")  # fmt: skip
    yield mc
    monkeypatch.undo()
    get_settings.cache_clear()
    default_catalog.cache_clear()  # type: ignore[attr-defined]


def test_ul_scale_and_smearing_variations_against_awkward(ul_env: Path, tmp_path: Path) -> None:
    from chathep.engine import run_spec

    spec = _dielectron(
        ["ul_data", "ul_dy"],
        ["all"],
        [{"field": "pt", "op": ">", "value": 20}, {"field": "cutBased", "op": ">=", "value": 2}],
    )
    out = run_spec(spec, workdir=tmp_path / "run")
    result = out.result
    record = result.corrections["ul_dy"]
    assert "electron_ss_unc" in record["applied"]
    assert "electron_ss_unc" in record["skipped"].get("electron_ss", "")  # names its variations
    assert result.corrections["ul_data"]["skipped"]["electron_ss_unc"].startswith("data:")

    # the reference: awkward on the file, the selection redone with each varied pT
    ev = uproot.open(ul_env)["Events"].arrays()
    ele = ak.zip({f: ev[f"Electron_{f}"] for f in ("pt", "eta", "cutBased", *UL_FIELDS)})
    energy = ele.pt * np.cosh(ele.eta)
    weight = 100.0 * 10.0 / len(ev)  # xsec x lumi / sum genWeight (genWeight = 1)
    h = result.histograms["e_pt"]

    def expected(pt: ak.Array) -> np.ndarray:
        good = (pt > 20) & (ele.cutBased >= 2)
        chosen = pt[good][ak.num(pt[good]) >= 1]
        return np.histogram(ak.to_numpy(ak.flatten(chosen)), bins=10, range=(0, 100))[0] * weight

    np.testing.assert_allclose(h["ul_dy", "nominal", :].values(), expected(ele.pt), rtol=1e-5)
    for variation, field in zip(
        ("EleScaleUp", "EleScaleDown", "EleSmearUp", "EleSmearDown"), UL_FIELDS, strict=True
    ):
        varied = ele.pt * (1.0 - ele[field] / energy)
        want = expected(varied)
        assert not np.allclose(want, expected(ele.pt)), variation  # the shift moves events
        np.testing.assert_allclose(h["ul_dy", variation, :].values(), want, rtol=1e-5)
        # data keep their nominal
        np.testing.assert_array_equal(
            h["ul_data", variation, :].values(), h["ul_data", "nominal", :].values()
        )
    assert {"EleScale", "EleSmear"} <= set(result.systematics["sources"])


def test_zero_scale_shifts_are_said(tmp_path: Path) -> None:
    from chathep.corrections_info import electron_ss_record

    path = _write_ul_file(tmp_path / "zero.root", 20, mc=True, seed=5, zero_scale=True)
    keys = frozenset(uproot.open(path)["Events"].keys())
    sample = default_catalog()[DY]
    why = electron_ss_record(sample, keys, path)
    assert "Electron_dEscaleUp/Down are all zero" in why
    other = _write_ul_file(tmp_path / "nonzero.root", 20, mc=True, seed=5)
    assert "all zero" not in electron_ss_record(sample, keys, other)
