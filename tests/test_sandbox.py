"""Sandbox behaviour for benign code: it runs, reads demo data, returns JSON, and is limited."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from chathep.config import load_settings
from chathep.errors import SandboxError
from chathep.sandbox import (
    Policy,
    active_layers,
    check_code,
    load_json_output,
    load_npy_output,
    run_script,
)

BENIGN = '''
"""Dimuon invariant mass with coffea's iterative executor."""
import argparse
import json
from pathlib import Path

import awkward as ak
import hist
import numpy as np
from coffea import processor
from coffea.nanoevents import NanoAODSchema


class Dimuon(processor.ProcessorABC):
    def process(self, events):
        mu = events.Muon[(events.Muon.pt > 5) & (abs(events.Muon.eta) < 2.4)]
        pairs = ak.combinations(mu, 2, fields=["a", "b"])
        mass = (pairs.a + pairs.b).mass
        h = hist.Hist.new.Reg(30, 0, 150, name="mass").Weight()
        h.fill(mass=ak.flatten(mass))
        return {"mass": h, "n": len(events)}

    def postprocess(self, accumulator):
        return accumulator


parser = argparse.ArgumentParser()
parser.add_argument("--data-dir", type=Path, required=True)
parser.add_argument("--out", type=Path, required=True)
args = parser.parse_args()
fileset = {"Data": {"files": {str(args.data_dir / "nano_dimuon.root"): "Events"}}}
run = processor.Runner(executor=processor.IterativeExecutor(), schema=NanoAODSchema)
out = run(fileset, processor_instance=Dimuon(), treename="Events")
with open(args.out, "w") as handle:
    json.dump({"n_events": int(out["n"]), "counts": out["mass"].values().tolist()}, handle)
