"""Your own data (issue #13): register files, ask about them, honest labels, sandbox visibility.

The end-to-end test uses the real CMS 2012 open-data file in ``../shared/data`` and skips with a
reason when ``../shared`` is absent; everything else runs on small ROOT files written here.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import awkward as ak
import numpy as np
import pytest
import uproot

from chathep import datasets
from chathep.catalog import default_catalog, load_catalog, user_catalog_path
from chathep.config import get_settings

FILE_2012 = "data/cms_opendata_2012_doublemuparked_100k.root"


# --------------------------------------------------------------------------- helpers


@pytest.fixture
def user_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A fresh data directory (hence a fresh user catalog) for this test only."""
    data = tmp_path / "data"
    monkeypatch.setenv("CHATHEP_DATA_DIR", str(data))
    get_settings.cache_clear()
    default_catalog.cache_clear()  # type: ignore[attr-defined]
    yield get_settings()
    monkeypatch.undo()
    get_settings.cache_clear()
    default_catalog.cache_clear()  # type: ignore[attr-defined]


def _muons(n: int, seed: int = 1) -> ak.Array:
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 4, n)
    total = int(counts.sum())
    flat = {
        "pt": rng.uniform(5, 60, total).astype(np.float32),
        "eta": rng.uniform(-2.4, 2.4, total).astype(np.float32),
        "phi": rng.uniform(-np.pi, np.pi, total).astype(np.float32),
        "mass": np.full(total, 0.1057, np.float32),
        "charge": rng.choice([-1, 1], total).astype(np.int32),
    }
    return ak.unflatten(ak.zip(flat), counts)


def write_nano(
    path: Path,
    n: int = 50,
    *,
    tree: str = "Events",
    event_ids: bool = False,
    gen_weight: bool = False,
    extra: bool = False,
    seed: int = 1,
) -> Path:
    """A small NanoAOD-like file: nMuon + Muon_*, optionally run/lumi/event and genWeight."""
    branches: dict = {"Muon": _muons(n, seed)}
    if event_ids:
        branches |= {
            "run": np.full(n, 1, np.uint32),
            "luminosityBlock": np.full(n, 1, np.uint32),
            "event": np.arange(n, dtype=np.uint64),
        }
    if gen_weight:
        branches["genWeight"] = np.linspace(0.5, 1.5, n).astype(np.float32)
    if extra:
        branches["MET_pt"] = np.ones(n, np.float32)
    path.parent.mkdir(parents=True, exist_ok=True)
    with uproot.recreate(path) as f:  # a TTree, as NanoAOD (not uproot's default RNTuple)
        f.mktree(
            tree, {k: v.type if isinstance(v, ak.Array) else v.dtype for k, v in branches.items()}
        )
        f[tree].extend(branches)
    return path


def _snapshot(settings) -> bytes | None:
    path = user_catalog_path(settings)
    return path.read_bytes() if path.exists() else None


# --------------------------------------------------------------------------- the API


