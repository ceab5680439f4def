"""Knowledge questions get answers in words, from the right page, in every interface.

Different wordings on different topics (muon, electron and jet ID, b-tagging working points,
JER/JEC, triggers, MET filters, isolation, Rochester, pileup, luminosity); each answer must
name the recommendation (a value or name the page states, numbers with their unit) and cite
the page it comes from — through chathep.api, the CLI (`chathep chat` and `chathep ask` in
another process), the Jupyter magic (run by IPython) and the Streamlit app (AppTest).
Questions the knowledge base cannot answer get "the knowledge base does not say".
The whole knowledge base is indexed once per session (the kb_settings fixture, conftest.py).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from chathep.api import ask
from chathep.config import Settings, get_settings
from chathep.knowledge.answer import NOT_FOUND, units

REPO = Path(__file__).resolve().parent.parent

#: (question, the page to cite (a regular expression where several pages state it), words
#: of the recommendation: each pattern must match)
QUESTIONS = [
    ("which muon ID should I use in 2018?", "objects/muons.md", [r"tight", r"medium"]),
    (
        "What's the recommended muon identification working point for a Z analysis?",
        "objects/muons.md",
        [r"tight"],
    ),
    (
        "What electron identification is recommended for 2018?",
        "objects/electrons.md",
        [r"mvaFall17V2Iso_WP(80|90)|cutBased"],
    ),
    (
        "what is the medium working point of DeepJet b-tagging in 2018?",
        "objects/btagging.md",
        [r"0\.2783|0\.2770"],
    ),
    (
        "how do I apply the jet energy resolution smearing?",
        "recipes/jer_jec.md",
        [r"smear", r"scale factors?|SF"],
    ),
    ("which jet ID should I apply?", "objects/jets.md", [r"tight"]),
    (
        "which trigger should I use for a dimuon Z selection?",
        "triggers/triggers.md",
        [r"HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8"],
    ),
    (
        "which MET filters should I apply in 2018?",
        "objects/met.md",
        [r"Flag_goodVertices", r"Flag_HBHENoiseFilter"],
    ),
    ("what isolation cut for muons?", "objects/muons.md", [r"0\.15|0\.25"]),
    (
        "What does the Rochester correction fix for muons?",
        "recipes/rochester.md",
        [r"scale", r"Z -> mu mu|resolution"],
    ),
    # numbers: quoted with their unit, from the page that states them
    (
        "how much integrated luminosity did CMS record in 2018?",
        "recipes/luminosity.md",
        [r"59\.8 fb\^-1"],
    ),
    (
        "What is the luminosity of the demo DoubleMuon data?",
        r"recipes/luminosity\.md|recipes/mc_normalisation\.md|datasets/data_2018A_doublemuon\.md",
        [r"3\.6 nb\^-1|0\.0036\d* pb\^-1"],
    ),
    (
        "which minimum-bias cross section is used for the pileup profile?",
        "recipes/pileup_reweighting.md",
        [r"69\.2 mb"],
    ),
    ("what is the cross section of Drell-Yan?", "datasets/dy_2018.md", [r"6077\.22 pb"]),
    (
        "what is the uncertainty on the pileup reweighting?",
        "recipes/pileup_reweighting.md",
        [r"4\.6 %|1\.046 \(up\) and 0\.954 \(down\)"],  # the +/- 4.6 % variation
    ),
    (
        "Which jet energy corrections are already applied to the 2018 NanoAOD jets?",
        "objects/jets.md",
        [r"L1FastJet", r"L2Relative", r"L3Absolute"],
    ),
]
UNANSWERABLE = [
    "what is the capital of France?",
    "how do I bake sourdough bread?",
    "who won the football world cup in 2018?",
]
IDS = [q for q, _, _ in QUESTIONS]


def _check_answer(text: str, cited: list[str], page: str, needs: list[str]) -> None:
    """The answer names the recommendation and cites its page (what every interface shows)."""
    flat = " ".join(text.split())  # a terminal may wrap lines
    assert not flat.startswith(NOT_FOUND), flat
    for pattern in needs:
        assert re.search(pattern, flat, re.IGNORECASE), (pattern, flat)
    assert any(re.fullmatch(f"knowledge_base/(?:{page})", c) for c in cited), (page, cited)


@pytest.mark.parametrize(("question", "page", "needs"), QUESTIONS, ids=IDS)
def test_a_knowledge_question_gets_the_recommendation_from_its_page(
    kb_settings: Settings, question: str, page: str, needs: list[str]
) -> None:
    answer = ask(question, settings=kb_settings, planner="parser")
    assert answer.kind == "question", (answer.kind, answer.message)
    assert answer.code is None and not answer.plots
    text = answer.message
    _check_answer(text, [c.source for c in answer.citations], page, needs)
    # every citation has a one-line snippet, and the answer refers to each one by number
    for n, citation in enumerate(answer.citations, 1):
        assert citation.snippet and "\n" not in citation.snippet
        assert f"[{n}]" in text
        assert 0 < citation.score <= 1  # the section's cosine similarity to the question
    # extractive: each sentence of the answer is a unit of a cited page, not made up
    body = text.split("\n\nSources:")[0]
    pages = "\n".join((REPO / c.source).read_text() for c in answer.citations)
    for sentence in re.split(r" \[\d+\](?: |$)", body):
        if sentence.strip():
            assert sentence.strip().rstrip(".")[:60] in _flat(pages), sentence


def _flat(markdown: str) -> str:
    return "\n".join(units(markdown)) + "\n" + re.sub(r"\s+", " ", markdown)


#: An amount asked for: the answer's first sentence is the value with its unit.
AMOUNTS = [
    ("how much integrated luminosity did CMS record in 2018?", r"2018 about 59\.8 fb\^-1"),
    ("what is the cross section of Drell-Yan?", r"6077\.22 pb"),
    ("which minimum-bias cross section is used for the pileup profile?", r"69\.2 mb"),
    ("what is the uncertainty of the 2018 luminosity?", r"2018 about 59\.8 fb\^-1 with 2\.5 %"),
]


@pytest.mark.parametrize(("question", "value"), AMOUNTS)
def test_an_amount_asked_for_leads_with_its_value_and_unit(
    kb_settings: Settings, question: str, value: str
) -> None:
    answer = ask(question, settings=kb_settings, planner="parser")
    first = re.split(r" \[\d+\]", answer.message, maxsplit=1)[0]
    assert re.search(value, first), (value, answer.message)


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_the_knowledge_base_does_not_say(kb_settings: Settings, question: str) -> None:
    answer = ask(question, settings=kb_settings, planner="parser")
    assert answer.kind == "question"
    assert answer.message == NOT_FOUND
    assert answer.citations == []


# --- the same questions in the CLI, the Jupyter magic and the app ---------------------------


def _env(settings: Settings) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(REPO),
        HF_HUB_OFFLINE="1",
        CHATHEP_INDEX_DIR=str(settings.index_dir),
        CHATHEP_OUTPUT_DIR=str(settings.output_dir),
        CHATHEP_PLANNER="parser",
        COLUMNS="200",
        NO_COLOR="1",
    )
    return env


def _chathep() -> str:
    return shutil.which("chathep") or str(Path(sys.executable).parent / "chathep")


@pytest.fixture(scope="module")
def chat_replies(kb_settings: Settings) -> dict[str, str]:
    """Every question typed into one `chathep chat` process: what it printed for each."""
    asked = [q for q, _, _ in QUESTIONS] + UNANSWERABLE
    run = subprocess.run(
        [_chathep(), "chat", "--planner", "parser"],
        input="\n".join(asked) + "\n/quit\n",
        env=_env(kb_settings),
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    replies = run.stdout.split("chathep> ")[1:]  # the prompt precedes each answer
    assert len(replies) == len(asked) + 1, run.stdout[-3000:]  # + the prompt /quit answered
    return dict(zip(asked, replies, strict=False))


@pytest.mark.parametrize(("question", "page", "needs"), QUESTIONS, ids=IDS)
def test_the_cli_chat_answers_each_wording(
    chat_replies: dict[str, str], question: str, page: str, needs: list[str]
) -> None:
    printed = chat_replies[question]
    cited = re.findall(r"\[\d+\] (knowledge_base/[\w/.-]+\.md)#", printed)
    _check_answer(printed, cited, page, needs)
    assert "Sources:" in printed


def test_the_cli_chat_says_when_the_knowledge_base_does_not_say(
    chat_replies: dict[str, str],
) -> None:
    for question in UNANSWERABLE:
        assert NOT_FOUND in chat_replies[question], chat_replies[question]
        assert "knowledge_base/" not in chat_replies[question]


def test_the_cli_ask_gives_the_same_answer(kb_settings: Settings) -> None:
    """`chathep ask --json` in another process: the same API function, the same answer."""
    import json

    question, page, needs = QUESTIONS[6]  # the dimuon trigger
    run = subprocess.run(
        [_chathep(), "ask", question, "--json"],
        env=_env(kb_settings),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    doc = json.loads(run.stdout[run.stdout.index("{") :])
    in_process = ask(question, settings=kb_settings, planner="parser")
    assert doc["kind"] == "question"
    assert doc["message"] == in_process.message
    _check_answer(doc["message"], [c["source"] for c in doc["citations"]], page, needs)
    assert [c["source"] for c in doc["citations"]] == [c.source for c in in_process.citations]


@pytest.fixture(scope="module")
def configured(kb_settings: Settings) -> Iterator[Settings]:
    """The magic and the app read their settings from the environment, as a user's would."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CHATHEP_INDEX_DIR", str(kb_settings.index_dir))
        mp.setenv("CHATHEP_OUTPUT_DIR", str(kb_settings.output_dir))
        mp.setenv("CHATHEP_PLANNER", "parser")
        get_settings.cache_clear()
        yield kb_settings
    get_settings.cache_clear()


