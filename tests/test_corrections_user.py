"""User-registered correctionlib files (``chathep corrections add ERA FILE``) used by the code.

A small muon_Z-style and puWeights-style CorrectionSet is built here with
``correctionlib.schemav2`` (known values per bin), registered for the demo era 2018, and a
dimuon analysis asking for the muon scale factors and pileup reweighting is run in the
sandbox. The weighted histograms are compared with an uproot + awkward + NumPy computation
of the same per-muon products and per-event pileup weights, written here from the bin values
(no correctionlib, no chathep). Bad files are refused with typed errors, the user file
unchanged.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import awkward as ak
import correctionlib.schemav2 as cs
import numpy as np
import pytest
import uproot
from typer.testing import CliRunner

from chathep import corrections_user as cu
from chathep.catalog import default_catalog
from chathep.config import get_settings

DATA, DY = "data_2018A_doublemuon", "dy_2018"
DEMO_FILES = ("nano_dy.root", "nano_dimuon.root")

# per-bin values: |eta| edges x pT edges; the real NUM_TightID_DEN_TrackerMuons (2018_UL)
# starts at pT 15 GeV and covers |eta| < 2.4
ETA_EDGES = [0.0, 0.9, 1.2, 2.1, 2.4]
PT_EDGES = [15.0, 20.0, 30.0, 50.0, 120.0]
ID_SF = np.array(
    [[0.97, 0.98, 0.99, 0.995], [0.96, 0.97, 0.985, 0.99], [0.95, 0.965, 0.98, 0.99],
     [0.93, 0.95, 0.97, 0.98]]
)  # fmt: skip
ID_UNC = 0.01 + 0.002 * np.arange(16).reshape(4, 4)
ISO_SF = np.array(
    [[1.01, 1.005, 1.0, 0.999], [1.02, 1.01, 1.0, 0.998], [1.03, 1.02, 1.01, 1.0],
     [1.04, 1.03, 1.02, 1.01]]
)  # fmt: skip
ISO_UNC = np.full((4, 4), 0.004)
PU_EDGES = np.arange(0.0, 100.0, 10.0)  # 9 bins of 10 true interactions
PU_NOMINAL = np.array([1.8, 1.4, 1.1, 0.95, 0.85, 0.7, 0.6, 0.5, 0.4])
PU_UP = PU_NOMINAL * 1.1
PU_DOWN = PU_NOMINAL * 0.9


def _muon_correction(name: str, sf: np.ndarray, unc: np.ndarray) -> cs.Correction:
    """A JSON-POG muon_Z entry: inputs (abseta, pt, scale_factors), flow "error" like the POG."""

    def leaf(i: int, j: int) -> cs.Category:
        values = {"nominal": sf[i, j], "systup": sf[i, j] + unc[i, j],
                  "systdown": sf[i, j] - unc[i, j], "syst": unc[i, j]}  # fmt: skip
        return cs.Category(
            nodetype="category",
            input="scale_factors",
            content=[cs.CategoryItem(key=k, value=float(v)) for k, v in values.items()],
        )

    return cs.Correction(
        name=name,
        version=1,
        inputs=[
            cs.Variable(name="abseta", type="real", description="muon |eta|"),
            cs.Variable(name="pt", type="real", description="muon pT"),
            cs.Variable(name="scale_factors", type="string", description="nominal, systup..."),
        ],
        output=cs.Variable(name="weight", type="real"),
        data=cs.MultiBinning(
            nodetype="multibinning",
            inputs=["abseta", "pt"],
            edges=[ETA_EDGES, PT_EDGES],
            content=[leaf(i, j) for i in range(4) for j in range(4)],
            flow="error",
        ),
    )


def _pileup_correction() -> cs.Correction:
    content = [
        cs.Category(
            nodetype="category",
            input="weights",
            content=[
                cs.CategoryItem(key="nominal", value=float(n)),
                cs.CategoryItem(key="up", value=float(u)),
                cs.CategoryItem(key="down", value=float(d)),
            ],
        )
        for n, u, d in zip(PU_NOMINAL, PU_UP, PU_DOWN, strict=True)
    ]
    return cs.Correction(
        name="Collisions18_UltraLegacy_goldenJSON",
        version=0,
        inputs=[
            cs.Variable(name="NumTrueInteractions", type="real"),
            cs.Variable(name="weights", type="string", description="nominal, up, or down"),
        ],
        output=cs.Variable(name="weight", type="real"),
        data=cs.Binning(
            nodetype="binning",
            input="NumTrueInteractions",
            edges=list(PU_EDGES),
            content=content,
            flow="clamp",
        ),  # fmt: skip
    )


def _write(path: Path, *corrections: cs.Correction, gz: bool = False) -> Path:
    cset = cs.CorrectionSet(schema_version=2, corrections=list(corrections))
    text = cset.model_dump_json(exclude_unset=True)
    if gz:
        path.write_bytes(gzip.compress(text.encode()))
    else:
        path.write_text(text)
    return path


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
def pog_files(tmp_path: Path) -> dict[str, Path]:
    files = tmp_path / "pog"
    files.mkdir()
    return {
        "muon": _write(
            files / "muon_Z.json.gz",
            _muon_correction("NUM_TightID_DEN_TrackerMuons", ID_SF, ID_UNC),
            _muon_correction("NUM_TightRelIso_DEN_TightIDandIPCut", ISO_SF, ISO_UNC),
            _muon_correction("NUM_LooseID_DEN_TrackerMuons", ID_SF * 0 + 0.5, ID_UNC),
            gz=True,
        ),
        "pileup": _write(files / "puWeights.json", _pileup_correction()),
    }


# --- the reference: bins by hand ------------------------------------------------------------


def _bin(values: np.ndarray, edges: list[float] | np.ndarray) -> np.ndarray:
    """Index of the bin of each value, values beyond the edges in the first/last bin."""
    edges = np.asarray(edges, dtype=float)
    return np.clip(np.searchsorted(edges, values, side="right") - 1, 0, len(edges) - 2)


def _muon_sf_by_hand(eta: np.ndarray, pt: np.ndarray, shift: int) -> np.ndarray:
    i, j = _bin(np.abs(eta), ETA_EDGES), _bin(pt, PT_EDGES)
    return (ID_SF[i, j] + shift * ID_UNC[i, j]) * (ISO_SF[i, j] + shift * ISO_UNC[i, j])


def _reference(demo_data: Path) -> dict[str, np.ndarray]:
    """pT of every selected muon (events with one or more), and its event's weights, written
    from the tables above."""
    with uproot.open(demo_data / "nano_dy.root") as f:
        ev = f["Events"].arrays(
            ["Muon_pt", "Muon_eta", "Muon_tightId", "Muon_pfRelIso04_all", "genWeight",
             "Pileup_nTrueInt"]
        )  # fmt: skip
    good = (
        (ev.Muon_pt > 5) & (abs(ev.Muon_eta) < 2.4) & ev.Muon_tightId
        & (ev.Muon_pfRelIso04_all < 0.15)
    )  # fmt: skip
    pt, eta = ev.Muon_pt[good], ev.Muon_eta[good]
    sel = ak.to_numpy(ak.num(pt) >= 1)
    pt, eta = pt[sel], eta[sel]
    counts = ak.to_numpy(ak.num(pt))
    s = default_catalog()[DY]
    lumi = default_catalog()[DATA].lumi_pb
    norm = ak.to_numpy(ev.genWeight[sel]).astype(float) * s.xsec_pb * lumi / s.sum_genweight
    flat_eta, flat_pt = ak.to_numpy(ak.flatten(eta)), ak.to_numpy(ak.flatten(pt))
    pu_bin = _bin(ak.to_numpy(ev.Pileup_nTrueInt[sel]), PU_EDGES)
    out: dict[str, np.ndarray] = {"pt": flat_pt, "counts": counts}
    for name, shift in (("nominal", 0), ("up", 1), ("down", -1)):
        per_muon = ak.unflatten(_muon_sf_by_hand(flat_eta, flat_pt, shift), counts)
        out[f"muon_{name}"] = ak.to_numpy(ak.prod(per_muon, axis=1))
    for name, table in (("nominal", PU_NOMINAL), ("up", PU_UP), ("down", PU_DOWN)):
        out[f"pu_{name}"] = table[pu_bin]
    out["norm"] = norm
    return out


REQUEST = {
    "title": "muon pT with muon SFs and pileup",
    "samples": [DATA, DY],
    "objects": [{"name": "muons", "source": "Muon", "cuts": [
        {"field": "pt", "op": ">", "value": 5}, {"field": "eta", "op": "<", "value": 2.4,
                                                  "abs": True},
        {"field": "tightId", "op": "==", "value": True},
        {"field": "pfRelIso04_all", "op": "<", "value": 0.15}]}],
    "selection": [{"name": "a muon", "count": "muons", "op": ">=", "value": 1}],
    "observables": [{"name": "mu_pt", "kind": "field", "of": "muons", "field": "pt"}],
    "histograms": [{"name": "mu_pt", "observable": "mu_pt", "bins": 12, "start": 0,
                    "stop": 120, "label": "muon pT", "unit": "GeV"}],
}  # fmt: skip


def test_registered_files_are_read_by_the_generated_code(env, pog_files, demo_data, tmp_path):
    from chathep.engine import run_spec
    from chathep.spec import parse_spec

    infos = cu.add("2018", [pog_files["muon"], pog_files["pileup"]])
    assert infos[0].uses == {
        "NUM_TightID_DEN_TrackerMuons": "muon_sf",
        "NUM_TightRelIso_DEN_TightIDandIPCut": "muon_sf",
        "NUM_LooseID_DEN_TrackerMuons": "muon_sf",
    }
    assert infos[1].uses == {"Collisions18_UltraLegacy_goldenJSON": "pileup"}
    spec = parse_spec({**REQUEST, "corrections": ["muon_sf", "pileup"]})
    out = run_spec(spec, workdir=tmp_path / "run")
    code = (tmp_path / "run" / "analysis.py").read_text()
    assert "correctionlib.CorrectionSet.from_file(path)" in code
    assert str(pog_files["muon"]) in code and "NUM_LooseID_DEN_TrackerMuons" not in code
    result = out.result
    assert result.corrections[DY]["applied"][-2:] == ["pileup", "muon_sf"]
    assert set(result.corrections[DATA]["skipped"]) == {"muon_sf", "pileup"}
    ref = _reference(demo_data)
    # the 40-event demo DY extract: 8 selected events, 4 with two muons (a product of SFs),
    # one muon below the 15 GeV of the first pT bin (clamped into it)
    assert len(ref["counts"]) >= 8 and (ref["counts"] >= 2).sum() >= 4
    assert (ref["pt"] < 15).sum() >= 1
    h = result.histograms["mu_pt"]

    def expected(event_weights: np.ndarray) -> np.ndarray:
        per_muon = np.repeat(ref["norm"] * event_weights, ref["counts"])
        return np.histogram(ref["pt"], bins=12, range=(0, 120), weights=per_muon)[0]

    both = ref["muon_nominal"] * ref["pu_nominal"]
    np.testing.assert_allclose(h[DY, "nominal", :].values(), expected(both), rtol=1e-6)
    for var in ("up", "down"):
        syst = "Up" if var == "up" else "Down"
        muon = ref[f"muon_{var}"] * ref["pu_nominal"]
        pileup = ref["muon_nominal"] * ref[f"pu_{var}"]
        np.testing.assert_allclose(h[DY, f"muonSF{syst}", :].values(), expected(muon), rtol=1e-6)
        np.testing.assert_allclose(h[DY, f"pileup{syst}", :].values(), expected(pileup), rtol=1e-6)
    # the weights are not trivially one: the comparison can fail
    assert not np.allclose(both, 1.0) and not np.allclose(ref["muon_up"], ref["muon_nominal"])
    # the data are not reweighted
    np.testing.assert_array_equal(h[DATA, "muonSFUp", :].values(), h[DATA, "nominal", :].values())
    assert result.metadata["correction_files"][str(pog_files["muon"])] == infos[0].sha256


def test_a_request_in_words_applies_the_registered_muon_sfs(env, pog_files, tmp_path):
    from chathep.api import ask

    cu.add("2018", [pog_files["muon"]])
    answer = ask(
        "dimuon mass in 2018 data vs DY with muon scale factors and pileup reweighting",
        out_dir=tmp_path / "ask",
        planner="parser",
    )
    assert answer.code is not None, answer.question or answer.error
    assert '"correction": "NUM_TightID_DEN_TrackerMuons"' in answer.code
    assert "muon_sf_weights(objects[" in answer.code
    assert "muon_sf (dy_2018)" in answer.plan
    assert "muon_sf" in answer.corrections[DY]["applied"]
    # pileup was asked for but the era has no puWeights file: skipped with that reason
    namespace: dict = {}
    exec(answer.code[answer.code.index("CORRECTIONS = ") : answer.code.index("#: Entries")],
         namespace)  # fmt: skip
    dy = namespace["CORRECTIONS"][DY]
    assert "muon_sf" in dy["applied"]
    assert "chathep corrections add 2018 puWeights.json" in dy["skipped"]["pileup"]
    cited = {c.source for c in answer.citations}
    assert "knowledge_base/recipes/muon_sf.md" in cited


def test_without_a_file_the_correction_is_skipped_with_the_command(env):
    from chathep.corrections_info import resolve_corrections
    from chathep.resolve import resolve_samples
    from chathep.spec import parse_spec

    spec = parse_spec({**REQUEST, "corrections": ["muon_sf", "pileup"]})
    table = resolve_corrections(spec, resolve_samples(spec, default_catalog()))
    skipped = table[DY]["skipped"]
    assert "chathep corrections add 2018 muon_Z.json" in skipped["muon_sf"]
    assert "chathep corrections add 2018 puWeights.json" in skipped["pileup"]


def test_working_points_choose_the_entries(env, pog_files):
    cu.add("2018", [pog_files["muon"]])
    loose, why = cu.muon_sf_entries("2018", "Loose", None)
    assert why is None and [e["correction"] for e in loose] == ["NUM_LooseID_DEN_TrackerMuons"]
    medium, why = cu.muon_sf_entries("2018", "Medium", "Tight")
    assert medium == [] and "NUM_MediumID_DEN_TrackerMuons" in why
    assert cu.muon_working_points([("tightId", "==", True), ("pfRelIso04_all", "<", 0.15)]) == (
        "Tight",
        "Tight",
    )
    assert cu.muon_working_points([("mediumId", "==", True), ("pfRelIso04_all", "<", 0.25)]) == (
        "Medium",
        "Loose",
    )
    # the inputs are fed by name, pT clamped into [15, 120) as the file's bins cover
    (tight_id, _), _ = cu.muon_sf_entries("2018", "Tight", "Tight")
    assert [i["name"] for i in tight_id["inputs"]] == ["abseta", "pt", "scale_factors"]
    lo, hi = tight_id["inputs"][1]["range"]
    assert lo == 15.0 and 119.99 < hi < 120.0
    assert tight_id["inputs"][2]["variation"] == {
        "nominal": "nominal", "up": "systup", "down": "systdown"
    }  # fmt: skip


def test_the_old_ul_layout_with_a_year_input_is_bound(env, tmp_path):
    """Run-2 UL muon_Z files had inputs (year, abseta, pt, ValType = sf/systup/systdown)."""
    corr = cs.Correction(
        name="NUM_TightID_DEN_TrackerMuons",
        version=1,
        inputs=[
            cs.Variable(name="year", type="string"),
            cs.Variable(name="abseta", type="real"),
            cs.Variable(name="pt", type="real"),
            cs.Variable(name="ValType", type="string"),
        ],
        output=cs.Variable(name="weight", type="real"),
        data=cs.Category(
            nodetype="category",
            input="year",
            content=[
                cs.CategoryItem(
                    key="2018_UL",
                    value=cs.Category(
                        nodetype="category",
                        input="ValType",
                        content=[
                            cs.CategoryItem(key=k, value=v)
                            for k, v in (("sf", 0.99), ("systup", 1.0), ("systdown", 0.98))
                        ],
                    ),  # fmt: skip
                )
            ],
        ),
    )
    cu.add("2018", [_write(tmp_path / "old_muon_Z.json", corr)])
    (entry,), why = cu.muon_sf_entries("2018", "Tight", None)
    assert why is None
    assert entry["inputs"][0] == {"name": "year", "value": "2018_UL"}
    assert entry["inputs"][3]["variation"] == {"nominal": "sf", "up": "systup", "down": "systdown"}


# --- registration: errors leave the user file unchanged -------------------------------------


def test_bad_files_are_refused_and_nothing_changes(env, pog_files, tmp_path):
    cu.add("2018", [pog_files["muon"]])
    store = cu.user_corrections_path()
    before = store.read_text()
    (tmp_path / "notes.txt").write_text("JER 0.0 0.5 1.1\n")
    (tmp_path / "other.json").write_text(json.dumps({"bins": [1, 2, 3]}))
    broken = json.loads(Path(pog_files["pileup"]).read_text())
    broken["corrections"][0]["data"]["edges"] = [3.0, 2.0, 1.0]  # not increasing
    (tmp_path / "broken.json").write_text(json.dumps(broken))
    cases = [
        (tmp_path / "nope.json", cu.CorrectionFileMissingError, "does not exist"),
        (tmp_path / "notes.txt", cu.NotJsonError, "not JSON"),
        (tmp_path / "other.json", cu.NotCorrectionlibError, "not a correctionlib"),
        (tmp_path / "broken.json", cu.NotCorrectionlibError, "not a valid correctionlib"),
    ]
    for path, error, words in cases:
        with pytest.raises(error) as caught:
            cu.add("2018", [pog_files["pileup"], path])
        assert words in caught.value.message and caught.value.hint
        assert store.read_text() == before  # the good file given with it was not added either
    # the same correction name in two files of one era
    copy = _write(tmp_path / "copy.json", _muon_correction("NUM_TightID_DEN_TrackerMuons",
                                                          ID_SF, ID_UNC))  # fmt: skip
    with pytest.raises(cu.DuplicateCorrectionError):
        cu.add("2018", [copy])
    assert store.read_text() == before
    with pytest.raises(cu.EraNotRegisteredError):
        cu.remove("2022")
    with pytest.raises(cu.CorrectionFileError):
        cu.add("", [pog_files["pileup"]])
    assert store.read_text() == before


def test_add_show_remove_and_the_sandbox_sees_the_files(env, pog_files):
    from chathep.sandbox.runner import registered_correction_files

    cu.add("2018", [pog_files["muon"]])
    cu.add("2018", [pog_files["pileup"]])
    shown = cu.show()
    assert [i.path for i in shown["2018"]] == [pog_files["muon"], pog_files["pileup"]]
    assert registered_correction_files(env) == [pog_files["muon"], pog_files["pileup"]]
    assert cu.remove("2018", [pog_files["muon"]]) == [str(pog_files["muon"])]
    assert [i.path for i in cu.show("2018")["2018"]] == [pog_files["pileup"]]
    cu.remove("2018")
    assert cu.show() == {} and registered_correction_files(env) == []
    # a registered file that disappears: a typed error naming the file and the remedy
    cu.add("2018", [pog_files["muon"]])
    pog_files["muon"].unlink()
    with pytest.raises(cu.CorrectionFileMissingError) as caught:
        cu.muon_sf_entries("2018", "Tight", "Tight")
    assert "no longer exists" in caught.value.message
    assert f"chathep corrections remove 2018 {pog_files['muon']}" in caught.value.hint


def test_cli_add_show_remove(env, pog_files, tmp_path):
    from chathep.cli import app

    runner = CliRunner()
    added = runner.invoke(app, ["corrections", "add", "2018", str(pog_files["muon"])])
    assert added.exit_code == 0, added.output
    assert "NUM_TightID_DEN_TrackerMuons(abseta [0, 2.4], pt [15, 120]" in added.output
    assert "used for muon_sf" in added.output
    shown = runner.invoke(app, ["corrections", "show", "2018", "--json"])
    assert json.loads(shown.output)["2018"][0]["corrections"][0]["inputs"][2]["keys"] == [
        "nominal", "syst", "systdown", "systup"
    ]  # fmt: skip
    (tmp_path / "x.txt").write_text("not json")
    bad = runner.invoke(app, ["corrections", "add", "2018", str(tmp_path / "x.txt")])
    assert bad.exit_code == 1 and "not JSON" in bad.output and "Traceback" not in bad.output
    removed = runner.invoke(app, ["corrections", "remove", "2018"])
    assert removed.exit_code == 0 and "Removed 1 file" in removed.output
