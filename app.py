"""ChatHEP in the browser: ``streamlit run app.py``.

A thin interface over :func:`chathep.api.ask`: everything physics happens there. This file
only keeps the conversation, shows each :class:`~chathep.answer.Answer` (plan, plot, yields,
cutflow, code, citations, timings) and loads the knowledge base and the LLM once per server.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import streamlit as st
import streamlit.components.v1 as components

from chathep import api
from chathep.answer import Answer
from chathep.catalog import default_catalog
from chathep.config import Settings, get_settings
from chathep.errors import ChatHEPError
from chathep.registry import corrections as corrections_registry
from chathep.tables import cutflow_markdown, yields_markdown

log = logging.getLogger("chathep.app")

PLANNER_MODES = {
    "auto": "auto: rules first, the LLM for what they leave open",
    "parser": "parser: rules only (fast, no LLM)",
    "llm": "llm: the LLM plans every request",
}
#: Sidebar corrections: name -> label (passed to the API as names, never as words).
CORRECTION_LABELS = corrections_registry.LABELS
PLOT_WIDTH = 720  # pixels: a publication-size figure, not the full wide layout
EXAMPLES = [
    "dimuon mass, opposite-sign muons above 25 GeV, data vs Drell-Yan",
    "jet pT for jets above 30 GeV with |eta| < 2.4, data vs DY, log scale",
    "number of b-tagged jets in semileptonic ttbar, at least four jets",
    "which muon ID should I use for a Z -> mumu selection?",
]
#: How an answer shows what it is: a knowledge-base answer is text with sources, an analysis
#: is code run in the sandbox on the catalog's files (avatar, and a badge on top).
AVATARS = {"question": ":material/menu_book:", "analysis": ":material/bar_chart:"}
BADGES = {
    "question": ":blue-badge[:material/menu_book: Answer from the knowledge base]",
    "analysis": ":green-badge[:material/bar_chart: Analysis run in the sandbox]",
}
#: After a new answer, scroll the page to its start (the component's iframe is same-origin).
#: Repeated while the plot loads: Streamlit keeps a chat page pinned to its bottom as it grows.
SCROLL_TO_LATEST = """<script>
const toLatest = () => {
  const messages = window.parent.document.querySelectorAll('[data-testid="stChatMessage"]');
  if (messages.length) {
    messages[messages.length - 1].scrollIntoView({behavior: "instant", block: "start"});
  }
};
for (const ms of [0, 300, 800, 1500, 2500]) setTimeout(toLatest, ms);
</script>"""


# --- resources loaded once per server ------------------------------------------------------


@st.cache_resource(show_spinner=False)
def knowledge_base(key: tuple[str, str | None, str], _settings: Settings) -> Any:
    """The retriever (embedding model + Chroma index), shared by all sessions of the server."""
    from chathep.knowledge.retrieval import get_retriever

    return get_retriever(_settings)


@st.cache_resource(show_spinner=False)
def chat_model(key: tuple[str, str, str | None], _settings: Settings) -> Any:
    """The chat model for the chosen backend and model (the GGUF is loaded on first use)."""
    from chathep.llm import get_chat_model

    return get_chat_model(_settings)


# --- session state -------------------------------------------------------------------------


def _session() -> api.Session:
    if "session" not in st.session_state:
        st.session_state.session = api.Session()
    return st.session_state.session


def _settings(model: str, planner: str) -> Settings:
    return get_settings().model_copy(update={"model": model, "planner": planner})


# --- sidebar -------------------------------------------------------------------------------


def sidebar(base: Settings) -> tuple[Settings, list[str], list[str]]:
    """Model, planner mode, samples and corrections; returns the settings for this request."""
    from chathep.llm import model_names

    st.sidebar.header("Settings")
    st.sidebar.caption("Requests to coffea analyses on CMS Open Data, with data/MC plots.")
    models = list(dict.fromkeys([base.model, *model_names()]))
    model = st.sidebar.selectbox(
        "Model",
        models,
        index=0,
        key="model",
        help="GGUF model for llama.cpp (CHATHEP_MODEL); a path to a .gguf file also works.",
        disabled=base.llm_backend != "llamacpp",
    )
    if base.llm_backend != "llamacpp":
        st.sidebar.caption(f"Using the OpenAI-compatible server {base.llm_url} ({base.llm_model}).")
    modes = list(PLANNER_MODES)
    planner = st.sidebar.radio(
        "Planner",
        modes,
        index=modes.index(base.planner),
        format_func=PLANNER_MODES.__getitem__,
        key="planner",
    )
    catalog = default_catalog()
    samples = st.sidebar.multiselect(
        "Samples",
        list(catalog.samples),
        key="samples",
        format_func=lambda n: f"{n} ({catalog.samples[n].era}, {catalog.samples[n].kind})",
        help="Leave empty to let ChatHEP choose from the request.",
    )
    corrections = st.sidebar.multiselect(
        "Corrections",
        list(CORRECTION_LABELS),
        key="corrections",
        format_func=CORRECTION_LABELS.__getitem__,
        help="Opt-in corrections; MC normalisation and genWeight are always applied.",
    )
    st.sidebar.toggle(
        "As written",
        key="as_written",
        help="Apply no default object cuts (ID, isolation, pT/eta thresholds, overlap "
        "removal): only what the request says.",
    )
    add_dataset_form()
    if st.sidebar.button("New conversation", key="reset"):
        _session().reset()
        st.rerun()
    return _settings(model, planner), samples, corrections


def add_dataset_form() -> None:
    """Register your own files (chathep.datasets.add), as `chathep datasets add` does."""
    from chathep import datasets

    with st.sidebar.expander("Add your data", expanded=False):
        if "dataset_added" in st.session_state:
            st.success(st.session_state.pop("dataset_added"))
        with st.form("add_dataset", clear_on_submit=False):
            name = st.text_input("Name", key="ds_name", placeholder="dimu2012")
            paths = st.text_area(
                "Paths",
                key="ds_paths",
                help="One per line: ROOT files, globs, directories or URLs (root://, "
                "https://, s3://), opened in place and never copied.",
            )
            kind = st.radio("Kind", ["data", "mc"], key="ds_kind", horizontal=True)
            era = st.text_input("Era", key="ds_era", placeholder="2012")
            sqrt_s = st.number_input("√s (TeV)", key="ds_sqrt_s", min_value=0.0, value=13.6)
            lumi = st.number_input(
                "Luminosity (pb⁻¹, data; 0 = unknown)", key="ds_lumi", min_value=0.0, value=0.0
            )
            xsec = st.number_input(
                "Cross section (pb, MC)", key="ds_xsec", min_value=0.0, value=0.0
            )
            treename = st.text_input("Tree", key="ds_tree", value="Events")
            submitted = st.form_submit_button("Register")
        if submitted:
            try:
                info = datasets.add(
                    name.strip(),
                    [line.strip() for line in paths.splitlines() if line.strip()],
                    kind=kind,
                    era=era.strip(),
                    sqrt_s_tev=sqrt_s,
                    lumi_pb=lumi or None,
                    xsec_pb=xsec or None,
                    treename=treename.strip() or "Events",
                )
            except ChatHEPError as exc:
                st.error(f"{exc.message}\n\n{exc.hint}" if exc.hint else exc.message)
            else:
                st.session_state["dataset_added"] = (
                    f"Registered {info.name}: {len(info.files)} file(s), "
                    f'{info.sample.n_events:,} events. Ask about it: "... in {info.name}".'
                )
                st.rerun()


def overrides_caption(overrides: api.Overrides) -> str:
    """The sidebar choices sent with a request, shown under it."""
    parts = []
    if overrides.samples:
        parts.append("Samples: " + ", ".join(overrides.samples) + ".")
    if overrides.corrections:
        labels = [CORRECTION_LABELS.get(c, c) for c in overrides.corrections]
        parts.append("Corrections: " + ", ".join(labels) + ".")
    return " ".join(parts)


# --- one request ---------------------------------------------------------------------------


def run_request(request: str, settings: Settings, overrides: api.Overrides | None = None) -> Answer:
    """Call the API under a status box; failures become an error answer kept in the history.

    ``overrides``: the sidebar's samples and corrections, passed typed (not as words)."""
    session = _session()
    start = time.perf_counter()
    with st.status("Working on your request ...", expanded=False) as status:
        try:
            status.update(label="Loading the knowledge base (once per server) ...")
            index_key = (str(settings.index_dir), settings.chroma_url, settings.embedding_model)
            try:
                knowledge_base(index_key, settings)
            except ChatHEPError as exc:  # the API reports it again as a warning
                status.write(f"Knowledge base unavailable: {exc.message}")
            model = None
            if settings.planner != "parser":
                status.update(label="Loading the language model (once per server) ...")
                model_key = (settings.llm_backend, settings.model, settings.llm_url)
                try:
                    model = chat_model(model_key, settings)
                except ChatHEPError as exc:
                    status.write(f"Language model unavailable: {exc.message}")

            def progress(message: str) -> None:
                status.update(label=message)
                status.write(message)

            answer = api.ask(
                request,
                session=session,
                settings=settings,
                planner=settings.planner,
                chat_model=model,
                progress=progress,
                as_written=bool(st.session_state.get("as_written", False)),
                overrides=overrides,
            )
        except ChatHEPError as exc:
            answer = Answer(request=request, kind="error", message=exc.message, hint=exc.hint)
            session.history.append(api.Turn(request, answer))
        except Exception as exc:  # never lose the request to a traceback
            log.exception("request failed")
            answer = Answer(
                request=request,
                kind="error",
                message=f"Internal error: {type(exc).__name__}: {exc}",
                hint="This is a bug in ChatHEP; your request is kept above, try again or "
                "rephrase it.",
            )
            session.history.append(api.Turn(request, answer))
        seconds = time.perf_counter() - start
        failed = answer.kind == "error"
        status.update(
            label=("Failed" if failed else "Done") + f" after {seconds:.1f} s",
            state="error" if failed else "complete",
        )
    return answer