@pytest.fixture(scope="module")
def shell(configured: Settings):
    """An IPython shell with ``%load_ext chathep`` done."""
    from IPython.core.interactiveshell import InteractiveShell

    ip = InteractiveShell.instance()
    ip.run_line_magic("load_ext", "chathep")
    return ip


@pytest.mark.parametrize(("question", "page", "needs"), QUESTIONS, ids=IDS)
def test_the_magic_answers_each_wording(shell, question: str, page: str, needs: list[str]) -> None:
    from IPython.utils.capture import capture_output

    with capture_output() as shown:
        result = shell.run_cell_magic("chathep", "--planner parser", question)
    markdown = [o.data["text/markdown"] for o in shown.outputs if "text/markdown" in o.data]
    assert len(markdown) == 1, markdown  # the answer with its sources, nothing else
    cited = re.findall(r"\[\d+\] (knowledge_base/[\w/.-]+\.md)#", markdown[0])
    _check_answer(markdown[0], cited, page, needs)
    assert result.answer.kind == "question" and not result.histograms
    assert cited == [c.source for c in result.answer.citations]


def test_the_magic_says_when_the_knowledge_base_does_not_say(shell) -> None:
    from IPython.utils.capture import capture_output

    with capture_output() as shown:
        shell.run_cell_magic("chathep", "--planner parser", UNANSWERABLE[0])
    markdown = [o.data["text/markdown"] for o in shown.outputs if "text/markdown" in o.data]
    assert markdown == [NOT_FOUND]


