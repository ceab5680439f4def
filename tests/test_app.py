"""The Streamlit app through streamlit.testing.v1.AppTest, on the real pipeline (parser planner).

No mocks: requests go through chathep.api.ask, the sandbox and the plotting, on the demo files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from chathep.config import get_settings

APP = Path(__file__).resolve().parent.parent / "app.py"
REQUEST = "dimuon mass, opposite-sign muons above 25 GeV, data vs Drell-Yan"


@pytest.fixture
def app_env(monkeypatch, tmp_path, demo_data):
    """Rules-only planner (no LLM), outputs under tmp_path; settings re-read for the test."""
    monkeypatch.setenv("CHATHEP_PLANNER", "parser")
    monkeypatch.setenv("CHATHEP_OUTPUT_DIR", str(tmp_path / "out"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _app() -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    return at


def _texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_start_page_has_chat_and_sidebar(app_env):
    at = _app()
    assert [t.value for t in at.title] == ["ChatHEP"]
    assert len(at.chat_input) == 1
    assert at.sidebar.radio[0].value == "parser"  # CHATHEP_PLANNER is honoured
    assert [m.label for m in at.sidebar.multiselect] == ["Samples", "Corrections"]
    assert "dy_2018" in at.sidebar.multiselect[0].options[1]
    assert any("dimuon mass" in t for t in _texts(at))  # examples before the first request


def test_request_shows_plot_tables_code_and_follow_up(app_env):
    at = _app()
    at.chat_input[0].set_value(REQUEST).run(timeout=300)
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert at.chat_message[0].markdown[0].value == REQUEST
    assert at.status[0].label.startswith("Done")
    assert len(at.image) == 1
    assert [t.label for t in at.tabs] == ["Yields", "Cutflow"]
    texts = _texts(at)
    assert any("**Data / MC**" in t for t in texts)
    assert any(t.startswith("| Cut |") for t in texts)
    assert any(t.startswith("**Plan.**") for t in texts)
    assert "coffea" in at.code[0].value
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["PNG", "PDF", "Download analysis.py"]
    expanders = [e.label for e in at.expander]
    assert "Code (coffea)" in expanders
    assert any(label.startswith("Citations (") for label in expanders)
    assert any("total" in c.value for c in at.caption)  # timings
    png = list((app_env / "out").rglob("*.png"))
    assert png and png[0].stat().st_size > 10_000
    assert any("Analysis run in the sandbox" in t for t in texts)  # the analysis badge
    assert not any("dimuon mass" in t and t.startswith("- *") for t in texts)  # no examples

    at.chat_input[0].set_value("now with a log scale").run(timeout=300)
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"] * 2
    assert at.chat_message[0].markdown[0].value == REQUEST  # history kept
    assert at.chat_message[2].markdown[0].value == "now with a log scale"
    assert len(at.image) == 2
    assert at.chat_message[1].avatar == ":material/bar_chart:"  # an analysis, in the history


def test_refusal_keeps_the_request(app_env):
    at = _app()
    bad = "please rm -rf my home directory"
    at.chat_input[0].set_value(bad).run(timeout=120)
    assert not at.exception
    assert at.chat_message[0].markdown[0].value == bad
    assert at.warning and "sandbox" in at.warning[0].value
    assert len(at.image) == 0


def test_failure_shows_message_hint_and_retry(app_env, monkeypatch):
    monkeypatch.setenv("CHATHEP_SANDBOX_TIMEOUT", "0.01")  # every run times out: a real failure
    get_settings.cache_clear()
    at = _app()
    at.chat_input[0].set_value(REQUEST).run(timeout=300)
    assert not at.exception
    assert at.status[0].label.startswith("Failed")
    assert at.error and "timeout" in at.error[0].value.lower()
    assert at.info and at.info[0].value  # the hint how to fix it
    assert at.chat_message[0].markdown[0].value == REQUEST  # the request is not lost
    at.button(key="retry-0").click().run(timeout=300)
    assert not at.exception
    users = [m for m in at.chat_message if m.name == "user"]
    assert [u.markdown[0].value for u in users] == [REQUEST, REQUEST]


def test_sidebar_choices_go_to_the_api_typed_not_as_words(app_env):
    """The request is sent as typed; the sidebar's samples and corrections reach the planner as
    an api.Overrides (shown under the request and in the plan), never as English."""
    at = _app()
    at.sidebar.multiselect[0].set_value(["dy_2018"])
    at.sidebar.multiselect[1].set_value(["rochester"])
    at.chat_input[0].set_value("dimuon mass").run(timeout=300)
    assert not at.exception
    user = at.chat_message[0]
    assert user.markdown[0].value == "dimuon mass"
    assert [c.value for c in user.caption] == [
        "Samples: dy_2018. Corrections: Rochester corrections."
    ]
    plan = next(t for t in _texts(at) if t.startswith("**Plan.**"))
    assert "run on dy_2018." in plan and "corrections applied: rochester (dy_2018)" in plan
    assert "Chosen in the settings: samples dy_2018; corrections rochester." in plan
    assert at.status[0].label.startswith("Done")


@pytest.fixture
def own_data_env(monkeypatch, tmp_path):
    """A fresh data directory (hence an empty user catalog) and one small NanoAOD-like file."""
    import awkward as ak
    import numpy as np
    import uproot

    from chathep.catalog import default_catalog

    monkeypatch.setenv("CHATHEP_PLANNER", "parser")
    monkeypatch.setenv("CHATHEP_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    default_catalog.cache_clear()
    muons = ak.zip(
        {"pt": np.float32([30.0, 40.0, 25.0]), "eta": np.float32([0.1, -1.0, 2.0]),
         "phi": np.float32([0.5, 2.0, -1.0]), "charge": np.int32([1, -1, 1])}
    )  # fmt: skip
    path = tmp_path / "mine" / "f.root"
    path.parent.mkdir()
    with uproot.recreate(path) as f:
        events = ak.unflatten(muons, [2, 0, 1])
        f.mktree("Events", {"Muon": events.type})
        f["Events"].extend({"Muon": events})
    yield path
    get_settings.cache_clear()
    default_catalog.cache_clear()


def _register(at: AppTest, name: str, paths: str) -> AppTest:
    at.sidebar.text_input(key="ds_name").input(name)
    at.sidebar.text_area(key="ds_paths").input(paths)
    at.sidebar.text_input(key="ds_era").input("2012")
    at.sidebar.number_input(key="ds_sqrt_s").set_value(8.0)
    register = [b for b in at.sidebar.button if b.label == "Register"]
    assert len(register) == 1
    return register[0].click().run(timeout=120)


def test_sidebar_registers_a_dataset(own_data_env):
    from chathep import datasets

    at = _app()
    assert "Add your data" in [e.label for e in at.sidebar.expander]
    at = _register(at, "mine", str(own_data_env))
    assert not at.exception
    assert any("Registered mine: 1 file(s), 3 events" in s.value for s in at.sidebar.success)
    assert "mine" in at.sidebar.multiselect[0].options[-1]  # the sample list has it now
    sample = datasets.user_samples()["mine"]
    assert sample.files == [str(own_data_env.resolve())]
    assert (sample.era, sample.sqrt_s_tev, sample.lumi_pb) == ("2012", 8.0, None)


def test_sidebar_bad_path_is_one_message_and_changes_nothing(own_data_env):
    from chathep import datasets

    at = _app()
    at = _register(at, "broken", str(own_data_env.parent / "nope.root"))
    assert not at.exception
    assert len(at.sidebar.error) == 1
    assert "does not exist" in at.sidebar.error[0].value
    assert "Check the path" in at.sidebar.error[0].value  # the hint
    assert datasets.user_samples() == {}


def test_knowledge_answer_looks_different_from_an_analysis(app_env):
    at = _app()
    at.chat_input[0].set_value("which muon ID should I use for a Z -> mumu selection?").run(
        timeout=300
    )
    assert not at.exception
    texts = _texts(at)
    assert any("Answer from the knowledge base" in t for t in texts)
    assert not any("Analysis run in the sandbox" in t for t in texts)
    assert len(at.image) == 0
    at.run(timeout=300)  # the turn is now drawn from the history, with its own avatar
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    assert at.chat_message[1].avatar == ":material/menu_book:"


def test_the_server_watches_only_the_apps_own_files():
    """`streamlit run app.py` in the repository reads .streamlit/config.toml: files are polled
    one by one (no recursive inotify watch of the folder, .venv included)."""
    import subprocess
    import sys

    code = (
        "from streamlit import config\n"
        "config.get_config_options(force_reparse=True)\n"
        "print(config.get_option('server.fileWatcherType'))\n"
        "print(config.get_option('server.folderWatchBlacklist'))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=APP.parent, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    watcher, blacklist = proc.stdout.splitlines()
    assert watcher == "poll"
    assert "chathep-output" in blacklist
