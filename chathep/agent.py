"""The agent: request -> retrieve -> plan (spec) -> compile -> sandboxed run -> plot -> answer.

The stages are plain functions composed as a langchain ``Runnable`` chain, so each stage is
traced and timed the same way and a user can call a single stage. Nothing here raises at
the user: every failure becomes an :class:`~chathep.answer.Answer` of kind ``error`` that
keeps the request, the spec and the code produced so far.
"""

from __future__ import annotations

import datetime as _dt
import logging
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import RunnableLambda

from chathep.answer import (
    Answer,
    Citation,
    CutflowRow,
    HistogramOut,
    Region,
    SampleHistogram,
    Yield,
)
from chathep.catalog import Catalog, default_catalog
from chathep.config import Settings, get_settings
from chathep.errors import ChatHEPError, failure_message
from chathep.guard import asks_advice, is_question, screen
from chathep.overrides import Overrides
from chathep.registry import corrections as corrections_registry
from chathep.registry import objects as objects_registry

if TYPE_CHECKING:  # annotations only: these modules are imported when a stage needs them
    from langchain_core.language_models.chat_models import BaseChatModel

    from chathep.engine import RunOutcome
    from chathep.freeform import FreeformOutcome
    from chathep.planner.planner import Plan
    from chathep.resolve import ResolvedAnalysis
    from chathep.spec import AnalysisSpec

log = logging.getLogger(__name__)

Progress = Callable[[str], None]

#: Always-applied MC weights, and opt-in corrections -> their knowledge-base recipe page.
RECIPE_OF = corrections_registry.RECIPE_OF


@dataclass
class Turn:
    request: str
    answer: Answer


@dataclass
class Session:
    """One conversation: follow-ups edit the previous plan's spec."""

    history: list[Turn] = field(default_factory=list)
    plan: Plan | None = None  # of the last analysis
    outcome: RunOutcome | None = None  # of the last run of a spec (a re-plot reuses it)

    def reset(self) -> None:
        self.history.clear()
        self.plan = None
        self.outcome = None

    @property
    def last(self) -> Answer | None:
        return self.history[-1].answer if self.history else None


@dataclass
class _State:
    """What flows through the chain; ``answer`` is set as soon as the outcome is known."""

    request: str
    settings: Settings
    catalog: Catalog
    session: Session
    run: bool
    out_dir: Path | None
    planner: str | None
    chat_model: BaseChatModel | None
    progress: Progress
    as_written: bool = False
    overrides: Overrides | None = None  # samples/corrections chosen outside the request
    hits: Sequence[Any] = field(default_factory=list)  # a LazyHits in answer_request
    shown: list[Any] = field(default_factory=list)  # the hits quoted to a language model
    plan: Plan | None = None
    spec: AnalysisSpec | None = None
    resolved: ResolvedAnalysis | None = None  # the spec checked once (chathep.resolve)
    outcome: RunOutcome | FreeformOutcome | None = None
    code_path: Path | None = None  # where the code is written, kept even if the run fails
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    answer: Answer | None = None


def _timed(name: str, fn: Callable[[_State], None]) -> Callable[[_State], _State]:
    def stage(state: _State) -> _State:
        if state.answer is not None:
            return state
        start = time.perf_counter()
        searched = _search_seconds(state)
        try:
            fn(state)
        except ChatHEPError as exc:
            state.answer = _error(state, exc.message, exc.hint)
        except Exception as exc:  # an internal error: keep everything, log the traceback
            log.exception("stage %s failed", name)
            state.answer = _error(
                state,
                f"Internal error in the {name} stage: {type(exc).__name__}: {exc}",
                "This is a bug in ChatHEP; your request, spec and code are kept in the answer.",
            )
            state.answer.internal_error = True
        finally:
            # a search this stage triggered is reported as "retrieve", not as this stage
            spent = time.perf_counter() - start - (_search_seconds(state) - searched)
            state.timings[name] = round(spent, 4)
        return state

    return stage


def _search_seconds(state: _State) -> float:
    return state.hits.seconds if isinstance(state.hits, LazyHits) else 0.0


def _error(state: _State, message: str, hint: str | None) -> Answer:
    answer = Answer(request=state.request, kind="error", message=message, hint=hint)
    _fill_plan(answer, state)
    if state.outcome is not None:
        answer.code = state.outcome.code
        answer.code_path = str(state.outcome.code_path)
    elif state.code_path is not None and state.code_path.is_file():
        answer.code = state.code_path.read_text()
        answer.code_path = str(state.code_path)
    return answer


