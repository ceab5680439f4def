"""The warm sandbox (issue 18): runs forked from a zygote keep every layer and share nothing.

The adversarial suite (test_sandbox_adversarial.py) runs through the warm path wherever
bubblewrap works; these tests check what is specific to forking from a long-lived process:
nothing a run changes or starts reaches the next run, and the zygote cannot be attacked by
a run with the audit hook switched off (the layers below it must hold on their own).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from chathep.config import load_settings
from chathep.sandbox import Policy, run_script, warm
from chathep.sandbox.layers import choose_namespaces

pytestmark = pytest.mark.skipif(
    choose_namespaces(Policy()) != "bwrap", reason="the warm sandbox needs bubblewrap"
)

#: The audit hook and the static check off: what holds must be the jail and the zygote.
NO_HOOK = Policy(audit_hook=False, static_check=False)


def _run(tmp_path: Path, source: str, policy: Policy = NO_HOOK, **kwargs):
    script = tmp_path / f"case{len(list(tmp_path.glob('case*.py')))}.py"
    script.write_text(source)
    return run_script(script, policy=policy, **kwargs)


def _last_json(run) -> dict:
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_runs_are_forked_from_one_zygote_into_fresh_directories(tmp_path: Path) -> None:
    source = "import json, os\nprint(json.dumps({'cwd': os.getcwd(), 'pid': os.getpid()}))\n"
    first = _run(tmp_path, source, Policy(static_check=False))  # every runtime layer
    zygote = warm.current()
    second = _run(tmp_path, source, Policy(static_check=False))
    assert any(layer.startswith("warm") for layer in first.layers), first.layers
    assert any(layer.startswith("warm") for layer in second.layers), second.layers
    assert warm.current() is zygote and zygote is not None and zygote.alive()
    a, b = _last_json(first), _last_json(second)
    assert a["cwd"] == str(first.run_dir) and b["cwd"] == str(second.run_dir)
    assert first.run_dir != second.run_dir and a["pid"] != b["pid"]


def test_nothing_a_run_changes_in_memory_reaches_the_next(tmp_path: Path) -> None:
    _run(tmp_path, "import numpy, os\nnumpy.LEAKED = 1\nos.environ['LEAKED'] = '1'\n")
    run = _run(
        tmp_path,
        "import json, numpy, os\n"
        "print(json.dumps({'module': hasattr(numpy, 'LEAKED'), 'env': 'LEAKED' in os.environ}))\n",
    )
    assert any(layer.startswith("warm") for layer in run.layers)
    assert _last_json(run) == {"module": False, "env": False}


def test_no_process_a_run_starts_survives_into_the_next(tmp_path: Path) -> None:
    # without the hook a run can fork: it leaves a sleeper behind and exits at once
    first = _run(
        tmp_path, "import os, time\nif os.fork() == 0:\n    time.sleep(60)\n    os._exit(0)\n"
    )
    assert first.returncode == 0, first.stderr
    run = _run(
        tmp_path,
        "import json, os\n"
        "pids = sorted(int(p) for p in os.listdir('/proc') if p.isdigit())\n"
        "print(json.dumps({'pids': pids, 'me': os.getpid(), 'parent': os.getppid()}))\n",
    )
    seen = _last_json(run)
    assert set(seen["pids"]) == {1, seen["parent"], seen["me"]}, seen


def test_a_run_cannot_read_the_zygotes_memory_or_environment(tmp_path: Path) -> None:
    run = _run(
        tmp_path,
        "import json, os\n"
        "out = {}\n"
        "for name in ('mem', 'environ', 'maps'):\n"
        "    try:\n"
        "        with open(f'/proc/{os.getppid()}/{name}', 'rb') as f:\n"
        "            f.read(16)\n"
        "        out[name] = 'read'\n"
        "    except OSError as exc:\n"
        "        out[name] = type(exc).__name__\n"
        "print(json.dumps(out))\n",
    )
    assert any(layer.startswith("warm") for layer in run.layers)
    assert _last_json(run) == {
        "mem": "PermissionError",
        "environ": "PermissionError",
        "maps": "PermissionError",
    }


def test_a_run_that_kills_the_zygote_costs_only_a_restart(tmp_path: Path) -> None:
    killer = _run(tmp_path, "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n")
    assert killer.returncode != 0 or killer.killed_reason  # its zygote died under it
    after = _run(tmp_path, "print('still works')\n", Policy())
    assert after.ok and "still works" in after.stdout, after.stderr


def test_limits_apply_to_each_forked_run(tmp_path: Path) -> None:
    settings = load_settings(sandbox_cpu_seconds=1, sandbox_timeout=20.0)
    run = _run(tmp_path, "while True:\n    pass\n", Policy(), settings=settings)
    assert any(layer.startswith("warm") for layer in run.layers)
    assert run.killed_reason == "cpu"


def test_without_warm_or_bubblewrap_runs_start_cold(tmp_path: Path) -> None:
    cold = _run(tmp_path, "print('ok')\n", Policy(), settings=load_settings(sandbox_warm=False))
    assert cold.ok and not any(layer.startswith("warm") for layer in cold.layers)
    bare = _run(tmp_path, "print('ok')\n", Policy(namespaces="none"))
    assert bare.ok and not any(layer.startswith("warm") for layer in bare.layers)


#: A run that reports whether uproot's shared object cache held the tree before it was
#: opened, and what it read from it (the count and sum of all muon pTs).
READ_TREE = """
import json, sys
import awkward as ak
import uproot
cache = uproot.reading.open.__kwdefaults__["object_cache"]
with uproot.open(sys.argv[1]) as f:
    cached = hasattr(cache, "keys") and f.key("Events").cache_key in cache.keys()
    pt = f["Events"]["Muon_pt"].array()
print(json.dumps({"cached": cached, "n": int(ak.count(pt)), "sum": float(ak.sum(pt))}))
"""


def _muon_pt(path: Path) -> tuple[int, float]:
    """Count and sum of every muon's pT, read on this side (no sandbox, no cache)."""
    import awkward as ak
    import uproot

    with uproot.open(path, object_cache=None) as f:
        pt = f["Events"]["Muon_pt"].array()
    return int(ak.count(pt)), float(ak.sum(pt))


def test_prepared_trees_are_read_per_file_version(tmp_path: Path, demo_data: Path) -> None:
    import shutil

    data = tmp_path / "data"
    data.mkdir()
    target = data / "sample.root"
    settings = load_settings(data_dir=data)
    seen = []
    for source in ("nano_dimuon.root", "nano_dy.root"):  # the file is rewritten in place
        shutil.copyfile(demo_data / source, target)
        run = _run(
            tmp_path, READ_TREE, Policy(static_check=False), settings=settings,
            args=[str(target)], trees=[(target, "Events")],
        )  # fmt: skip
        assert any(layer.startswith("warm") for layer in run.layers)
        got = _last_json(run)
        assert got["cached"] is True, got  # parsed by the zygote, for this file version
        n, total = _muon_pt(target)
        assert got["n"] == n and got["sum"] == pytest.approx(total, rel=1e-12)
        seen.append(n)
    assert seen[0] != seen[1]  # two different files: the second run did not see the first
    # a run that names no tree gets none (nor any of an earlier run)
    run = _run(tmp_path, READ_TREE, Policy(static_check=False), settings=settings,
               args=[str(target)])  # fmt: skip
    assert _last_json(run)["cached"] is False