'''


def _script(tmp_path: Path, source: str, name: str = "analysis.py") -> Path:
    path = tmp_path / name
    path.write_text(source)
    return path


def _local(tmp_path: Path) -> Policy:
    """Every layer, with the run directories inside pytest's tmp_path (cleaned by pytest)."""
    return Policy(run_root=tmp_path / "runs")


@pytest.fixture
def quick_settings():
    return load_settings(sandbox_timeout=20.0, sandbox_cpu_seconds=10, sandbox_max_output_kb=16)


def _reference_dimuon_counts(path: Path) -> tuple[int, np.ndarray]:
    """Independent reference: uproot arrays and the invariant-mass formula by hand."""
    import awkward as ak
    import uproot

    with uproot.open(path) as f:
        tree = f["Events"]
        arr = tree.arrays(["Muon_pt", "Muon_eta", "Muon_phi", "Muon_mass"])
        n = tree.num_entries
    good = (arr.Muon_pt > 5) & (abs(arr.Muon_eta) < 2.4)
    pt, eta = arr.Muon_pt[good], arr.Muon_eta[good]
    phi, m = arr.Muon_phi[good], arr.Muon_mass[good]
    px, py, pz = pt * np.cos(phi), pt * np.sin(phi), pt * np.sinh(eta)
    e = np.sqrt(px**2 + py**2 + pz**2 + m**2)
    idx = ak.argcombinations(pt, 2, fields=["a", "b"])
    tot = {k: v[idx.a] + v[idx.b] for k, v in {"e": e, "px": px, "py": py, "pz": pz}.items()}
    m2 = tot["e"] ** 2 - tot["px"] ** 2 - tot["py"] ** 2 - tot["pz"] ** 2
    mass = np.sqrt(np.maximum(ak.to_numpy(ak.flatten(m2)), 0))
    counts, _ = np.histogram(mass, bins=30, range=(0, 150))
    return n, counts


def test_benign_coffea_script_runs_and_matches_reference(tmp_path, demo_data) -> None:
    script = _script(tmp_path, BENIGN)
    assert check_code(script.read_text()) == []
    run = run_script(
        script,
        args=["--data-dir", str(demo_data), "--out", "results.json"],
        policy=Policy(run_root=tmp_path / "runs"),
    )
    assert run.ok, run.stderr
    result = load_json_output(run.outputs["results.json"])
    n, counts = _reference_dimuon_counts(demo_data / "nano_dimuon.root")
    assert result["n_events"] == n
    np.testing.assert_array_equal(np.asarray(result["counts"]), counts)
    assert sum(counts) > 0
    assert run.outputs["results.json"].parent == run.run_dir


def test_compiled_demo_analyses_pass_static_check() -> None:
    compiler = pytest.importorskip("chathep.compiler")
    demo = pytest.importorskip("chathep.demo_specs")
    for name, analysis in demo.demo_specs().items():
        findings = check_code(compiler.compile_spec(analysis))
        assert findings == [], f"{name}: {findings}"


def test_static_check_names_the_line() -> None:
    source = "import json\n\nx = 1\nimport socket\neval('1')\n"
    findings = check_code(source)
    assert [(f.line, f.rule) for f in findings] == [(4, "import"), (5, "builtin")]
    assert "line 4" in str(findings[0])


@pytest.mark.parametrize(
    "source",
    [
        "import os\nos.path.join('a', 'b')\n",
        "from os.path import join\n",
        "import sys\nprint(sys.argv[1:])\n",
        "import importlib.metadata as md\nmd.version('numpy')\n",
        "import numpy as np\nx = np.arange(3)\nprint(getattr(x, 'shape'))\n",
        "class A:\n    def __init__(self):\n        self.x = 1\n"
        "if __name__ == '__main__':\n    A()\n",
    ],
)
def test_static_check_accepts_analysis_idioms(source: str) -> None:
    assert check_code(source) == []


@pytest.mark.parametrize(
    ("source", "rule"),
    [
        ("import os\nos.system('ls')\n", "attribute"),
        ("from os import system\n", "attribute"),
        ("import os as o\no.fork()\n", "attribute"),
        ("import sys\nsys.modules['os']\n", "attribute"),
        ("import numpy.ctypeslib\n", "import"),
        ("from coffea.util import load\n", "import"),
        ("x = getattr(object, name)\n", "getattr"),
        ("x = ().__class__\n", "dunder"),
        ("x = '{0.__globals__}'.format(f)\n", "dunder"),
        ("exec('1')\n", "builtin"),
        ("from . import x\n", "import"),
        ("def f(:\n", "syntax"),
    ],
)
def test_static_check_refuses(source: str, rule: str) -> None:
    assert rule in {f.rule for f in check_code(source)}


def test_refused_code_raises_before_running(tmp_path) -> None:
    script = _script(tmp_path, "import socket\nopen('ran', 'w')\n")
    with pytest.raises(SandboxError) as info:
        run_script(script, outputs=("ran",), policy=Policy(run_root=tmp_path / "runs"))
    assert "line 1" in info.value.message
    assert info.value.hint


def test_missing_script_is_a_typed_error(tmp_path) -> None:
    with pytest.raises(SandboxError):
        run_script(tmp_path / "nope.py")


def test_output_is_truncated_head_and_tail(tmp_path, quick_settings) -> None:
    source = "for i in range(20000):\n    print(f'line {i:05d} ' + 'x' * 40)\n"
    run = run_script(_script(tmp_path, source), settings=quick_settings, policy=_local(tmp_path))
    assert run.ok
    assert run.stdout_truncated and not run.stderr_truncated
    assert len(run.stdout.encode()) < 17 * 1024
    assert "line 00000" in run.stdout and "line 19999" in run.stdout
    assert "cut by the sandbox" in run.stdout


def test_environment_is_scrubbed(tmp_path, quick_settings, monkeypatch) -> None:
    monkeypatch.setenv("CHATHEP_TEST_TOKEN", "s3cr3t-value")
    source = "import json, os\nprint(json.dumps(sorted(os.environ)))\n"
    run = run_script(
        _script(tmp_path, source),
        settings=quick_settings,
        policy=Policy(static_check=False, run_root=tmp_path / "runs"),
    )
    assert run.ok, run.stderr
    names = set(json.loads(run.stdout))
    assert "CHATHEP_TEST_TOKEN" not in names
    assert names <= {
        "PATH", "LANG", "HOME", "TMPDIR", "XDG_CACHE_HOME", "MPLCONFIGDIR", "MPLBACKEND",
        "NUMBA_CACHE_DIR", "NUMBA_NUM_THREADS", "OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS",
        "HF_HUB_OFFLINE", "LC_CTYPE", "PWD",
    }  # fmt: skip


def test_each_run_gets_a_fresh_directory_and_outputs_stay_inside(tmp_path, quick_settings):
    source = "open('results.json', 'w').write('{}')\nopen('other.txt', 'w').write('x')\n"
    script = _script(tmp_path, source)
    policy = _local(tmp_path)
    first = run_script(
        script, settings=quick_settings, outputs=("results.json", "../x.json"), policy=policy
    )
    second = run_script(script, settings=quick_settings, policy=policy)
    assert first.run_dir != second.run_dir
    assert set(first.outputs) == {"results.json"}
    assert load_json_output(first.outputs["results.json"]) == {}


def test_failure_reason_reaches_the_user(tmp_path, quick_settings) -> None:
    script = _script(tmp_path, "raise ValueError('bad cut')\n")
    run = run_script(script, settings=quick_settings, policy=_local(tmp_path))
    assert run.returncode == 1 and run.killed_reason is None
    with pytest.raises(SandboxError) as info:
        run.raise_for_status()
    assert "bad cut" in info.value.message


def test_load_json_output_refuses_pickle_and_non_objects(tmp_path) -> None:
    pkl = tmp_path / "results.json"
    pkl.write_bytes(pickle.dumps({"a": 1}))
    with pytest.raises(SandboxError, match="pickle"):
        load_json_output(pkl)
    arr = tmp_path / "list.json"
    arr.write_text("[1, 2]")
    with pytest.raises(SandboxError, match="expected an object"):
        load_json_output(arr)
    big = tmp_path / "big.json"
    big.write_text(json.dumps({"x": "y" * 5000}))
    with pytest.raises(SandboxError, match="more than"):
        load_json_output(big, max_bytes=1000)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(SandboxError, match="not valid JSON"):
        load_json_output(bad)
    link = tmp_path / "link.json"
    link.symlink_to(arr)
    with pytest.raises(SandboxError, match="regular file"):
        load_json_output(link)


def test_load_npy_output_refuses_object_arrays(tmp_path) -> None:
    good = tmp_path / "good.npy"
    np.save(good, np.arange(5.0))
    np.testing.assert_array_equal(load_npy_output(good), np.arange(5.0))
    objects = tmp_path / "objects.npy"
    np.save(objects, np.array([{"a": 1}], dtype=object), allow_pickle=True)
    with pytest.raises(SandboxError, match="plain NumPy"):
        load_npy_output(objects)


def test_active_layers_reports_what_runs(tmp_path, quick_settings) -> None:
    layers = active_layers()
    assert layers["static_check"] and layers["audit_hook"] and layers["rlimits"]
    assert layers["namespaces"] in {"bwrap", "unshare", "none"}
    script = _script(tmp_path, "print('hi')\n")
    run = run_script(script, settings=quick_settings, policy=_local(tmp_path))
    assert run.ok and run.stdout.strip() == "hi"
    assert ("bwrap" in run.layers[0]) == (layers["namespaces"] == "bwrap")
    assert "audit hook" in run.layers


def test_compiled_analysis_runs_in_the_full_sandbox(tmp_path, demo_data, catalog) -> None:
    """The engine's own output (with Rochester/JER files) runs under every layer."""
    import uproot

    compiler = pytest.importorskip("chathep.compiler")
    demo = pytest.importorskip("chathep.demo_specs")
    code = compiler.compile_spec(demo.demo_specs()["dimuon_mass_corrected"])
    script = _script(tmp_path, code)
    run = run_script(
        script, args=["--out", "results.json", "--executor", "iterative"], policy=_local(tmp_path)
    )
    assert run.ok, run.log_tail()
    result = load_json_output(run.outputs["results.json"])
    assert result["cutflow"]
    for name, steps in result["cutflow"].items():
        entries = 0
        for path in catalog[name].paths():
            with uproot.open(path) as f:
                entries += f["Events"].num_entries
        assert steps[0]["events"] == entries


LINKED_READ = """
import json
from pathlib import Path
import sys

text = (Path(sys.argv[1]) / "sim" / "sample.txt").read_text()
Path("results.json").write_text(json.dumps({"text": text}))
"""


def test_samples_linked_into_the_data_dir_are_readable(tmp_path) -> None:
    """Users link big generated samples in (data_dir/sim -> elsewhere): the run must see them."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "sample.txt").write_text("events")
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    (data_dir / "sim").symlink_to(elsewhere, target_is_directory=True)
    script = _script(tmp_path, LINKED_READ)
    run = run_script(
        script,
        args=[str(data_dir)],
        settings=load_settings(data_dir=data_dir),
        policy=Policy(run_root=tmp_path / "runs"),
    )
    assert run.ok, run.stderr
    assert load_json_output(run.outputs["results.json"]) == {"text": "events"}


def test_a_failed_run_says_the_exception_first(tmp_path) -> None:
    script = _script(tmp_path, "open('/no/such/file.root')\n")
    run = run_script(script, policy=Policy(run_root=tmp_path / "runs"))
    with pytest.raises(SandboxError) as info:
        run.raise_for_status()
    first = info.value.message.splitlines()[0]
    assert "FileNotFoundError" in first and "/no/such/file.root" in first