def _fill_plan(answer: Answer, state: _State) -> None:
    if state.spec is not None:
        answer.spec = state.spec.model_dump(mode="json")
        if state.plan is not None:
            answer.plan = state.plan.describe(state.catalog)
        else:
            from chathep.describe import summary

            answer.plan = summary(state.spec, state.catalog, state.resolved)
    answer.citations = _object_citations(state.spec)
    answer.citations += _example_citations(state, answer.citations)
    answer.citations += _shown_citations(state, answer.citations)
    answer.warnings = list(state.warnings)


def _used_hits(state: _State) -> list[Any]:
    """The hits a stage actually read (never a search made only to cite it)."""
    hits = state.hits
    return hits.fetched if isinstance(hits, LazyHits) else list(hits)


def _citations(hits: Sequence[Any]) -> list[Citation]:
    out, seen = [], set()
    for hit in hits:
        if hit.citation in seen:
            continue
        seen.add(hit.citation)
        out.append(Citation(source=hit.source, section=hit.section, kind=hit.metadata.get("kind")))
    return out


#: NanoAOD collection -> the knowledge-base page of its default object definition.
OBJECT_PAGE = objects_registry.OBJECT_PAGES
_BTAG_FIELDS = ("btag",)


def _object_citations(spec: Any) -> list[Citation]:
    """The object pages whose definitions the spec uses (ID, isolation, b-tag, MET, triggers)."""
    if spec is None:
        return []
    pages: list[str] = []
    for obj in spec.objects:
        if obj.source in OBJECT_PAGE and obj.cuts:
            pages.append(OBJECT_PAGE[obj.source])
        if any(c.field.lower().startswith(_BTAG_FIELDS) for c in obj.cuts):
            pages.append("knowledge_base/objects/btagging.md")
    for observable in spec.observables:
        if observable.kind in ("met", "mt") or observable.other == "met":
            pages.append(OBJECT_PAGE[observable.met])
    if any(step.triggers for step in spec.selection):
        pages.append("knowledge_base/triggers/triggers.md")
    return [Citation(source=p, kind="objects") for p in dict.fromkeys(pages)]


def _shown_citations(state: _State, have: list[Citation]) -> list[Citation]:
    """The reference excerpts quoted to the language model (none when it did not run)."""
    seen = {str(c) for c in have}
    out = []
    for cite in _citations(state.shown):
        if str(cite) not in seen:
            seen.add(str(cite))
            out.append(cite)
    return out


def _example_citations(state: _State, have: list[Citation]) -> list[Citation]:
    """The worked examples the language model was shown (``path#title``), not yet in ``have``."""
    seen = {str(c) for c in have}
    out = []
    for cite in getattr(state.plan, "examples", None) or []:
        source, _, section = cite.partition("#")
        if cite not in seen:
            seen.add(cite)
            out.append(Citation(source=source, section=section, kind="example"))
    return out


# --- stages ---------------------------------------------------------------------------


def _guard(state: _State) -> None:
    state.answer = screen(state.request)


class LazyHits(Sequence[Any]):
    """The knowledge-base hits for a request, searched only when a stage first reads them.

    Retrieval loads the embedding model (torch, sentence-transformers) and chromadb: seconds
    in a fresh process. A request the rules plan alone never reads the hits, so it never pays
    for them. An index problem costs the citations, never the analysis: it becomes a warning.
    """

    def __init__(self, request: str, settings: Settings, warnings: list[str]) -> None:
        self._request, self._settings, self._warnings = request, settings, warnings
        self._hits: list[Any] | None = None
        #: wall time spent searching (0 while the hits were never read)
        self.seconds = 0.0

    @property
    def fetched(self) -> list[Any]:
        """The hits if a stage has read them, else [] (nothing was retrieved, nothing used)."""
        return self._hits or []

    def _get(self) -> list[Any]:
        if self._hits is None:
            start = time.perf_counter()
            self._hits = _search(self._request, self._settings, self._warnings)
            self.seconds += time.perf_counter() - start
        return self._hits

    def __getitem__(self, index: Any) -> Any:
        return self._get()[index]

    def __len__(self) -> int:
        return len(self._get())

    def __iter__(self) -> Iterator[Any]:
        return iter(self._get())

    def __bool__(self) -> bool:
        return bool(self._get())


