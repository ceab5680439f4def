"""The data streams (CMS primary datasets): which physics objects their triggers select.

A data sample of the catalog names its stream (``Sample.stream``). An event is in a stream
because its trigger fired on the stream's objects; a selection that requires other leptons or
photons only sees those that came along by chance (electrons in dimuon-triggered events), and
its data/MC comparison is meaningless. :func:`mismatch` says so, and where such events are.
The registry imports nothing from chathep but the object registry.
"""

from __future__ import annotations

from dataclasses import dataclass

from chathep.registry.objects import BY_SOURCE

#: Collections a trigger stream is defined by (jets and MET are in every stream's events).
TRIGGER_OBJECTS: frozenset[str] = frozenset({"Muon", "Electron", "Photon", "Tau"})

_WORDS = {source: BY_SOURCE[source].words for source in TRIGGER_OBJECTS}


@dataclass(frozen=True)
class Stream:
    """One primary dataset: the NanoAOD collections its triggers fire on, in words too."""

    name: str
    objects: frozenset[str]
    description: str
    example: str = "HLT_IsoMu24"  # a trigger path of the stream (of its last year), for a hint


STREAMS: dict[str, Stream] = {
    s.name: s
    for s in (
        Stream(
            "DoubleMuon",
            frozenset({"Muon"}),
            "events triggered by two muons",
            "HLT_Mu17_TrkIsoVVL_Mu8_TrkIsoVVL_DZ_Mass3p8",
        ),
        Stream("SingleMuon", frozenset({"Muon"}), "events triggered by one muon", "HLT_IsoMu24"),
        Stream(
            "DoubleEG",
            frozenset({"Electron", "Photon"}),
            "two electrons or photons",
            "HLT_Ele23_Ele12_CaloIdL_TrackIdL_IsoVL",
        ),
        Stream(
            "SingleElectron",
            frozenset({"Electron"}),
            "events triggered by one electron",
            "HLT_Ele27_WPTight_Gsf",
        ),
        Stream(
            "EGamma",
            frozenset({"Electron", "Photon"}),
            "electrons or photons (2018-)",
            "HLT_Ele32_WPTight_Gsf",
        ),
        Stream(
            "MuonEG",
            frozenset({"Muon", "Electron"}),
            "a muon and an electron",
            "HLT_Mu23_TrkIsoVVL_Ele12_CaloIdL_TrackIdL_IsoVL",
        ),
        Stream(
            "Tau",
            frozenset({"Tau"}),
            "hadronic taus",
            "HLT_DoubleMediumChargedIsoPFTauHPS35_Trk1_eta2p1_Reg",
        ),
        Stream(
            "JetHT", frozenset({"Jet", "FatJet"}), "events triggered on jets and HT", "HLT_PFHT1050"
        ),
        Stream(
            "MET",
            frozenset(),
            "events triggered on missing transverse momentum",
            "HLT_PFMETNoMu120_PFMHTNoMu120_IDTight",
        ),
    )
}

#: Where events with these objects are recorded (for the hint of a mismatch).
HOLDERS: dict[str, str] = {
    "Muon": "DoubleMuon or SingleMuon",
    "Electron": "EGamma (2018; DoubleEG or SingleElectron before)",
    "Photon": "EGamma (2018; DoubleEG or SinglePhoton before)",
    "Tau": "Tau",
}


def mismatch(sample: str, stream: str, required: set[str]) -> str | None:
    """A warning when ``required`` collections include leptons or photons that ``stream``
    is not triggered on and none that it is; None when the stream can hold the selection."""
    info = STREAMS.get(stream)
    if info is None:
        return None
    wanted = required & TRIGGER_OBJECTS
    if not wanted or wanted & info.objects:
        return None
    asked = " and ".join(_WORDS[c] for c in sorted(wanted))
    where = "; ".join(f"{_WORDS[c]}: {HOLDERS[c]}" for c in sorted(wanted))
    return (
        f"{sample} is the {stream} stream ({info.description}) but the selection asks for "
        f"{asked}: these data hold only those that came along in such events, so the data/MC "
        f"comparison is not meaningful. Streams that record them: {where}."
    )
