"""Ready specs for the demo requests (the goldens, the benchmarks and the sandbox tests)."""

from __future__ import annotations

from chathep.spec import (
    AnalysisSpec,
    Cleaning,
    Combination,
    Cut,
    Histogram,
    ObjectDef,
    Observable,
    Step,
)


def _dimuon(corrected: bool) -> AnalysisSpec:
    return AnalysisSpec(
        title="Dimuon invariant mass, 2018 data vs Drell-Yan"
        + (" (with the 2018 corrections)" if corrected else ""),
        samples=["data_2018A_doublemuon", "dy_2018"],
        objects=[
            ObjectDef(
                name="muons",
                source="Muon",
                cuts=[
                    Cut(field="pt", op=">", value=25),
                    Cut(field="eta", op="<", value=2.4, abs=True),
                    Cut(field="tightId", op="==", value=True),
                    Cut(field="pfRelIso04_all", op="<", value=0.15),
                ],
            )
        ],
        combinations=[
            Combination(
                name="dimuon",
                inputs=["muons"],
                charge="opposite",
                choose="closest_mass",
                target_mass=91.1876,
            )
        ],
        selection=[
            Step(name="two muons", count="muons", op=">=", value=2),
            Step(name="opposite-charge pair", count="dimuon", op=">=", value=1),
        ],
        observables=[Observable(name="mass_mumu", kind="field", of="dimuon", field="mass")],
        histograms=[
            Histogram(
                name="dimuon_mass",
                observable="mass_mumu",
                bins=30,
                start=60,
                stop=120,
                label=r"$m_{\mu\mu}$",
                unit="GeV",
            )
        ],
        corrections=["all"] if corrected else [],
    )


def demo_specs() -> dict[str, AnalysisSpec]:
    """Ready specs for the demo requests, by name."""
    jets = ObjectDef(
        name="jets",
        source="Jet",
        cuts=[Cut(field="pt", op=">", value=30), Cut(field="eta", op="<", value=2.4, abs=True)],
    )
    return {
        "dimuon_mass": _dimuon(corrected=False),
        "dimuon_mass_corrected": _dimuon(corrected=True),
        "jet_pt": AnalysisSpec(
            title="Jet pT, |eta| < 2.4, 2018 data vs Drell-Yan",
            samples=["data_2018A_doublemuon", "dy_2018"],
            objects=[jets],
            observables=[Observable(name="jet_pt", kind="field", of="jets", field="pt")],
            histograms=[
                Histogram(
                    name="jet_pt",
                    observable="jet_pt",
                    bins=20,
                    start=0,
                    stop=200,
                    label=r"Jet $p_{T}$",
                    unit="GeV",
                    log_y=True,
                )
            ],
        ),
        "met_two_jets": AnalysisSpec(
            title="Missing transverse momentum in events with two jets, 2018 data vs Drell-Yan",
            samples=["data_2018A_doublemuon", "dy_2018"],
            objects=[jets],
            selection=[Step(name="two jets", count="jets", op=">=", value=2)],
            observables=[Observable(name="met", kind="met")],
            histograms=[
                Histogram(
                    name="met",
                    observable="met",
                    bins=20,
                    start=0,
                    stop=200,
                    label=r"$p_{T}^{miss}$",
                    unit="GeV",
                )
            ],
        ),
        "ht_cleaned": AnalysisSpec(
            title="HT of jets cleaned against muons, 2018 data vs Drell-Yan",
            samples=["data_2018A_doublemuon", "dy_2018"],
            objects=[
                ObjectDef(
                    name="muons",
                    source="Muon",
                    cuts=[
                        Cut(field="pt", op=">", value=10),
                        Cut(field="looseId", op="==", value=True),
                    ],
                ),
                jets.model_copy(update={"clean_against": [Cleaning(against="muons", dr=0.4)]}),
            ],
            selection=[Step(name="one jet", count="jets", op=">=", value=1)],
            observables=[Observable(name="ht", kind="ht", of="jets")],
            histograms=[
                Histogram(
                    name="ht",
                    observable="ht",
                    bins=20,
                    start=0,
                    stop=500,
                    label="$H_{T}$",
                    unit="GeV",
                )
            ],
        ),
        "ttbar_bjets": AnalysisSpec(
            title="b-jet multiplicity in semileptonic ttbar (DeepJet medium)",
            samples=["ttbar_semilep_2022"],
            objects=[
                jets,
                ObjectDef(
                    name="bjets",
                    source="Jet",
                    cuts=[
                        Cut(field="pt", op=">", value=30),
                        Cut(field="eta", op="<", value=2.4, abs=True),
                        Cut(field="btagDeepFlavB", op=">", value="medium"),
                    ],
                ),
            ],
            lumi_pb=1000.0,
            selection=[Step(name="four jets", count="jets", op=">=", value=4)],
            observables=[Observable(name="n_bjets", kind="count", of="bjets")],
            histograms=[
                Histogram(
                    name="n_bjets",
                    observable="n_bjets",
                    bins=6,
                    start=-0.5,
                    stop=5.5,
                    label="Number of b-tagged jets",
                )
            ],
            corrections=["all"],
        ),
    }