def _search(request: str, settings: Settings, warnings: list[str]) -> list[Any]:
    """Top hits for the request; a broken index gives [] and a warning."""
    from chathep.knowledge.retrieval import get_retriever, reset_retriever

    for attempt in (1, 2):
        try:
            retriever = get_retriever(settings)
            hits = retriever.search(request, k=5)
            if retriever.rebuilt:  # a corrupt index was rebuilt: say so, once
                warnings.append(retriever.rebuilt)
                retriever.rebuilt = ""
            return hits
        except Exception as exc:  # chromadb raises many types, e.g. after a rebuild
            reset_retriever(settings)  # the index may have been rebuilt under us
            if attempt == 2:
                message = exc.message if isinstance(exc, ChatHEPError) else f"{exc}"
                log.warning("retrieval failed: %s", message)
                warnings.append(f"Knowledge base unavailable: {message}")
    return []


def _names_a_quantity(text: str, catalog: Catalog) -> bool:
    """The parser found what to plot ("How many b jets per event ...?" is an analysis)."""
    from chathep.planner.parser import parse_request

    parsed = parse_request(text, catalog)
    return parsed.question is None and "quantity" in parsed.explicit


def _answer_question(state: _State) -> None:
    """A knowledge question gets the sentences that answer it, each citing its section."""
    if not is_question(state.request):
        return
    if state.session.plan is not None:
        from chathep.planner.followup_phrases import is_undo

        if is_undo(state.request):  # "can you undo that?": the planner's, not the knowledge's
            return
    if not asks_advice(state.request) and _names_a_quantity(state.request, state.catalog):
        return
    from chathep.knowledge.answer import answer_question
    from chathep.knowledge.retrieval import get_retriever

    try:
        result = answer_question(state.request, get_retriever(state.settings))
    except ChatHEPError:
        raise
    except Exception as exc:  # the index is unreadable: say so, do not guess
        log.warning("knowledge answer failed: %s", exc)
        state.answer = Answer(
            request=state.request,
            kind="error",
            message=f"The knowledge base could not be searched: {exc}",
            hint="Run `chathep index` (or `chathep doctor`) and ask again.",
        )
        return
    if not result.found:
        state.answer = Answer(
            request=state.request,
            kind="question",
            message=result.text,
            hint="Index your own notes with `chathep index PATH`.",
            warnings=list(state.warnings),
        )
        return
    state.answer = Answer(
        request=state.request,
        kind="question",
        message=result.render(),
        citations=[
            Citation(
                source=s.source,
                section=s.section,
                score=s.similarity,
                kind=s.kind,
                snippet=s.snippet,
            )
            for s in result.sources
        ],
        warnings=list(state.warnings),
    )


def _plan(state: _State) -> None:
    from chathep.blinding import without_blinding_words
    from chathep.planner import plan_request

    plan = plan_request(
        without_blinding_words(state.request),  # blinding is applied to the result, not planned
        state.catalog,
        mode=state.planner,  # type: ignore[arg-type]
        chat_model=state.chat_model,
        previous=state.session.plan,
        settings=state.settings,
        hits=state.hits,
        as_written=state.as_written,
    )
    state.plan = plan
    state.warnings += list(getattr(plan, "rejected", []) or [])
    if plan.examples or plan.from_llm or plan.rejected:  # the LLM step ran and was shown
        state.shown = [h for h in state.hits if h.metadata.get("kind") != "example"][:2]
    if plan.spec is None and _unsupported(plan) and freeform_enabled(state.settings):
        _freeform(state)
        return
    if plan.spec is None:
        state.answer = Answer(
            request=state.request,
            kind="clarification",
            message=plan.question or "Could you say what to plot?",
            unplaced=list(plan.unplaced),
        )
        return
    if state.overrides:
        from chathep.planner.build import with_overrides
        from chathep.planner.multiplot import MergeError, merge_specs

        for part in plan.parts or [plan]:  # a request of several plots: each plot's draft
            part.draft, built = with_overrides(
                part.draft, state.overrides, state.catalog, state.settings
            )
            part.spec, part.defaults = built.spec, built.defaults
        if plan.parts:
            try:
                plan.spec, said = merge_specs([p.spec for p in plan.parts if p.spec])
            except (MergeError, ValueError) as exc:
                state.answer = Answer(
                    request=state.request,
                    kind="clarification",
                    message=f"With the settings applied, {exc}. Ask for the plots one at a time.",
                )
                return
            plan.draft = plan.parts[0].draft
            plan.defaults = list(dict.fromkeys(d for p in plan.parts for d in p.defaults))
            plan.notes += said
        plan.notes.append(state.overrides.describe())
    state.spec = plan.spec


