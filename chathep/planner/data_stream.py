"""The plan says when its data are a trigger stream that does not record what it plots.

"the electron pT" (or a follow-up "same for electrons") run on the DoubleMuon data: the data
hold only the electrons that came along in muon-triggered events, so the electron distribution
in data is biased by the muon trigger. The run warned (:func:`chathep.resolve.stream_warnings`);
the plan shown before the run said nothing. One line now, from the same rule
(:func:`chathep.registry.streams.mismatch`): never for muon plots, plots without leptons or
photons, or plans without data.

A data/MC plan without a trigger step says so too: the data passed their stream's triggers, the
MC passed none (it lacks their inefficiency), with a path of the stream to require in both.
A plan with data says that no certified-luminosity mask (golden JSON) is applied.

A request for "all (MC) samples" that the plan runs on fewer of (one era at a time) says which
were left out (was: the other era's samples dropped without a word).
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import chathep.regex as re
from chathep.catalog import Catalog, Sample
from chathep.errors import ChatHEPError
from chathep.registry import streams as streams_registry
from chathep.registry.objects import BY_SOURCE
from chathep.spec import AnalysisSpec

if TYPE_CHECKING:
    from chathep.planner.draft import Draft
    from chathep.planner.planner import Plan


def stream_note(spec: AnalysisSpec, samples: list[Sample]) -> str | None:
    """One line when a data sample of ``spec`` (resolved: ``samples``) is a stream not
    triggered on the leptons or photons the spec plots or requires; None otherwise."""
    from chathep.resolve import required_collections

    required = required_collections(spec) & streams_registry.TRIGGER_OBJECTS
    lines = []
    for sample in samples:
        if not sample.is_data or not sample.stream:
            continue
        if streams_registry.mismatch(sample.name, sample.stream, required) is None:
            continue
        stream = streams_registry.STREAMS[sample.stream]
        asked = " and ".join(BY_SOURCE[c].words for c in sorted(required))
        trigger = "/".join(BY_SOURCE[c].words.removesuffix("s") for c in sorted(stream.objects))
        where = "; ".join(
            f"{BY_SOURCE[c].words}: {streams_registry.HOLDERS[c]}" for c in sorted(required)
        )
        lines.append(
            f"Data: {sample.name} is the {stream.name} stream ({stream.description}), so its "
            f"{asked} are only those in {trigger or 'other'}-triggered events: the {asked} in "
            f"data are biased by that trigger ({where}; say 'MC only' to drop the data)."
        )
    return " ".join(lines) or None


def trigger_note(spec: AnalysisSpec, samples: list[Sample]) -> str | None:
    """One line when ``spec`` (resolved: ``samples``) compares data of a trigger stream with MC
    and requires no trigger: the data passed the stream's triggers, the MC none; else None."""
    if any(step.triggers for step in spec.selection) or all(s.is_data for s in samples):
        return None
    streams = [s.stream for s in samples if s.is_data and s.stream in streams_registry.STREAMS]
    if not streams:
        return None
    stream = streams_registry.STREAMS[streams[0]]  # type: ignore[index]
    return (
        f"Trigger: none is required. The data are the {stream.name} stream (only events that "
        f"fired its triggers); the MC is not required to pass them, so it lacks their "
        f"inefficiency (say e.g. 'require {stream.example}' to require one trigger in both)."
    )


#: Every plan with data says it (a default is always stated): ChatHEP ships no certification
#: file and cannot select certified luminosity sections (asked: ``samples_events.LUMI_MASK``).
NO_LUMI_MASK_NOTE = (
    "Data quality: no certified-luminosity mask (golden JSON) is applied: every event of the "
    "data files is used."
)


#: "all MC samples", "every sample", "all the processes", "each background"; "MC only", "just
#: the simulation", "backgrounds only" (the simulation of the plan's era, said)
_EVERY_SAMPLE = (
    r"\b(?:all|every|each)\s+(?:of\s+)?(?:the\s+|our\s+)?(?:available\s+)?(?:(?:mc|simulated"
    r"|simulation|monte\s+carlo|background|signal)\s+)?(?:samples?|processes|datasets?|mc"
    r"|simulations?|backgrounds?)\b"
    r"|\b(?:only|just)\s+(?:the\s+)?(?:mc|simulation|monte\s+carlo|backgrounds?)\b"
    r"|\b(?:mc|simulation|backgrounds?)\s+only\b|\bbackground\s+(?:mc|simulation)\b"
)
#: "all of Run 2", "the full Run-2 dataset", "Run II"
_RUN2 = r"\brun[- ]?(?:2|ii)\b"


