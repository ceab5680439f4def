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


def test_sidebar_choices_are_spelled_out_in_the_request(app_env):
    at = _app()
    at.sidebar.multiselect[0].set_value(["dy_2018"])
    at.sidebar.multiselect[1].set_value(["rochester"])
    at.chat_input[0].set_value("which muon ID should I use?").run(timeout=300)
    assert not at.exception
    sent = at.chat_message[0].markdown[0].value
    assert sent == "which muon ID should I use? Use dy_2018. With Rochester corrections."


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