def _check(state: _State) -> None:
    """The spec against the catalog and the files, once: samples, corrections, stream warnings
    (electrons asked of DoubleMuon data). The compiler and the summary reuse the result."""
    if state.spec is None or state.outcome is not None:
        return
    from chathep.resolve import resolve_analysis

    state.resolved = resolve_analysis(state.spec, state.catalog, state.settings)
    state.warnings += state.resolved.warnings
    if state.overrides and state.overrides.samples and len(state.resolved.eras) > 1:
        from chathep.describe import samples_mixed_eras_note

        mixed = samples_mixed_eras_note(
            list(state.resolved.samples), state.spec.lumi_pb, state.catalog
        )
        if mixed is not None:
            state.plan.notes.append(mixed)


def _unsupported(plan: Any) -> bool:
    """The planner understood the request but the spec cannot express it."""
    return bool(plan.question) and plan.question.startswith("I cannot plan")


def freeform_enabled(settings: Settings) -> bool:
    """Free-form code needs a model that declares it can write coffea (``freeform_code``)."""
    if settings.freeform != "auto":
        return settings.freeform == "on"
    from chathep.llm import model_capabilities

    return model_capabilities(settings).freeform_code


def _freeform(state: _State) -> None:
    from chathep.compiler import compile_spec
    from chathep.demo_specs import demo_specs
    from chathep.freeform import run_freeform
    from chathep.knowledge import format_context

    model = state.chat_model
    if model is None:
        from chathep.llm import get_chat_model

        model = get_chat_model(state.settings, max_tokens=4096)
    template = compile_spec(demo_specs()["dimuon_mass"], state.catalog, state.settings)
    state.progress("Writing free-form code with the language model ...")
    state.shown = list(state.hits)  # format_context quotes them all
    outcome = run_freeform(
        state.request,
        model,
        template=template,
        context=format_context(state.hits),
        workdir=_output_dir(state),
        settings=state.settings,
        max_attempts=state.settings.freeform_attempts,
    )
    state.outcome = outcome
    state.warnings.append(
        f"The spec cannot express this request; the language model wrote the code "
        f"({outcome.repairs} repair attempt(s)). Check it before trusting the numbers."
    )


def _output_dir(state: _State) -> Path:
    if state.out_dir is not None:
        return Path(state.out_dir).resolve()
    stamp = _dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    slug = re.sub(r"[^a-z0-9]+", "-", state.request.lower()).strip("-")[:40] or "analysis"
    return (Path(state.settings.output_dir) / f"{stamp}-{slug}").resolve()