def test_add_show_remove(user_env, tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    write_nano(folder / "a.root", 30, seed=1)
    write_nano(folder / "sub" / "b.root", 20, seed=2)
    info = datasets.add(
        "mydimu", [folder], kind="data", era="2012", sqrt_s_tev=8, lumi_pb=12.5, label="My data"
    )
    assert info.sample.n_events == 50
    assert info.sample.files == [str(folder / "a.root"), str(folder / "sub" / "b.root")]
    assert info.collections == {"Muon": ["charge", "eta", "mass", "phi", "pt"]}
    assert info.jagged == ["Muon"] and info.nanoaod_like
    assert info.missing_event_ids == ["run", "luminosityBlock", "event"]
    text = info.describe()
    assert "50 events" in text and "Muon[] (5)" in text and "missing" in text

    path = user_catalog_path(user_env)
    assert path == Path(os.environ["CHATHEP_DATA_DIR"]) / "user_catalog.yaml"
    assert path.read_text().startswith("# ChatHEP user catalog")
    sample = default_catalog()["mydimu"]
    assert (sample.kind, sample.sqrt_s_tev, sample.lumi_pb, sample.event_ids) == (
        "data",
        8.0,
        12.5,
        False,
    )
    assert not sample.has_event_ids()
    assert "dy_2018" in default_catalog().samples  # the built-in samples are still there

    shown = datasets.show("mydimu")
    assert shown.collections["Muon"] == ["charge", "eta", "mass", "phi", "pt"]

    # a glob, with run/lumi/event present
    write_nano(tmp_path / "ids" / "c.root", 10, event_ids=True)
    glob_info = datasets.add(
        "withids", [str(tmp_path / "ids" / "*.root")], kind="data", era="2012", sqrt_s_tev=8
    )
    assert glob_info.missing_event_ids == [] and glob_info.sample.lumi_pb is None
    assert default_catalog()["withids"].has_event_ids()

    removed = datasets.remove("mydimu")
    assert removed.name == "mydimu"
    assert "mydimu" not in default_catalog().samples
    assert (folder / "a.root").exists()  # files are never touched
    assert list(datasets.user_samples()) == ["withids"]


def test_mc_sums_genweight(user_env, tmp_path: Path) -> None:
    one = write_nano(tmp_path / "mc1.root", 40, gen_weight=True, seed=3)
    two = write_nano(tmp_path / "mc2.root", 10, gen_weight=True, seed=4)
    info = datasets.add(
        "mymc", [one, two], kind="mc", era="2012", sqrt_s_tev=8, xsec_pb=100.0, process="DY"
    )
    expected = sum(
        float(uproot.open(p)["Events"]["genWeight"].array(library="np").astype(np.float64).sum())
        for p in (one, two)
    )
    assert info.sample.sum_genweight == pytest.approx(expected, rel=1e-12)
    assert [f.n_events for f in info.files] == [40, 10]
    assert default_catalog()["mymc"].xsec_pb == 100.0


def test_file_url_is_stored_unchanged(user_env, tmp_path: Path) -> None:
    local = write_nano(tmp_path / "u.root", 12)
    url = local.resolve().as_uri()  # file:///...: a URL uproot opens without a network
    info = datasets.add("viaurl", [url], kind="data", era="2012", sqrt_s_tev=8)
    assert info.sample.files == [url]
    assert load_catalog(user_catalog_path(user_env), user=True)["viaurl"].files == [url]
    assert info.sample.n_events == 12


def test_unreachable_url_is_one_clear_error(user_env, tmp_path: Path) -> None:
    before = _snapshot(user_env)
    with pytest.raises(datasets.RemoteOpenError) as exc:
        datasets.add(
            "remote",
            ["root://eospublic.cern.ch//eos/opendata/cms/nothing.root"],
            kind="data",
            era="2012",
            sqrt_s_tev=8,
        )
    assert "root://eospublic.cern.ch//eos/opendata/cms/nothing.root" in exc.value.message
    assert "never copied" in exc.value.hint
    assert _snapshot(user_env) == before


@pytest.mark.parametrize(
    ("case", "error", "words"),
    [
        ("missing", datasets.MissingFileError, "does not exist"),
        ("empty_glob", datasets.MissingFileError, "No file matches"),
        ("empty_dir", datasets.MissingFileError, "holds no .root file"),
        ("not_root", datasets.NotRootFileError, "is not a ROOT file"),
        ("no_tree", datasets.TreeNotFoundError, "has no tree 'Events'"),
        ("mixed", datasets.MixedSchemaError, "different branches"),
        ("builtin", datasets.DatasetNameError, "built-in sample"),
        ("taken", datasets.DatasetNameError, "already registered"),
        ("bad_name", datasets.DatasetNameError, "not a valid dataset name"),
        ("mc_no_xsec", datasets.DatasetError, "cross section"),
        ("mc_no_genweight", datasets.DatasetError, "no genWeight"),
    ],
)
def test_bad_input_is_one_clear_error_and_changes_nothing(
    user_env, tmp_path: Path, case: str, error: type, words: str
) -> None:
    good = write_nano(tmp_path / "good.root", 10)
    datasets.add("existing", [good], kind="data", era="2012", sqrt_s_tev=8)
    before = _snapshot(user_env)
    assert before is not None
    name, kind, kwargs = "newone", "data", {}
    if case == "missing":
        paths = [tmp_path / "nope.root"]
    elif case == "empty_glob":
        paths = [str(tmp_path / "nothing" / "*.root")]
    elif case == "empty_dir":
        (tmp_path / "emptydir").mkdir()
        paths = [tmp_path / "emptydir"]
    elif case == "not_root":
        bad = tmp_path / "notes.root"
        bad.write_text("this is not a ROOT file\n")
        paths = [bad]
    elif case == "no_tree":
        paths = [write_nano(tmp_path / "other_tree.root", 5, tree="Muons")]
    elif case == "mixed":
        paths = [good, write_nano(tmp_path / "more.root", 5, extra=True)]
    elif case == "builtin":
        name, paths = "dy_2018", [good]
    elif case == "taken":
        name, paths = "existing", [good]
    elif case == "bad_name":
        name, paths = "2012 data", [good]
    elif case == "mc_no_xsec":
        kind, paths = "mc", [write_nano(tmp_path / "mc.root", 5, gen_weight=True)]
    else:
        kind, paths, kwargs = "mc", [good], {"xsec_pb": 1.0}
    with pytest.raises(error) as exc:
        datasets.add(name, paths, kind=kind, era="2012", sqrt_s_tev=8, **kwargs)
    assert words in exc.value.message
    assert exc.value.hint  # every error says what to do
    assert _snapshot(user_env) == before  # the user catalog is unchanged
    assert list(datasets.user_samples()) == ["existing"]


def test_remove_unknown_and_builtin(user_env) -> None:
    with pytest.raises(datasets.DatasetNameError, match="built-in"):
        datasets.remove("dy_2018")
    with pytest.raises(datasets.DatasetNameError, match="No registered dataset"):
        datasets.remove("never_added")
    assert _snapshot(user_env) is None


def test_add_command_suggestion() -> None:
    line = datasets.add_command("/data/run2012B.root")
    assert line.startswith("chathep datasets add run2012B /data/run2012B.root --kind data")


# --------------------------------------------------------------------------- the CLI


def _cli(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "NO_COLOR": "1", "CHATHEP_DATA_DIR": str(data_dir)}
    return subprocess.run(
        [sys.executable, "-m", "chathep.cli", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def test_cli_add_show_remove(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    path = write_nano(tmp_path / "f.root", 25, event_ids=True)
    common = ["--kind", "data", "--era", "2012", "--sqrt-s", "8", "--lumi-pb", "3.5"]
    added = _cli("datasets", "add", "clidata", str(path), *common, data_dir=data_dir)
    assert added.returncode == 0, added.stderr
    assert "25 events" in added.stdout and "Muon[] (5)" in added.stdout
    assert "run/luminosityBlock/event: present" in added.stdout
    listed = _cli("datasets", "--json", data_dir=data_dir)
    assert json.loads(listed.stdout)["clidata"]["lumi_pb"] == 3.5
    shown = _cli("datasets", "show", "clidata", data_dir=data_dir)
    assert shown.returncode == 0 and "charge, eta, mass, phi, pt" in shown.stdout
    bad = _cli("datasets", "add", "x", str(tmp_path / "nope.root"), *common, data_dir=data_dir)
    assert bad.returncode == 1
    assert "Error:" in bad.stderr and "does not exist" in bad.stderr and "Hint:" in bad.stderr
    assert "Traceback" not in bad.stderr
    removed = _cli("datasets", "remove", "clidata", data_dir=data_dir)
    assert removed.returncode == 0
    assert "clidata" not in json.loads(_cli("datasets", "--json", data_dir=data_dir).stdout)


# --------------------------------------------------------------------------- sandbox


def test_bwrap_binds_registered_files_alone(tmp_path: Path, monkeypatch) -> None:
    """The command line gives the registered file, not its directory (no bwrap needed)."""
    from chathep.sandbox import runner

    monkeypatch.setattr(runner, "bwrap_path", lambda: "/usr/bin/bwrap")
    registered = write_nano(tmp_path / "outside" / "reg.root", 5)
    (tmp_path / "outside" / "sibling.txt").write_text("secret")
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    cmd = runner._bwrap_command(run_dir, [registered.resolve()], drop=False)
    pairs = {(cmd[i], cmd[i + 1]) for i in range(len(cmd) - 1)}
    assert ("--ro-bind", str(registered.resolve())) in pairs
    assert not any(str(tmp_path / "outside" / "sibling.txt") in c for c in cmd)
    folder = str((tmp_path / "outside").resolve())
    # the directory is only created (empty, on the tmpfs over /tmp), never bound
    assert all(cmd[i - 1] == "--dir" for i, c in enumerate(cmd) if c == folder)


def test_sandbox_reads_registered_file_but_not_its_sibling(user_env, tmp_path: Path) -> None:
    from chathep.sandbox import Policy, active_layers, run_script
    from chathep.sandbox.runner import registered_files

    outside = tmp_path / "outside"
    registered = write_nano(outside / "reg.root", 5)
    sibling = outside / "sibling.txt"
    sibling.write_text("not registered")
    datasets.add("sbx", [registered], kind="data", era="2012", sqrt_s_tev=8)
    assert registered.resolve() in registered_files(user_env)
    if active_layers(Policy())["namespaces"] != "bwrap":
        pytest.skip("bubblewrap is not active here: only its mounts hide unregistered files")
    script = tmp_path / "probe.py"
    script.write_text(
        "import sys\n"
        f"print(len(open({str(registered)!r}, 'rb').read()) > 0)\n"
        "try:\n"
        f"    open({str(sibling)!r}).read()\n"
        "    print('sibling readable')\n"
        "except OSError:\n"
        "    print('sibling hidden')\n"
    )
    run = run_script(script, settings=user_env, outputs=(), policy=Policy(kill_on_block=False))
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "sibling", "hidden"]


# --------------------------------------------------------------------------- labels


def test_plot_states_mixed_eras_and_labels(tmp_path: Path) -> None:
    import hist

    from chathep.catalog import Sample
    from chathep.plotting import plot_histograms

    samples = {
        "d12": Sample(
            name="d12", kind="data", process="data", label="Data", era="2012",
            sqrt_s_tev=8.0, files=["/x.root"], n_events=1, lumi_pb=None,
        ),
        "d18": Sample(
            name="d18", kind="data", process="data", label="Data", era="2018",
            sqrt_s_tev=13.0, files=["/y.root"], n_events=1, lumi_pb=1.0,
        ),
    }  # fmt: skip
    h = hist.Hist(
        hist.axis.StrCategory(["d12", "d18"], name="dataset"),
        hist.axis.StrCategory(["nominal"], name="systematic"),
        hist.axis.Regular(10, 0, 100, name="x"),
        storage=hist.storage.Weight(),
    )
    h.fill(dataset="d12", systematic="nominal", x=[10, 20])
    h.fill(dataset="d18", systematic="nominal", x=[30])
    out = plot_histograms(h, {"d12": samples["d12"]}, sqrt_s_tev=8.0, out=tmp_path / "one")
    assert out.label["experiment"] == "CMS Open Data" and out.label["sqrt_s_tev"] == 8.0
    assert out.label["lumi_pb"] is None and out.label["text"] == "(8 TeV)"
    from PIL import Image

    assert json.loads(Image.open(out.png).text["Description"])["sqrt_s_tev"] == 8.0
    both = plot_histograms(h, samples, sqrt_s_tev=8.0, out=tmp_path / "both")
    assert both.label["eras"] == ["2012", "2018"]
    assert both.label["text"].startswith("2012 + 2018")
    assert any("different eras" in w for w in both.warnings)


# --------------------------------------------------------------------------- the 2012 file


def _dimuon_masses(paths: list[Path]) -> np.ndarray:
    """Events with exactly two muons of opposite charge: their invariant mass, in float64."""
    arrays = ak.concatenate(
        [
            uproot.open(p)["Events"].arrays(
                ["Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge"]
            )
            for p in paths
        ]
    )
    arrays = arrays[ak.num(arrays.Muon_pt, axis=1) == 2]
    arrays = arrays[ak.sum(arrays.Muon_charge, axis=1) == 0]

    def legs(field: str) -> np.ndarray:
        column = arrays[field]
        return np.stack([ak.to_numpy(column[:, i]).astype(np.float64) for i in (0, 1)])

    pt, eta, phi, mass = (legs(f) for f in ("Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass"))
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    energy = np.sqrt(px**2 + py**2 + pz**2 + mass**2)
    m2 = energy.sum(0) ** 2 - px.sum(0) ** 2 - py.sum(0) ** 2 - pz.sum(0) ** 2
    return np.sqrt(np.maximum(m2, 0.0))


def _histogram(m: np.ndarray, edges: np.ndarray) -> np.ndarray:
    inside = (m >= edges[0]) & (m < edges[-1])  # hist bins are [lo, hi); np.histogram closes
    return np.histogram(m[inside], bins=edges)[0]  # the last one


def _reference_2012(path: Path) -> tuple[np.ndarray, np.ndarray, int]:
    """Exactly two muons of opposite charge; their invariant mass in float64; hist's [lo, hi)."""
    m = _dimuon_masses([path])
    edges = np.exp(np.linspace(np.log(0.25), np.log(300.0), 101))
    return _histogram(m, edges), edges, len(m)


def write_collinear_pairs(path: Path, n: int = 3000, seed: int = 7) -> Path:
    """Opposite-charge muon pairs 0.002-0.03 apart in eta and phi at pT 20-80 GeV (m ~ 0.1-2 GeV):
    pairs whose mass float32 arithmetic gets wrong in the third digit."""
    rng = np.random.default_rng(seed)
    pt = rng.uniform(20, 80, (n, 2))
    eta = rng.uniform(-2, 2, n)[:, None] + np.c_[np.zeros(n), rng.uniform(0.002, 0.03, n)]
    phi = rng.uniform(-3, 3, n)[:, None] + np.c_[np.zeros(n), rng.uniform(0.002, 0.03, n)]
    flat = {
        "pt": pt.ravel().astype(np.float32),
        "eta": eta.ravel().astype(np.float32),
        "phi": phi.ravel().astype(np.float32),
        "mass": np.full(2 * n, 0.1057, np.float32),
        "charge": np.tile(np.array([-1, 1], np.int32), n),
    }
    with uproot.recreate(path) as f:
        muons = ak.unflatten(ak.zip(flat), np.full(n, 2))
        f.mktree("Events", {"Muon": muons.type})
        f["Events"].extend({"Muon": muons})
    return path


def test_pair_masses_are_computed_in_float64(user_env, tmp_path: Path) -> None:
    """Fine bins over nearly collinear pairs: the same counts as a float64 NumPy reference
    (summed in float32, about a third of these pairs land in another 1 MeV bin)."""
    from chathep.api import ask
    from chathep.results import load_result

    path = write_collinear_pairs(tmp_path / "collinear.root")
    datasets.add("collinear", [path], kind="data", era="2012", sqrt_s_tev=8)
    answer = ask(
        "dimuon mass of events with exactly two opposite-charge muons, 1900 bins from 0.1 to "
        "2 GeV in collinear",
        planner="parser",
        as_written=True,
        out_dir=tmp_path / "out",
    )
    assert answer.kind == "analysis", (answer.message, answer.hint)
    m = _dimuon_masses([path])
    edges = np.linspace(0.1, 2.0, 1901)
    h = load_result(answer.result_path).histograms["dimuon_mass"]
    got = h[{"dataset": "collinear", "systematic": "nominal"}]
    np.testing.assert_allclose(got.axes[0].edges, edges, rtol=1e-12)
    assert got.values().sum() > 0.9 * len(m)  # the range holds the pairs
    np.testing.assert_array_equal(got.values(), _histogram(m, edges))


#: an arbitrary luminosity given at registration: the plot must say it (not a claim about the file)
LUMI_2012 = 50.0


@pytest.fixture(scope="module")
def answer_2012(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    from chathep.api import ask

    base = tmp_path_factory.mktemp("own2012")
    env = pytest.MonkeyPatch()
    env.setenv("CHATHEP_DATA_DIR", str(base / "data"))
    get_settings.cache_clear()
    default_catalog.cache_clear()  # type: ignore[attr-defined]
    try:
        info = datasets.add(
            "dimu2012", [shared_dir / FILE_2012], kind="data", era="2012", sqrt_s_tev=8,
            lumi_pb=LUMI_2012,
        )  # fmt: skip
        # the request as a user types it: no "as written". The file has muon kinematics only,
        # so the recommended muon definition (tight ID + its pT/eta cuts) cannot apply and
        # no default cut is made (stated in the plan)
        answer = ask(
            "dimuon mass of events with exactly two opposite-charge muons, 100 log bins from "
            "0.25 to 300 GeV in dimu2012",
            planner="parser",
            out_dir=base / "out",
        )
        yield info, answer
    finally:
        env.undo()
        get_settings.cache_clear()
        default_catalog.cache_clear()  # type: ignore[attr-defined]


def test_2012_registration(answer_2012) -> None:
    info, _ = answer_2012
    assert info.sample.n_events == 100_000
    assert info.collections == {"Muon": ["charge", "eta", "mass", "phi", "pt"]}
    assert info.missing_event_ids == ["run", "luminosityBlock", "event"]


def test_2012_dimuon_spectrum_matches_reference(answer_2012, shared_dir: Path) -> None:
    from chathep.results import load_result

    _, answer = answer_2012
    assert answer.kind == "analysis", (answer.message, answer.hint)
    assert list(answer.yields) == ["dimu2012"]
    code = Path(answer.code_path).read_text()
    assert "class Schema(NanoAODSchema):\n" in code and "error_missing_event_ids = False" in code

    ref, edges, n_selected = _reference_2012(shared_dir / FILE_2012)
    result = load_result(answer.result_path)
    h = result.histograms["dimuon_mass"][{"dataset": "dimu2012", "systematic": "nominal"}]
    np.testing.assert_allclose(h.axes[0].edges, edges, rtol=1e-12)
    got = h.values()
    # the event selection is exact: every selected event is in the histogram or its flow bins
    assert answer.yields["dimu2012"].events == n_selected == 37183
    assert h.values(flow=True).sum() == n_selected
    # the counts are identical, bin by bin: the generated code sums the four-vectors in float64
    # as the reference does (in float32, 31 nearly collinear pairs below 4 GeV changed bin)
    assert "in_float64(legs.l1) + in_float64(legs.l2)" in code
    np.testing.assert_array_equal(got, ref)
    # a log-log plot, and no default cut the file cannot support (stated)
    hist_spec = answer.spec["histograms"][0]
    assert hist_spec["log_x"] and hist_spec["log_y"]
    assert "no default cuts" in (answer.plan or ""), answer.plan
    # the peaks are there: J/psi (3.1), Upsilon (9.5-10.4) and Z (91) bins stand out
    centres = np.sqrt(edges[:-1] * edges[1:])
    for lo, hi in ((3.0, 3.2), (9.3, 10.5), (88.0, 94.0)):
        peak = got[(centres > lo) & (centres < hi)].max()
        side = got[(centres > lo / 1.3) & (centres < lo / 1.1)].mean()
        assert peak > 1.5 * side, (lo, hi)


def test_2012_labels_are_honest(answer_2012) -> None:
    from PIL import Image

    from chathep.tables import yields_markdown

    _, answer = answer_2012
    label = json.loads(Image.open(answer.png).text["Description"])
    assert label["sqrt_s_tev"] == 8.0 and label["text"] == r"50 $\mathrm{pb^{-1}}$ (8 TeV)"
    assert label["experiment"] == "CMS Open Data" and label["data"] is True
    assert label["lumi_pb"] == LUMI_2012  # the luminosity given at registration
    table = yields_markdown(answer.yields)
    assert "MC" not in table and "dimu2012" in table


# --------------------------------------------------------------------------- scale


def split_into(path: Path, out: Path, parts: int) -> list[Path]:
    """The muons of ``path`` in ``parts`` files of consecutive events (written with uproot)."""
    tree = uproot.open(path)["Events"]
    arrays = tree.arrays(["Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass", "Muon_charge"])
    muons = ak.zip({f.removeprefix("Muon_"): arrays[f] for f in arrays.fields})
    edges = np.linspace(0, len(muons), parts + 1).astype(int)
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for i, (lo, hi) in enumerate(zip(edges[:-1], edges[1:], strict=True)):
        files.append(out / f"part{i}.root")
        with uproot.recreate(files[-1]) as f:
            f.mktree("Events", {"Muon": muons[lo:hi].type})
            f["Events"].extend({"Muon": muons[lo:hi]})
    return files


def test_many_files_run_with_the_futures_executor_and_progress(
    user_env, tmp_path: Path, shared_dir: Path
) -> None:
    """The 2012 file split in three: coffea's futures executor (threads, in the sandbox), a
    progress line per chunk on this side, the same counts as the reference on the whole file."""
    from chathep.api import ask
    from chathep.results import load_result

    files = split_into(shared_dir / FILE_2012, tmp_path / "split", 3)
    info = datasets.add("dimu3", [tmp_path / "split"], kind="data", era="2012", sqrt_s_tev=8)
    assert [f.n_events for f in info.files] == [33333, 33333, 33334]
    messages: list[str] = []
    answer = ask(
        "dimuon mass of events with exactly two opposite-charge muons, 100 log bins from "
        "0.25 to 300 GeV in dimu3",
        planner="parser",
        as_written=True,
        out_dir=tmp_path / "out",
        progress=messages.append,
    )
    assert answer.kind == "analysis", (answer.message, answer.hint)
    result = load_result(answer.result_path)
    assert json.loads(Path(answer.result_path).read_text())["metadata"]["executor"] == "threads"
    ref, _, n_selected = _reference_2012(shared_dir / FILE_2012)
    h = result.histograms["dimuon_mass"][{"dataset": "dimu3", "systematic": "nominal"}]
    assert answer.yields["dimu3"].events == n_selected
    np.testing.assert_array_equal(h.values(), ref)
    # one progress message per chunk (one chunk per file here), ending at all events
    running = [m for m in messages if m.startswith("Running: [")]
    assert len(running) == len(files)
    assert running[-1].endswith("100 % (100,000 of 100,000 events)")
    assert "Running the analysis in the sandbox (threads) ..." in messages


def test_executor_choice(user_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from chathep.config import load_settings
    from chathep.engine import choose_executor
    from chathep.spec import parse_spec

    write_nano(tmp_path / "two" / "a.root", 5)
    write_nano(tmp_path / "two" / "b.root", 5, seed=2)
    datasets.add("two", [tmp_path / "two"], kind="data", era="2012", sqrt_s_tev=8)
    datasets.add("one", [tmp_path / "two" / "a.root"], kind="data", era="2012", sqrt_s_tev=8)

    def spec(sample: str):
        return parse_spec(
            {
                "title": "t",
                "samples": [sample],
                "objects": [{"name": "muons", "source": "Muon"}],
                "observables": [{"name": "n", "kind": "count", "of": "muons"}],
                "histograms": [
                    {"name": "n", "observable": "n", "label": "n", "bins": 5, "start": 0, "stop": 5}
                ],
            }
        )

    catalog = default_catalog()
    settings = load_settings()
    assert choose_executor(spec("one"), catalog, settings) == "iterative"
    assert choose_executor(spec("two"), catalog, settings) == "threads"
    assert choose_executor(spec("two"), catalog, load_settings(workers=1)) == "iterative"
    dask = load_settings(dask_scheduler="tcp://127.0.0.1:8786")
    assert choose_executor(spec("one"), catalog, dask) == "dask"
    monkeypatch.setenv("CHATHEP_EXECUTOR", "iterative")
    assert choose_executor(spec("two"), catalog, load_settings()) == "iterative"


def test_progress_lines_are_summed_and_capped() -> None:
    from chathep.engine import progress_reader, progress_text

    seen: list[tuple[int, int]] = []
    read = progress_reader(100, lambda done, total: seen.append((done, total)))
    for line in ["chathep-progress 40", "wrote x", "chathep-progress abc", "chathep-progress 40"]:
        read(line)
    read("chathep-progress 40")  # a retried chunk: never beyond the total
    assert seen == [(40, 100), (80, 100), (100, 100)]
    assert progress_text(50, 100, width=10) == "[#####.....]  50 % (50 of 100 events)"


# --------------------------------------------------------------------------- remote URLs

DIMUON_REQUEST = (
    "dimuon mass of events with exactly two opposite-charge muons, 30 bins from 0 to 120 GeV in {}"
)


def _register_remote(settings, name: str, url: str) -> None:
    """A remote entry as `datasets add` writes it (which would open the URL: no network here)."""
    import yaml

    path = user_catalog_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    entry = {
        "kind": "data", "process": "data", "label": "Data", "era": "2012", "sqrt_s_tev": 8.0,
        "files": [url], "treename": "Events", "n_events": 50, "event_ids": False, "lumi_pb": None,
    }  # fmt: skip
    path.write_text(yaml.safe_dump({"samples": {name: entry}}))
    default_catalog.cache_clear()  # type: ignore[attr-defined]


def test_file_url_dataset_runs_in_the_sandbox(user_env, tmp_path: Path) -> None:
    """A URL reaches uproot unchanged (not joined to the data directory); file:// needs no
    network, so it runs in the sandbox, which shows the file read-only."""
    from chathep.api import ask
    from chathep.sandbox.runner import registered_files

    local = write_nano(tmp_path / "remote_like" / "u.root", 200, seed=5)
    url = local.resolve().as_uri()
    datasets.add("viaurl", [url], kind="data", era="2012", sqrt_s_tev=8)
    assert local.resolve() in registered_files(user_env)
    answer = ask(
        DIMUON_REQUEST.format("viaurl"), planner="parser", as_written=True, out_dir=tmp_path / "o"
    )
    assert answer.kind == "analysis", (answer.message, answer.hint)
    assert not any("outside ChatHEP's sandbox" in w for w in answer.warnings)
    assert answer.yields["viaurl"].events == len(_dimuon_masses([local])) > 0
    metadata = json.loads(Path(answer.result_path).read_text())["metadata"]
    assert metadata["samples"]["viaurl"]["files"] == [url]
    assert metadata["inputs"] == {url: None}  # a URL is not read a second time to be hashed


def test_generated_code_opens_urls_in_place(user_env, tmp_path: Path) -> None:
    import importlib.util

    from chathep.api import generate

    url = "root://eospublic.cern.ch//eos/opendata/cms/Run2012B/DoubleMuParked/x.root"
    _register_remote(user_env, "remote12", url)
    answer = generate(DIMUON_REQUEST.format("remote12"), planner="parser", as_written=True)
    assert answer.code_path, (answer.message, answer.hint)
    spec = importlib.util.spec_from_file_location("generated_remote", answer.code_path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    assert module.SAMPLES["remote12"]["files"] == [url]
    assert module.location("/data", url) == url  # never joined to the data directory
    assert module.location("/data", "dy.root") == "/data/dy.root"
    assert module.location("/data", "/abs/f.root") == "/abs/f.root"


def test_remote_dataset_needs_allow_network(user_env, tmp_path: Path) -> None:
    from chathep.api import ask

    url = "https://127.0.0.1:9/nothing/run2012B.root"  # nothing listens on port 9 (discard)
    _register_remote(user_env, "remote12", url)
    answer = ask(
        DIMUON_REQUEST.format("remote12"), planner="parser", as_written=True, out_dir=tmp_path / "a"
    )
    assert answer.kind == "error"
    assert url in answer.message and "without network" in answer.message
    assert "CHATHEP_ALLOW_NETWORK=1" in answer.hint
    assert not (tmp_path / "a" / "results.json").exists()


def test_unreachable_remote_host_is_one_clear_message(
    user_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from chathep.api import ask

    url = "https://127.0.0.1:9/nothing/run2012B.root"
    _register_remote(user_env, "remote12", url)
    monkeypatch.setenv("CHATHEP_ALLOW_NETWORK", "1")
    get_settings.cache_clear()
    answer = ask(
        DIMUON_REQUEST.format("remote12"), planner="parser", as_written=True, out_dir=tmp_path / "b"
    )
    assert answer.kind == "error"
    assert answer.message.startswith(f"Cannot open {url}")
    assert "never copied" in answer.hint
    assert not (tmp_path / "b" / "results.json").exists()


class _RangeHandler:
    """Built on first use: static files over HTTP with single byte ranges (uproot's reads)."""

    @staticmethod
    def make(directory: Path):
        import http.server
        import io
        import re

        class Handler(http.server.SimpleHTTPRequestHandler):
            requests: list[str] = []

            def __init__(self, *args, **kwargs):
                super().__init__(*args, directory=str(directory), **kwargs)

            def log_message(self, *args) -> None:
                pass

            def send_head(self):
                Handler.requests.append(self.headers.get("Range") or "whole")
                path = Path(self.translate_path(self.path))
                match = re.fullmatch(r"bytes=(\d+)-(\d*)", (self.headers.get("Range") or ""))
                if match is None or not path.is_file():
                    return super().send_head()
                size = path.stat().st_size
                start = int(match.group(1))
                end = min(int(match.group(2) or size - 1), size - 1)
                with path.open("rb") as handle:
                    handle.seek(start)
                    data = handle.read(end - start + 1)
                self.send_response(206)
                self.send_header("Content-Type", "application/octet-stream")
                self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
                self.send_header("Content-Length", str(len(data)))
                self.send_header("Accept-Ranges", "bytes")
                self.end_headers()
                return io.BytesIO(data)

        return Handler


def test_remote_dataset_is_read_in_the_sandbox_with_the_network(
    user_env, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """CHATHEP_ALLOW_NETWORK=1: the compiled analysis reads an http:// dataset inside the
    sandbox (which cannot see the served directory: only the network reaches the file), and
    the counts equal the uproot + awkward reference on the file itself."""
    import http.server
    import threading

    from chathep.api import ask

    served = write_nano(tmp_path / "served" / "run2012B.root", 300, seed=9)
    handler = _RangeHandler.make(served.parent)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{served.name}"
        monkeypatch.setenv("CHATHEP_ALLOW_NETWORK", "1")
        get_settings.cache_clear()
        datasets.add("httpdimu", [url], kind="data", era="2012", sqrt_s_tev=8)
        answer = ask(
            DIMUON_REQUEST.format("httpdimu"),
            planner="parser",
            as_written=True,
            out_dir=tmp_path / "o",
        )
    finally:
        server.shutdown()
        thread.join(timeout=10)
        get_settings.cache_clear()
    assert answer.kind == "analysis", (answer.message, answer.hint)
    assert answer.yields["httpdimu"].events == len(_dimuon_masses([served])) > 0
    assert any("in the sandbox with outbound network" in w for w in answer.warnings)
    assert not any("outside ChatHEP's sandbox" in w for w in answer.warnings)
    assert any(r.startswith("bytes=") for r in handler.requests)