@pytest.mark.parametrize(("question", "page", "needs"), QUESTIONS, ids=IDS)
def test_the_app_answers_each_wording(
    configured: Settings, question: str, page: str, needs: list[str]
) -> None:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.run()
    at.chat_input[0].set_value(question).run(timeout=300)
    assert not at.exception
    assert [m.name for m in at.chat_message] == ["user", "assistant"]
    shown = [m.value for m in at.chat_message[1].markdown]
    assert any("Answer from the knowledge base" in t for t in shown)
    (text,) = [t for t in shown if "Sources:" in t]
    # the Citations expander lists the same sections: `path#section` (score ...)
    listed = re.findall(r"`(knowledge_base/[\w/.-]+\.md)#", "\n".join(shown))
    cited = re.findall(r"\[\d+\] (knowledge_base/[\w/.-]+\.md)#", text)
    _check_answer(text, cited, page, needs)
    assert listed == cited


def test_units_keep_list_items_and_read_table_rows_with_their_header() -> None:
    text = (
        "Intro sentence one is here. Second sentence follows it.\n\n"
        "- `Muon_tightId`: global muon. Suppresses decays in flight; the standard choice.\n\n"
        "| Era | Medium |\n|---|---|\n| 2018 | 0.2783 |\n\n"
        "```python\nignored = True\n```\n"
    )
    assert units(text) == [
        "Intro sentence one is here.",
        "Second sentence follows it.",
        "`Muon_tightId`: global muon. Suppresses decays in flight; the standard choice.",
        "Era: 2018; Medium: 0.2783",
    ]


def test_units_read_a_displayed_formula_inline_and_do_not_split_after_ie() -> None:
    text = (
        "Each event gets the weight\n\n    w = P_data / P_MC\n\n(both normalised), so it "
        "matches the data. Bits: 4 = loose, i.e. `puId >= 4` passes loose. "
        "The next sentence is here.\n"
    )
    assert units(text) == [
        "Each event gets the weight `w = P_data / P_MC` (both normalised), so it matches the data.",
        "Bits: 4 = loose, i.e. `puId >= 4` passes loose.",
        "The next sentence is here.",
    ]