def _run(state: _State) -> None:
    from chathep.compiler import compile_spec
    from chathep.engine import (
        SANDBOXED_EXECUTORS,
        choose_executor,
        progress_text,
        remote_inputs,
        run_spec,
    )

    if state.outcome is not None:  # free-form code already ran
        return
    out = _output_dir(state)
    out.mkdir(parents=True, exist_ok=True)
    if not state.run:
        code = compile_spec(state.spec, state.catalog, state.settings, state.resolved)
        (out / "analysis.py").write_text(code)
        answer = Answer(request=state.request, kind="analysis", message="Code generated (not run).")
        _fill_plan(answer, state)
        answer.code, answer.code_path = code, str(out / "analysis.py")
        state.answer = answer
        return
    previous = state.session.outcome
    if previous is not None:
        from chathep.engine import replot_outcome

        reused = replot_outcome(
            previous,
            state.spec,
            workdir=out,
            settings=state.settings,
            catalog=state.catalog,
            resolved=state.resolved,
        )
        if reused is not None:  # only the drawing changed: the same histograms, re-plotted
            state.outcome = reused
            state.timings["compile"] = round(reused.timings["compile_s"], 4)
            state.timings["run"] = 0.0
            state.warnings.append(
                "Only the plot changed: the histograms of the previous run were re-plotted "
                "without running the analysis again."
            )
            return
        from chathep.engine import refill_outcome

        refilled = refill_outcome(
            previous,
            state.spec,
            workdir=out,
            settings=state.settings,
            catalog=state.catalog,
            resolved=state.resolved,
        )
        if refilled is not None:  # only the binning changed: filled from the run's entries
            state.outcome = refilled
            state.timings["compile"] = round(refilled.timings["compile_s"], 4)
            state.timings["run"] = round(refilled.timings["fill_s"], 4)
            state.warnings.append(
                "Only the binning changed: the histograms were filled again from the "
                "selected events the previous run kept, without running the analysis again."
            )
            return
    executor = choose_executor(state.spec, state.catalog, state.settings)
    remote = remote_inputs(state.spec, state.catalog, state.settings)  # refused unless allowed
    if executor in SANDBOXED_EXECUTORS:
        where = "in the sandbox" + (" (threads)" if executor == "threads" else "")
        if remote:
            where += " with outbound network"
            state.warnings.append(
                "The analysis read remote files in the sandbox with outbound network "
                "(CHATHEP_ALLOW_NETWORK); every other sandbox layer applied."
            )
    else:
        if executor == "dask":
            where = f"on the Dask cluster at {state.settings.dask_scheduler}"
        else:
            where = "with worker processes"
        state.warnings.append(
            f"The compiled analysis ran {where}, outside ChatHEP's sandbox "
            "(CHATHEP_EXECUTOR/DASK_SCHEDULER)."
        )
    state.progress(f"Running the analysis {where} ...")
    state.code_path = out / "analysis.py"
    _prepare_plotting()  # on the host's idle core while the sandbox runs
    state.outcome = run_spec(
        state.spec,
        workdir=out,
        settings=state.settings,
        catalog=state.catalog,
        executor=executor,
        on_events=lambda done, total: state.progress(f"Running: {progress_text(done, total)}"),
        resolved=state.resolved,
    )
    for key, value in state.outcome.timings.items():
        if key in ("compile_s", "run_s"):
            state.timings[key.removesuffix("_s")] = round(value, 4)


_plot_ready: threading.Thread | None = None


def _prepare_plotting() -> None:
    """Import matplotlib/mplhep and pay the first plot's set-up in a background thread, once
    per process (joined before the first plot: matplotlib is not used by two threads)."""
    global _plot_ready
    if _plot_ready is None:

        def prepare() -> None:
            try:
                from chathep.plotting import prepare as run

                run()
            except Exception:  # the plot stage will meet (and report) the same problem
                log.debug("plot preparation failed", exc_info=True)

        _plot_ready = threading.Thread(target=prepare, name="chathep-plot-prepare", daemon=True)
        _plot_ready.start()


def _plot(state: _State) -> None:
    if _plot_ready is not None:
        _plot_ready.join()
    from chathep.plotting import plot_result

    outcome = state.outcome
    result = outcome.result
    state.progress("Plotting ...")
    window = blind_window(state)
    blind: dict[str, tuple[float, float]] = {}
    if window is not None and state.spec is not None:
        from chathep.blinding import blind_files, blind_result, blinded_histograms

        result, _note = blind_result(result, state.spec, state.catalog, window)
        blind = {name: window for name in blinded_histograms(state.spec)}
        if blind:  # the files the answer points to hold the blinded result only
            blind_files(result, outcome.result_path, outcome.fills, state.catalog)
    # under/overflow folded into the edge bins: the legend counts are the table's yields; the
    # PDF (a second copy of the PNG the answer shows) is written after the answer is returned
    outputs = plot_result(
        result,
        state.catalog,
        outcome.code_path.parent,
        show_yields=True,
        flow=True,
        pdf_in_background=True,
        blind=blind,
    )
    message = outcome.message
    if blind:  # the data count after all cuts would give the window's content away
        from chathep.engine import result_message

        message = result_message(result)
    answer = Answer(request=state.request, kind="analysis", message=message)
    _fill_plan(answer, state)
    answer.code, answer.code_path = outcome.code, str(outcome.code_path)
    answer.result_path = str(outcome.result_path)
    for name, plot in outputs.items():
        answer.plots += [str(p) for p in (plot.png, plot.pdf) if p is not None]
        answer.warnings += [f"{name}: {w}" for w in plot.warnings]
    answer.warnings += list(result.notes)
    answer.histograms = _histograms(result)
    answer.cutflow = {s: [CutflowRow(**row) for row in rows] for s, rows in result.cutflow.items()}
    answer.yields = {
        s: Yield(**y, effective_lumi_pb=_effective_lumi(state.catalog, s))
        for s, y in result.yields.items()
    }
    answer.regions = {name: Region(**region) for name, region in result.regions.items()}
    answer.corrections = result.corrections
    answer.citations += _recipe_citations(result, state.catalog, answer.citations)
    answer.repair_attempts = getattr(outcome, "repairs", 0)
    state.answer = answer


