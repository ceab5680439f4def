"""Issue 18: nothing is paid that is not used; follow-ups reuse work.

No wall-clock assertions here (the machine is shared): what is checked is *what* a request
loads and runs, which is what makes it fast or slow.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from chathep.api import Session, ask
from chathep.llm.fake import ScriptedChatModel

REPO = Path(__file__).resolve().parent.parent
DIMUON = "dimuon mass, opposite-sign muons above 25 GeV, data vs DY"
OPEN_QUANTITY = "show me the muons in data vs Drell-Yan with pT above 25 GeV"
HEAVY = ("torch", "sentence_transformers", "chromadb", "llama_cpp")


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(REPO) + os.pathsep + env.get("PYTHONPATH", "")
    env.setdefault("HF_HUB_OFFLINE", "1")
    return env


def test_parser_mode_request_loads_no_model_and_no_index(demo_data: Path, tmp_path: Path) -> None:
    """A parser-mode analysis runs and plots without torch, the embedder, chromadb or llama.cpp."""
    program = f"""
import json, sys
from chathep.api import ask
answer = ask({DIMUON!r}, planner="parser", out_dir={str(tmp_path / "out")!r})
print(json.dumps({{
    "kind": answer.kind, "message": answer.message, "png": answer.png,
    "timings": answer.timings,
    "loaded": [m for m in {HEAVY!r} if m in sys.modules],
}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", program],
        capture_output=True,
        text=True,
        env=_child_env(),
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["kind"] == "analysis", report["message"]
    assert report["png"] and Path(report["png"]).is_file()
    assert report["loaded"] == [], f"a parser-mode request imported {report['loaded']}"
    assert report["timings"]["retrieve"] == 0.0


class _CountingRetriever:
    rebuilt = ""  # the real retriever's "a corrupt index was rebuilt" message (none here)

    def __init__(self) -> None:
        self.queries: list[str] = []

    def search(self, query: str, k: int = 5, **_: object) -> list:
        self.queries.append(query)
        return []


def test_retrieval_runs_only_for_a_stage_that_reads_it(
    monkeypatch: pytest.MonkeyPatch, demo_data: Path
) -> None:
    import chathep.knowledge.retrieval as retrieval

    counting = _CountingRetriever()
    monkeypatch.setattr(retrieval, "get_retriever", lambda settings=None: counting)
    planned = ask(DIMUON, planner="parser", run=False)
    assert planned.kind == "analysis", planned.message
    assert counting.queries == []  # the rules planned it: nothing searched
    # a knowledge question reads the knowledge base
    ask("which muon ID should I use in 2018?", planner="parser")
    # (the answer searches once more without the era filter when the first search is empty)
    question = "which muon ID should I use in 2018?"
    assert counting.queries and set(counting.queries) == {question}
    counting.queries.clear()
    # the language model is shown the documents, so its step searches (once)
    model = ScriptedChatModel(responses=[json.dumps({"quantity": "pt"})])
    helped = ask(OPEN_QUANTITY, planner="auto", chat_model=model, run=False)
    assert helped.kind == "analysis", helped.message
    assert counting.queries == [OPEN_QUANTITY]
    assert len(model.calls) == 1


def test_a_session_does_not_search_for_a_followup_the_rules_read(
    monkeypatch: pytest.MonkeyPatch, demo_data: Path
) -> None:
    import chathep.knowledge.retrieval as retrieval

    counting = _CountingRetriever()
    monkeypatch.setattr(retrieval, "get_retriever", lambda settings=None: counting)
    session = Session()
    first = ask(DIMUON, planner="parser", run=False, session=session)
    again = ask("now with 40 bins", planner="parser", run=False, session=session)
    assert first.kind == again.kind == "analysis", (first.message, again.message)
    assert again.spec["histograms"][0]["bins"] == 40
    assert counting.queries == []


def test_a_plot_only_followup_replots_without_running(demo_data: Path, tmp_path: Path) -> None:
    session = Session()
    first = ask(DIMUON, planner="parser", session=session, out_dir=tmp_path / "first")
    assert first.kind == "analysis", first.message
    log = ask("now log scale", planner="parser", session=session, out_dir=tmp_path / "log")
    assert log.kind == "analysis", log.message
    assert log.spec["histograms"][0]["log_y"] is True
    assert log.timings["run"] == 0.0
    assert any("re-plotted" in w for w in log.warnings)
    assert log.png and Path(log.png).read_bytes() != Path(first.png).read_bytes()
    # the answer's PDF is written after it returns, complete when waited for
    from chathep.api import wait_for_files

    wait_for_files()
    for answer in (first, log):
        pdfs = [Path(p) for p in answer.plots if p.endswith(".pdf")]
        assert pdfs and all(p.read_bytes().startswith(b"%PDF") for p in pdfs)
    # the same numbers, drawn differently; the result file says where they come from
    assert [h.model_dump() for h in log.histograms] == [h.model_dump() for h in first.histograms]
    saved = json.loads(Path(log.result_path).read_text())
    assert saved["histograms"]["dimuon_mass"]["log_y"] is True
    assert saved["metadata"]["replotted_from"]["changed"] == ["dimuon_mass.log_y"]
    # the recorded spec is the one drawn now (log y), not the first run's
    assert saved["metadata"]["spec"]["histograms"][0]["log_y"] is True
    # a change of binning is not a re-plot (it fills again: the test below)
    rebinned = ask("now with 40 bins", planner="parser", session=session, out_dir=tmp_path / "b")
    assert rebinned.kind == "analysis", rebinned.message
    assert not any("re-plotted" in w for w in rebinned.warnings)
    assert len(rebinned.histograms[0].edges) == 41


def test_a_replotted_figure_draws_the_runs_numbers_with_the_requested_change(
    demo_data: Path, catalog, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 18: the re-plot (drawn on a figure made ahead, with a kept renderer) shows the
    events of a hand-written uproot selection, in the requested scale: the same data points
    and DY stack as the first plot, which was linear."""
    from matplotlib.patches import StepPatch

    from chathep import plotting

    figures = []
    save = plotting._save

    def keep(fig, out, **kw):
        figures.append(fig)
        return save(fig, out, **kw)

    monkeypatch.setattr(plotting, "_save", keep)
    session = Session()
    first = ask(DIMUON, planner="parser", session=session, out_dir=tmp_path / "first")
    assert first.kind == "analysis", first.message
    plotting.wait_for_pdfs()  # the figure for the next plot is made while this one is read
    log = ask("now log scale", planner="parser", session=session, out_dir=tmp_path / "log")
    assert log.timings["run"] == 0.0 and any("re-plotted" in w for w in log.warnings)
    assert len(figures) == 2
    edges = np.asarray(first.histograms[0].edges)
    data, _ = _reference_dimuon_mass(demo_data, catalog, "data_2018A_doublemuon")
    dy, dy_weights = _reference_dimuon_mass(demo_data, catalog, "dy_2018")
    # the plots fold the under/overflow into the edge bins
    clip = (edges[0], np.nextafter(edges[-1], -np.inf))
    data_counts = np.histogram(np.clip(data, *clip), edges)[0]
    dy_counts = np.histogram(np.clip(dy, *clip), edges, weights=dy_weights)[0]
    assert data_counts.sum() > 0 and dy_counts.sum() > 0
    for fig, scale in zip(figures, ("linear", "log"), strict=True):
        ax = fig.axes[0]
        assert ax.get_yscale() == scale
        points = ax.containers[0].lines[0]
        np.testing.assert_allclose(points.get_ydata(), data_counts[data_counts > 0])
        stack = [
            p
            for p in ax.patches
            if isinstance(p, StepPatch) and p.get_fill() and p.get_facecolor()[3] > 0
        ]
        assert len(stack) == 1  # DY only
        np.testing.assert_allclose(stack[0].get_data().values, dy_counts, rtol=1e-6)
        np.testing.assert_allclose(stack[0].get_data().edges, edges)


def _reference_dimuon_mass(demo_data: Path, catalog, sample: str) -> tuple[np.ndarray, np.ndarray]:
    """The dimuon request by hand (uproot, numpy): muons with pT > 25, |eta| < 2.4, tight ID,
    pfRelIso04_all < 0.15; per event the opposite-charge pair closest to 91.1876 GeV; its mass
    and the event's weight (MC: genWeight x xsec x L / sum genWeight, from the catalog)."""
    import awkward as ak
    import uproot

    info = catalog.samples[sample]
    names = ["pt", "eta", "phi", "mass", "charge", "tightId", "pfRelIso04_all"]
    with uproot.open(demo_data / info.files[0]) as f:
        tree = f["Events"]
        muon = tree.arrays([f"Muon_{n}" for n in names])
        gen = tree["genWeight"].array(library="np") if info.kind == "mc" else None
    good = (muon.Muon_pt > 25) & (abs(muon.Muon_eta) < 2.4) & muon.Muon_tightId
    good = good & (muon.Muon_pfRelIso04_all < 0.15)
    mu = {n: ak.values_astype(muon[f"Muon_{n}"][good], np.float64) for n in names[:5]}
    px, py = mu["pt"] * np.cos(mu["phi"]), mu["pt"] * np.sin(mu["phi"])
    pz = mu["pt"] * np.sinh(mu["eta"])
    e = np.sqrt(px**2 + py**2 + pz**2 + mu["mass"] ** 2)
    pair = ak.argcombinations(mu["pt"], 2, fields=["a", "b"])
    opposite = mu["charge"][pair.a] * mu["charge"][pair.b] < 0
    pair = pair[opposite]
    sums = {k: v[pair.a] + v[pair.b] for k, v in {"e": e, "px": px, "py": py, "pz": pz}.items()}
    mass = np.sqrt(
        np.maximum(sums["e"] ** 2 - sums["px"] ** 2 - sums["py"] ** 2 - sums["pz"] ** 2, 0)
    )
    has = ak.to_numpy(ak.num(mass) > 0)
    best = ak.argmin(abs(mass - 91.1876), axis=1, keepdims=True)
    values = ak.to_numpy(ak.flatten(mass[best][has]))
    weights = np.ones(len(values))
    if gen is not None:
        lumi = sum(s.lumi_pb for s in catalog.samples.values() if s.name == "data_2018A_doublemuon")
        weights = gen[has] * info.xsec_pb * lumi / info.sum_genweight
    return values, weights


def test_a_binning_followup_fills_again_from_the_runs_entries(
    demo_data: Path, catalog, tmp_path: Path
) -> None:
    session = Session()
    first = ask(DIMUON, planner="parser", session=session, out_dir=tmp_path / "first")
    assert first.kind == "analysis", first.message
    fills = Path(first.result_path).with_name("fills.npz")
    assert fills.is_file()  # kept by the sandbox
    answers = {}
    for request, name in (("now with 40 bins", "b40"), ("range 70 to 110", "range")):
        answer = ask(request, planner="parser", session=session, out_dir=tmp_path / name)
        assert answer.kind == "analysis", answer.message
        assert any("filled again" in w for w in answer.warnings), answer.warnings
        answers[name] = answer
    assert answers["b40"].spec["histograms"][0]["bins"] == 40
    h = answers["range"].histograms[0]
    assert (h.edges[0], h.edges[-1], len(h.edges)) == (70.0, 110.0, 41)  # still 40 bins
    for answer in answers.values():
        h = answer.histograms[0]
        for sample in ("data_2018A_doublemuon", "dy_2018"):
            values, weights = _reference_dimuon_mass(demo_data, catalog, sample)
            assert len(values) > 0
            want, _ = np.histogram(values, bins=h.edges, weights=weights)
            want2, _ = np.histogram(values, bins=h.edges, weights=weights**2)
            got = h.samples[sample]
            np.testing.assert_allclose(got.values, want, rtol=1e-6)
            np.testing.assert_allclose(got.variances, want2, rtol=1e-6)
        saved = json.loads(Path(answer.result_path).read_text())
        assert saved["metadata"]["refilled_from"]["changed"]
        assert saved["histograms"]["dimuon_mass"]["bins"] == 40
    # entries that do not give the run's own histograms are not used: the analysis runs
    with np.load(fills) as data:
        arrays = {k: data[k] for k in data.files}
    arrays["v0"] = arrays["v0"] + 1.0
    fresh = Session()
    ask(DIMUON, planner="parser", session=fresh, out_dir=tmp_path / "again")
    np.savez(Path(fresh.outcome.fills), **arrays)
    ran = ask("now with 20 bins", planner="parser", session=fresh, out_dir=tmp_path / "b20")
    assert ran.kind == "analysis", ran.message
    assert not any("filled again" in w for w in ran.warnings)
    values, weights = _reference_dimuon_mass(demo_data, catalog, "data_2018A_doublemuon")
    want, _ = np.histogram(values, bins=ran.histograms[0].edges, weights=weights)
    np.testing.assert_allclose(ran.histograms[0].samples["data_2018A_doublemuon"].values, want)


def test_binning_changes_are_told_apart_from_other_changes() -> None:
    from chathep.demo_specs import demo_specs
    from chathep.engine import binning_changes

    spec = demo_specs()["dimuon_mass"]
    hist = spec.histograms[0]

    def with_hist(**changes: object):
        return spec.model_copy(update={"histograms": [hist.model_copy(update=changes)]})

    assert binning_changes(spec, with_hist(bins=40)) == [f"{hist.name}.bins"]
    both = binning_changes(spec, with_hist(start=70.0, stop=110.0, log_y=True))
    assert sorted(both or []) == sorted(f"{hist.name}.{f}" for f in ("start", "stop", "log_y"))
    assert binning_changes(spec, with_hist(log_y=True)) is None  # drawing only: a re-plot
    assert binning_changes(spec, spec) is None
    changed_cuts = spec.model_copy(
        update={"selection": [], "histograms": [hist.model_copy(update={"bins": 40})]}
    )
    assert binning_changes(spec, changed_cuts) is None


def test_plot_only_changes_are_told_apart_from_changes_to_the_run() -> None:
    from chathep.demo_specs import demo_specs
    from chathep.engine import plot_only_changes

    spec = demo_specs()["dimuon_mass"]
    hist = spec.histograms[0]

    def with_hist(**changes: object):
        return spec.model_copy(update={"histograms": [hist.model_copy(update=changes)]})

    assert plot_only_changes(spec, spec) == []
    assert plot_only_changes(spec, with_hist(log_y=True)) == [f"{hist.name}.log_y"]
    assert plot_only_changes(spec, spec.model_copy(update={"title": "x"})) == ["title"]
    assert plot_only_changes(spec, with_hist(bins=(hist.bins or 1) + 10)) is None
    assert plot_only_changes(spec, spec.model_copy(update={"selection": []})) is None


def test_branch_lists_are_cached_on_disk_per_file_version(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import uproot

    from chathep import files

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sample = tmp_path / "sample.root"
    shutil.copyfile(demo_data / "nano_dimuon.root", sample)
    with uproot.open(sample) as f:
        expected = frozenset(f["Events"].keys())
    files._tree_cached.cache_clear()
    assert files.branches(sample) == expected
    assert list((tmp_path / "cache").rglob("*.json"))
    # a new process (no memory cache) gets them without opening the file
    files._tree_cached.cache_clear()
    monkeypatch.setitem(sys.modules, "uproot", None)  # importing uproot now fails
    assert files.branches(sample) == expected
    # another version of the file is read again (and fails here: uproot is unavailable)
    sample.write_bytes(sample.read_bytes() + b"\0")
    with pytest.raises(Exception, match="Cannot read"):
        files.branches(sample)
    files._tree_cached.cache_clear()


def test_file_metadata_is_what_uproot_reads_and_cached_per_file_version(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    import uproot

    from chathep import files

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    sample = tmp_path / "sample.root"
    shutil.copyfile(demo_data / "nano_dy.root", sample)
    with uproot.open(sample) as f:
        entries, uuid = f["Events"].num_entries, f.file.fUUID.hex()
    files._tree_cached.cache_clear()
    assert files.file_metadata(sample, read=False) is None  # never read: not in the cache
    meta = files.file_metadata(sample)
    assert files.file_metadata(sample, read=False) == meta
    stat = sample.stat()
    assert meta == {
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "numentries": entries,
        "uuid": uuid,
    }
    files._tree_cached.cache_clear()
    monkeypatch.setitem(sys.modules, "uproot", None)  # from the disk cache, uproot unused
    assert files.file_metadata(sample) == meta
    files._tree_cached.cache_clear()


_RUN_TWICE = """
import json, runpy, sys
module = runpy.run_path(sys.argv[1])
for i, known in enumerate(sys.argv[2:]):
    module["main"](["--out", f"r{i}.json", *(["--file-metadata", known] if known else [])])
"""


def test_the_generated_code_uses_file_metadata_only_for_the_file_version_it_was_read_from(
    demo_data: Path, tmp_path: Path
) -> None:
    """--file-metadata replaces coffea's pre-processing (the second read of each file) while the
    file still has that size and time: shown here with a wrong entry count, which the run then
    follows (20 of the file's 40 events); the same entry for a changed file is ignored."""
    import uproot

    from chathep.catalog import default_catalog
    from chathep.compiler import compile_spec
    from chathep.demo_specs import demo_specs
    from chathep.engine import known_file_metadata

    spec = demo_specs()["dimuon_mass"]
    catalog = default_catalog()
    known = json.loads(known_file_metadata(spec, catalog, _settings()) or "{}")
    data_file = demo_data / "nano_dimuon.root"
    with uproot.open(data_file) as f:
        entries = f["Events"].num_entries
    assert known["nano_dimuon.root"]["numentries"] == entries == 40
    halved = {**known, "nano_dimuon.root": {**known["nano_dimuon.root"], "numentries": 20}}
    stale = {**halved, "nano_dimuon.root": {**halved["nano_dimuon.root"], "mtime_ns": 1}}
    (tmp_path / "analysis.py").write_text(compile_spec(spec, catalog))
    done = subprocess.run(
        [sys.executable, "-c", _RUN_TWICE, "analysis.py", json.dumps(halved), json.dumps(stale)],
        capture_output=True, text=True, env=_child_env(), cwd=tmp_path, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    data = [s for s in spec.samples if "data" in s][0]
    for out, expected in (("r0.json", 20), ("r1.json", entries)):
        cutflow = json.loads((tmp_path / out).read_text())["cutflow"][data]
        assert (cutflow[0]["cut"], cutflow[0]["events"]) == ("all events", expected)


def _settings():
    from chathep.config import get_settings

    return get_settings()


def test_the_same_module_text_is_formatted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from chathep import compiler

    calls: list[list[str]] = []
    real_run = subprocess.run

    def counting_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(compiler.subprocess, "run", counting_run)
    text = "x=[1,\n2]\n"
    assert compiler.ruff_format(text) == compiler.ruff_format(text) == "x = [1, 2]\n"
    assert len(calls) == 1
    assert compiler.ruff_format("y=2\n") == "y = 2\n"
    assert len(calls) == 2


def test_modules_are_formatted_by_the_ruff_binary_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Issue 18: ``python -m ruff`` starts an interpreter only to run the ruff binary; the
    compiler runs the binary, which formats as ``python -m ruff`` does."""
    import uuid

    from chathep import compiler

    (binary,) = compiler._ruff_command()
    assert Path(binary).name.startswith("ruff") and os.access(binary, os.X_OK)
    calls: list[list[str]] = []
    real_run = subprocess.run

    def recording_run(cmd, *args, **kwargs):
        calls.append(cmd)
        return real_run(cmd, *args, **kwargs)

    monkeypatch.setattr(compiler.subprocess, "run", recording_run)
    text = f"# {uuid.uuid4()}\nx=[1,\n2]\ndef f( a ):\n  return {{'k':a}}\n"
    formatted = compiler.ruff_format(text)
    assert [c[0] for c in calls] == [binary]
    cmd = [sys.executable, "-m", "ruff", "format", "--isolated", "--line-length", "100", "-"]
    reference = subprocess.run(cmd, input=text, capture_output=True, text=True, check=True)
    assert formatted == reference.stdout != text


_PRESTART = """
import json, sys
from chathep import api
from chathep.sandbox import warm
light = [m for m in ("chathep.agent", "langchain_core") if m in sys.modules]
question = api.prestart("which muon ID should I use in 2018?")
after_question = warm.current() is not None
request = api.prestart(sys.argv[1])
print(json.dumps({
    "light": light, "question": question, "after_question": after_question,
    "request": request, "zygote": warm.current() is not None,
    "agent": "chathep.agent" in sys.modules,
}))
"""


def test_the_cli_starts_the_warm_sandbox_before_it_imports_the_agent(tmp_path: Path) -> None:
    """`chathep ask` calls api.prestart first: importing chathep.api does not import the agent
    (nor langchain), so the sandbox imports the stack while the agent is imported."""
    from chathep.sandbox import Policy
    from chathep.sandbox.layers import choose_namespaces

    done = subprocess.run(
        [sys.executable, "-c", _PRESTART, DIMUON],
        capture_output=True, text=True, env=_child_env(), cwd=tmp_path, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["light"] == [] and report["agent"] is False
    assert report["question"] is False and report["after_question"] is False
    warm_possible = choose_namespaces(Policy()) == "bwrap" and _settings().sandbox_warm
    assert report["request"] is warm_possible and report["zygote"] is warm_possible


def test_for_many_files_only_cached_metadata_is_passed(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reading a file's metadata costs ~0.4 s on the host: beyond a few files only what is
    cached is passed (coffea pre-processes the others in the run, as before)."""
    from chathep import engine, files
    from chathep.catalog import default_catalog
    from chathep.demo_specs import demo_specs

    spec, catalog = demo_specs()["dimuon_mass"], default_catalog()
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # nothing cached
    files._tree_cached.cache_clear()
    monkeypatch.setattr(engine, "MAX_FILES_READ_FOR_METADATA", 1)  # the demo spec has 2 files
    assert engine.known_file_metadata(spec, catalog, _settings()) is None
    files.file_metadata(demo_data / "nano_dy.root")  # read (and cached) once
    known = json.loads(engine.known_file_metadata(spec, catalog, _settings()) or "{}")
    assert list(known) == ["nano_dy.root"]
    monkeypatch.setattr(engine, "MAX_FILES_READ_FOR_METADATA", 8)
    known = json.loads(engine.known_file_metadata(spec, catalog, _settings()) or "{}")
    assert sorted(known) == ["nano_dimuon.root", "nano_dy.root"]
    files._tree_cached.cache_clear()


def test_kept_entries_are_read_without_pickle_and_checked(tmp_path: Path) -> None:
    from chathep.engine import load_fills

    key = np.array(["m\x1fdata\x1fnominal"])

    def saved(name: str, compressed: bool = False, **arrays: np.ndarray) -> Path:
        path = tmp_path / name
        (np.savez_compressed if compressed else np.savez)(path, keys=key, **arrays)
        return path

    good = saved("good.npz", v0=np.array([91.0, 95.5]), w0=np.array([1.0, 0.5]))
    fills = load_fills(good, 1 << 20)
    assert fills is not None and list(fills) == [("m", "data", "nominal")]
    np.testing.assert_array_equal(fills[("m", "data", "nominal")][1], [1.0, 0.5])
    pickled = saved("obj.npz", v0=np.array([1.0, None], dtype=object), w0=np.ones(2))
    assert load_fills(pickled, 1 << 20) is None  # an object array needs pickle: refused
    assert load_fills(saved("shape.npz", v0=np.ones(2), w0=np.ones(3)), 1 << 20) is None
    assert load_fills(saved("int.npz", v0=np.ones(2, dtype=int), w0=np.ones(2)), 1 << 20) is None
    big = saved("big.npz", compressed=True, v0=np.zeros(1 << 18), w0=np.zeros(1 << 18))
    assert big.stat().st_size < 1 << 20  # small on disk, 4 MB unpacked
    assert load_fills(big, 1 << 20) is None
    (tmp_path / "text.npz").write_text("not an archive")
    assert load_fills(tmp_path / "text.npz", 1 << 20) is None
    assert load_fills(tmp_path / "absent.npz", 1 << 20) is None