# --- showing an answer ---------------------------------------------------------------------


def show_answer(answer: Answer, index: int) -> None:
    """One assistant message: text, plan, plot, tables, code, citations, timings."""
    if answer.kind in BADGES:
        st.markdown(BADGES[answer.kind])
    if answer.kind == "error":
        st.error(answer.message)
        if answer.hint:
            st.info(answer.hint)
        if st.button("Try again", key=f"retry-{index}"):
            st.session_state.pending = answer.request
            st.rerun()
    elif answer.kind in ("clarification", "refusal"):
        st.warning(answer.message + (f"\n\n{answer.hint}" if answer.hint else ""))
    elif answer.message:
        st.markdown(answer.message)

    if answer.plan:
        st.markdown(f"**Plan.** {answer.plan}")
    for warning in answer.warnings:
        st.warning(warning)
    _show_plots(answer, index)
    if answer.yields or answer.cutflow:
        _show_tables(answer)
    if answer.code:
        with st.expander("Code (coffea)", expanded=False):
            st.code(answer.code, language="python")  # the copy button is built in
            st.download_button(
                "Download analysis.py",
                answer.code,
                file_name="analysis.py",
                mime="text/x-python",
                key=f"code-{index}",
                on_click="ignore",
            )
    if answer.citations:
        with st.expander(f"Citations ({len(answer.citations)})", expanded=False):
            for c in answer.citations:
                st.markdown(f"- `{c}`" + (f" (score {c.score:.2f})" if c.score else ""))
    if answer.timings:
        st.caption(" · ".join(f"{k} {v:.2f} s" for k, v in answer.timings.items()))