def blind_window(state: _State) -> tuple[float, float] | None:
    """The mass window whose data this answer hides: chosen (overrides) or "blinded"."""
    from chathep.blinding import requested_window

    chosen = state.overrides.blind if state.overrides else None
    return requested_window(state.request, chosen)


def _effective_lumi(catalog: Any, name: str) -> float | None:
    """A simulated sample's luminosity (events generated / sigma) when the catalog has it."""
    sample = catalog.samples.get(name)
    return None if sample is None else sample.effective_lumi_pb


def _histograms(result: Any) -> list[HistogramOut]:
    out = []
    for name, h in result.histograms.items():
        axis = h.axes[-1]
        samples = {}
        for dataset in h.axes[0]:
            view = h[{h.axes[0].name: dataset, h.axes[1].name: "nominal"}]
            samples[dataset] = SampleHistogram(
                values=[float(v) for v in view.values()],
                variances=[float(v) for v in view.variances()],
            )
        info = result.histogram_info.get(name, {})
        out.append(
            HistogramOut(
                name=name,
                label=info.get("axis_label") or axis.label,
                edges=[float(e) for e in axis.edges],
                samples=samples,
            )
        )
    return out


def _recipe_citations(result: Any, catalog: Catalog, have: list[Citation]) -> list[Citation]:
    names: list[str] = []
    for info in result.corrections.values():
        names += [n for n in info.get("applied", []) if n in RECIPE_OF]
        # a correction that cannot be applied at all: its page says why, and how to add it
        names += [
            n
            for n, why in info.get("skipped", {}).items()
            if n in corrections_registry.BY_NAME and why == corrections_registry.get(n).unavailable
        ]
        # a skip whose reason rests on its recipe page (electron scale and smearing: already
        # in NanoAOD, or why not; lepton SFs of sim13): the page is cited with the reason
        names += [
            n
            for n, why in info.get("skipped", {}).items()
            if n in corrections_registry.BY_NAME
            and f"recipes/{corrections_registry.get(n).recipe}.md" in why
        ]
    samples = [catalog.samples[s] for s in result.yields if s in catalog.samples]
    if any(not s.is_data for s in samples):
        names = [*corrections_registry.ALWAYS_MC_RECIPES, *names]
    sources = {c.source for c in have}
    out = []
    for name in dict.fromkeys(names):
        source = f"knowledge_base/recipes/{RECIPE_OF[name]}.md"
        if source not in sources:
            sources.add(source)
            out.append(Citation(source=source, section="", kind="recipe"))
    return out


_CHAIN = (
    RunnableLambda(_timed("guard", _guard))
    | RunnableLambda(_timed("question", _answer_question))
    | RunnableLambda(_timed("plan", _plan))
    | RunnableLambda(_timed("check", _check))
    | RunnableLambda(_timed("execute", _run))
    | RunnableLambda(_timed("plot", _plot))
)