def run2_note(request: str, samples: list[Sample]) -> str | None:
    """One line when the request names Run 2 and the plan's data are not all of it (the
    catalog's data of one year, or a part of one): was silent."""
    m = re.search(_RUN2, request.lower())
    data = [s for s in samples if s.is_data]
    if m is None or not samples:
        return None
    eras = " and ".join(sorted({str(s.era) for s in samples}))
    ran = ", ".join(s.name for s in (data or samples))
    return (
        f"'{m.group(0)}' is read as the catalog's {eras} samples ({ran}), not the full Run 2 "
        "(2016-2018) dataset, which the catalog does not hold."
    )


def every_sample_note(
    request: str, samples: list[Sample], catalog: Catalog, era_said: bool = False
) -> str | None:
    """One line when the request asks for every sample (of a kind) and the catalog has more of
    that kind than the plan runs on (another era's: a plan runs on one era; not said when the
    request names the era)."""
    m = re.search(_EVERY_SAMPLE, request.lower())
    if m is None:
        return None
    mc_only = re.search(r"mc|simulat|monte|background|signal", m.group(0)) is not None
    used = {s.name for s in samples}
    eras_used = {s.era for s in samples}
    left = [
        s
        for s in catalog
        if s.name not in used
        and not (mc_only and s.is_data)
        and not (era_said and s.era not in eras_used)
    ]
    if not left:
        return None
    shown = ", ".join(f"{s.name} ({s.era})" for s in left)
    eras = " and ".join(sorted({str(s.era) for s in samples}))
    return (
        f"'{m.group(0)}' is read as the samples of {eras} ({', '.join(sorted(used))}); not used: "
        f"{shown}. A plan runs on one era: name another era (e.g. 'in {left[0].era}') for it."
    )


def lumi_mask_note(samples: list[Sample]) -> str | None:
    """One line when ``samples`` include data: no certified-luminosity mask is applied."""
    return NO_LUMI_MASK_NOTE if any(s.is_data for s in samples) else None


def with_stream_note(plan: Plan, catalog: Catalog) -> Plan:
    """``plan`` with the stream, trigger and luminosity-mask notes added (once each) where
    they apply (its samples resolved once for all three)."""
    from chathep.resolve import resolve_samples

    if plan.spec is None:
        return plan
    try:
        samples = resolve_samples(plan.spec, catalog)
    except ChatHEPError:
        return plan
    notes = list(plan.notes)
    for note in (
        stream_note(plan.spec, samples),
        trigger_note(plan.spec, samples),
        lumi_mask_note(samples),
        every_sample_note(plan.request, samples, catalog, era_said="era" in plan.explicit),
        run2_note(plan.request, samples),
    ):
        if note is not None and note not in notes:
            notes.append(note)
    if notes == plan.notes:
        return plan
    return dataclasses.replace(plan, notes=notes)


def z_channel_of_the_data(draft: Draft, catalog: Catalog) -> str | None:
    """The Z channel the data can show: muons for DoubleMuon data, electrons for EGamma data;
    None when the data of the request hold both flavours, or no data."""
    from chathep.registry.eras import default_era
    from chathep.registry.streams import STREAMS

    if draft.samples:
        data = [catalog.samples[n] for n in draft.samples if n in catalog.samples]
        data = [s for s in data if s.is_data]
    else:
        data = catalog.data(draft.era or default_era(catalog))
    flavours: set[str] = set()
    for sample in data:
        stream = STREAMS.get(sample.stream or "")
        if stream is None:
            return None
        flavours |= stream.objects & {"Muon", "Electron"}
    if len(flavours) != 1:
        return None
    return {"Muon": "muon", "Electron": "electron"}[flavours.pop()]