def _show_tables(answer: Answer) -> None:
    yields_tab, cutflow_tab = st.tabs(["Yields", "Cutflow"])
    with yields_tab:
        for region, entry in answer.regions.items():  # histograms under their own selections
            st.markdown(f"**{region}** ({', '.join(entry.histograms)})")
            st.markdown(yields_markdown(entry.yields))
        if answer.yields and not answer.regions:
            st.markdown(yields_markdown(answer.yields))
    with cutflow_tab:
        if answer.cutflow:
            st.markdown(cutflow_markdown(answer.cutflow))
            st.caption("ε: efficiency of each cut with respect to the previous row.")
        for region, entry in answer.regions.items():  # histograms under their own selections
            st.markdown(f"**{region}** ({', '.join(entry.histograms)})")
            st.markdown(cutflow_markdown(entry.cutflow))


def _show_plots(answer: Answer, index: int) -> None:
    pngs = [Path(p) for p in answer.plots if p.endswith(".png") and Path(p).is_file()]
    for n, png in enumerate(pngs):
        st.image(str(png), width=PLOT_WIDTH)
        cols = st.columns([1, 1, 6])
        with cols[0]:
            st.download_button(
                "PNG",
                png.read_bytes(),
                file_name=png.name,
                mime="image/png",
                key=f"png-{index}-{n}",
                on_click="ignore",
            )
        pdf = png.with_suffix(".pdf")
        api.wait_for_files()  # the PDF is written after the answer (the plot is shown already)
        if pdf.is_file():
            with cols[1]:
                st.download_button(
                    "PDF",
                    pdf.read_bytes(),
                    file_name=pdf.name,
                    mime="application/pdf",
                    key=f"pdf-{index}-{n}",
                    on_click="ignore",
                )


# --- page ----------------------------------------------------------------------------------


def main() -> None:
    st.set_page_config(page_title="ChatHEP", page_icon=":material/science:", layout="wide")
    try:
        base = get_settings()
    except ChatHEPError as exc:
        st.error(f"Configuration problem: {exc.message}")
        if exc.hint:
            st.info(exc.hint)
        st.stop()
    settings, samples, corrections = sidebar(base)

    st.title("ChatHEP")
    session = _session()
    typed = st.chat_input("Describe the analysis or ask a question")
    pending = st.session_state.pop("pending", None)
    text = typed or pending
    # one slot for the examples: on the run that answers the first request it is emptied at
    # once, instead of the old list staying on screen until the answer is ready
    intro = st.empty()
    if not session.history and not text:
        with intro.container():
            st.markdown("Ask for a plot, a selection or a yield, or ask about calibrations. E.g.:")
            for example in EXAMPLES:
                st.markdown(f"- *{example}*")
    for i, turn in enumerate(session.history):
        with st.chat_message("user"):
            st.markdown(turn.request)
        with st.chat_message("assistant", avatar=AVATARS.get(turn.answer.kind)):
            show_answer(turn.answer, i)

    if text:
        request = text.strip()
        overrides = api.Overrides(samples=tuple(samples), corrections=tuple(corrections))
        with st.chat_message("user"):
            st.markdown(request)
            if overrides:
                st.caption(overrides_caption(overrides))
        with st.chat_message("assistant"):
            answer = run_request(request, settings, overrides)
            show_answer(answer, len(session.history) - 1)
        components.html(SCROLL_TO_LATEST, height=0)


main()