def run_code_file(
    script: Path | str,
    *,
    out_dir: Path | str | None = None,
    settings: Settings | None = None,
    catalog: Catalog | None = None,
) -> Answer:
    """Run a generated or hand-edited analysis module in the sandbox and plot its result."""
    import shutil

    from chathep.engine import RunOutcome, execute_code
    from chathep.results import load_result

    start = time.perf_counter()
    settings = settings or get_settings()
    script = Path(script)
    request = f"run {script}"
    state = _State(
        request=request,
        settings=settings,
        catalog=catalog or default_catalog(settings),
        session=Session(),
        run=True,
        out_dir=Path(out_dir) if out_dir is not None else None,
        planner=None,
        chat_model=None,
        progress=lambda _m: None,
    )
    if not script.is_file():
        return Answer(
            request=request,
            kind="error",
            message=f"{script} does not exist.",
            hint="Give the path of an analysis module, e.g. one from `chathep generate`.",
        )
    code = script.read_text(errors="replace")
    problem = _syntax_problem(code, script)
    if problem is not None:
        message, hint = problem
        answer = Answer(request=request, kind="error", message=message, hint=hint)
        answer.code = code
        return answer
    out = _output_dir(state)
    out.mkdir(parents=True, exist_ok=True)
    code_path = out / "analysis.py"
    if code_path.resolve() != script.resolve():
        shutil.copyfile(script, code_path)
    try:
        t0 = time.perf_counter()
        run = execute_code(code_path, ["--out", "results.json"], out, settings)
        state.timings["run"] = round(time.perf_counter() - t0, 4)
        if run.returncode != 0:
            raise ChatHEPError(
                failure_message(f"The analysis failed (exit code {run.returncode})", run.stderr),
                hint=f"Fix {script} and run it again.",
            )
        result = load_result(out / "results.json")
    except ChatHEPError as exc:
        answer = Answer(request=request, kind="error", message=exc.message, hint=exc.hint)
        answer.code, answer.code_path = code, str(code_path)
        return answer
    state.outcome = RunOutcome(None, code, code_path, out / "results.json", result)
    state = RunnableLambda(_timed("plot", _plot)).invoke(state)
    answer = state.answer or _error(state, "No answer was produced.", None)
    answer.timings = {**state.timings, "total": round(time.perf_counter() - start, 4)}
    return answer


def _syntax_problem(code: str, script: Path) -> tuple[str, str] | None:
    """A syntax error in the user's file, told with their file name, line, column and the
    offending line (before the sandbox, whose message would name its own copy)."""
    try:
        compile(code, str(script), "exec")
    except SyntaxError as exc:
        where = f"{script}, line {exc.lineno}" if exc.lineno else str(script)
        text = (exc.text or "").rstrip("\n")
        lines = [f"{where}: {exc.msg}"]
        if text.strip():
            lines.append(f"    {text}")
            if exc.offset:
                lines.append("    " + " " * max(exc.offset - 1, 0) + "^")
        hint = f"Fix line {exc.lineno} of {script}, then `chathep run {script}` again."
        return "\n".join(lines), hint
    except ValueError as exc:  # e.g. a null byte in the file
        return f"{script} is not Python source: {exc}", f"Check {script}."
    return None


def answer_request(
    request: str,
    *,
    session: Session | None = None,
    settings: Settings | None = None,
    catalog: Catalog | None = None,
    run: bool = True,
    out_dir: Path | str | None = None,
    planner: str | None = None,
    chat_model: Any = None,
    progress: Progress | None = None,
    as_written: bool = False,
    overrides: Overrides | None = None,
) -> Answer:
    """Answer one request; never raises for bad input (see :class:`~chathep.answer.Answer`).

    ``as_written`` applies no default object requirement: only what the request says.
    ``overrides``: samples and corrections chosen outside the request (the app's sidebar).
    """
    start = time.perf_counter()
    settings = settings or get_settings()
    session = session if session is not None else Session()
    state = _State(
        request=request,
        settings=settings,
        catalog=catalog or default_catalog(settings),
        session=session,
        run=run,
        out_dir=Path(out_dir) if out_dir is not None else None,
        planner=planner,
        chat_model=chat_model,
        progress=progress or (lambda _m: None),
        as_written=as_written,
        overrides=overrides,
    )
    state.hits = LazyHits(request, settings, state.warnings)
    state = _CHAIN.invoke(state)
    answer = state.answer or _error(state, "No answer was produced.", None)
    # 0 when no stage read the knowledge base (a request the rules planned alone)
    timings = {"retrieve": round(_search_seconds(state), 4)}
    skip = ("guard", "question", "execute")
    timings.update({k: v for k, v in state.timings.items() if k not in skip})
    timings["total"] = round(time.perf_counter() - start, 4)
    answer.timings = timings
    if state.plan is not None and state.spec is not None:
        session.plan = state.plan
    if answer.kind == "analysis" and getattr(state.outcome, "spec", None) is not None:
        session.outcome = state.outcome  # a spec run (not free-form code): re-plottable
    session.history.append(Turn(request, answer))
    return answer
