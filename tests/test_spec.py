"""The analysis spec: parsing, validation messages, file checks, schema, summary."""

from __future__ import annotations

import json

import pytest

from chathep.demo_specs import demo_specs
from chathep.describe import summary
from chathep.errors import SpecError
from chathep.resolve import check_spec, resolve_samples
from chathep.spec import AnalysisSpec, parse_spec

DATA, DY, TT = "data_2018A_doublemuon", "dy_2018", "ttbar_semilep_2022"


def base(**overrides) -> dict:
    spec = {
        "title": "t",
        "samples": [DATA, DY],
        "objects": [
            {"name": "muons", "source": "Muon", "cuts": [{"field": "pt", "op": ">", "value": 20}]}
        ],
        "observables": [{"name": "mu_pt", "kind": "field", "of": "muons", "field": "pt"}],
        "histograms": [
            {"name": "h", "observable": "mu_pt", "bins": 10, "start": 0, "stop": 100, "label": "x"}
        ],
    }
    spec.update(overrides)
    return spec


def test_parse_round_trip():
    spec = parse_spec(base())
    again = parse_spec(spec.to_json())
    assert again == spec
    assert spec.histograms[0].axis_label == "x"
    assert (
        parse_spec(base(histograms=[{**base()["histograms"][0], "unit": "GeV"}]))
        .histograms[0]
        .axis_label
        == "x [GeV]"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"histograms": [{"name": "h", "observable": "mu_pt", "bins": 0, "start": 0,
                          "stop": 1, "label": "x"}]}, "bins must be > 0"),
        ({"histograms": [{"name": "h", "observable": "mu_pt", "bins": -3, "start": 0,
                          "stop": 1, "label": "x"}]}, "bins must be > 0"),
        ({"histograms": [{"name": "h", "observable": "mu_pt", "bins": 10, "start": 5,
                          "stop": 5, "label": "x"}]}, "empty range"),
        ({"histograms": [{"name": "h", "observable": "mu_ptt", "bins": 10, "start": 0,
                          "stop": 1, "label": "x"}]}, "did you mean 'mu_pt'"),
        ({"observables": [{"name": "mu_pt", "kind": "field", "of": "muonz", "field": "pt"}]},
         "did you mean 'muons'"),
        ({"selection": [{"name": "s", "count": "muons"}]}, "needs a value"),
        ({"selection": [{"name": "s", "count": "muons", "observable": "mu_pt", "value": 1}]},
         "exactly one of"),
        ({"selection": [{"name": "s", "observable": "mu_pt", "op": ">", "value": 1}]},
         "per object"),
        ({"selection": [{"name": "s", "triggers": ["IsoMu24"]}]}, "HLT path"),
        ({"histograms": []}, "histograms"),
        ({"observables": [{"name": "weight", "kind": "met"}]}, "reserved"),
        ({"histograms": [{"name": "h", "observable": "mu_pt", "bins": 1, "start": 0,
                          "stop": 1, "label": "x"}] * 2}, "histogram names must be unique"),
        ({"observables": [{"name": "mu_pt", "kind": "delta_r", "of": "muons", "other": "muons"}]},
         "leave 'other' empty"),
        ({"selection": [{"name": "all events", "count": "muons", "value": 1}]}, "first row"),
        ({"selection": [{"name": "s", "count": "muons", "value": 1},
                        {"name": "s", "count": "muons", "value": 2}]}, "must be unique"),
        ({"samples": "everything"}, "samples"),
    ],
)  # fmt: skip
def test_bad_specs_raise_spec_error(change, message):
    with pytest.raises(SpecError) as err:
        parse_spec(base(**change))
    assert message in str(err.value)
    assert err.value.hint


def test_cleaning_must_refer_to_an_earlier_object():
    objects = [
        {"name": "jets", "source": "Jet", "clean_against": [{"against": "muons"}]},
        {"name": "muons", "source": "Muon"},
    ]
    with pytest.raises(SpecError, match="not an object defined before it"):
        parse_spec(base(objects=objects))


def test_combination_rules():
    comb = {"name": "zz", "inputs": ["muons"], "choose": "closest_mass"}
    with pytest.raises(SpecError, match="target_mass"):
        parse_spec(base(combinations=[comb]))
    jets = {"name": "jets", "source": "Jet"}
    with pytest.raises(SpecError, match="no charge"):
        parse_spec(
            base(
                objects=[*base()["objects"], jets],
                combinations=[{"name": "jj", "inputs": ["jets"], "charge": "opposite"}],
            )
        )


def test_unknown_sample(demo_data):
    spec = parse_spec(base(samples=["dy_2081"]))
    with pytest.raises(SpecError, match="Unknown sample 'dy_2081'; did you mean 'dy_2018'"):
        resolve_samples(spec)


def test_auto_samples(demo_data, catalog):
    names = [s.name for s in resolve_samples(parse_spec(base(samples="auto")), catalog)]
    assert names == [s.name for s in catalog.data("2018") + catalog.mc("2018")]
    assert DATA in names and DY in names and TT not in names
    with pytest.raises(SpecError, match="era"):
        resolve_samples(parse_spec(base(samples="auto", era="2011")))


def test_unknown_field_checked_against_the_files(demo_data):
    bad = base()
    bad["objects"][0]["cuts"] = [{"field": "ptt", "op": ">", "value": 20}]
    with pytest.raises(SpecError) as err:
        check_spec(parse_spec(bad))
    assert "Muon has no field 'ptt'; did you mean 'pt'?" in str(err.value)


def test_missing_trigger_and_collection(demo_data):
    spec = parse_spec(base(samples=[TT], selection=[{"name": "t", "triggers": ["HLT_IsoMu24"]}]))
    with pytest.raises(SpecError, match="has no trigger HLT_IsoMu24"):
        check_spec(spec)
    bad = base()
    bad["observables"] = [{"name": "mu_pt", "kind": "field", "of": "muons", "field": "pdgid"}]
    with pytest.raises(SpecError, match="did you mean 'pdgId'"):
        check_spec(parse_spec(bad))


def test_working_point_only_on_btag_scores(demo_data):
    bad = base()
    bad["objects"][0]["cuts"] = [{"field": "pt", "op": ">", "value": "medium"}]
    with pytest.raises(SpecError, match="not a b-tag score"):
        check_spec(parse_spec(bad))


def test_json_schema_is_compact_and_flat():
    schema = AnalysisSpec.model_json_schema()
    text = json.dumps(schema)
    assert len(text) < 16_000
    # no definition refers to itself or to another definition that refers back
    defs = schema.get("$defs", {})
    for name, body in defs.items():
        refs = {r.split("/")[-1] for r in _refs(body)}
        assert name not in refs
        for other in refs:
            assert name not in {r.split("/")[-1] for r in _refs(defs[other])}


def _refs(node) -> list[str]:
    if isinstance(node, dict):
        out = [node["$ref"]] if "$ref" in node else []
        return out + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_summary_reads_like_a_plan(demo_data):
    text = summary(demo_specs()["dimuon_mass_corrected"])
    for piece in (
        "data_2018A_doublemuon, dy_2018",
        "pt > 25",
        "|eta| < 2.4",
        "tightId",
        "opposite-charge pairs of muons",
        "closest to 91.1876 GeV",
        "30 bins from 60 to 120 GeV",
        "rochester (data_2018A_doublemuon, dy_2018)",
        "theory_scale (dy_2018)",
        "Not applicable: jer (",
    ):
        assert piece in text
    assert "no other corrections" in summary(demo_specs()["dimuon_mass"])


def test_demo_specs_are_valid_against_the_files(demo_data):
    for spec in demo_specs().values():
        assert check_spec(spec)
    assert demo_specs()["dimuon_mass_corrected"].requested_corrections()[0] == "rochester"


def test_json_schema_converts_to_a_llama_cpp_grammar():
    grammar_mod = pytest.importorskip("llama_cpp.llama_grammar")
    schema = json.dumps(AnalysisSpec.model_json_schema())
    grammar = grammar_mod.LlamaGrammar.from_json_schema(schema, verbose=False)
    text = grammar._grammar
    for rule in ("root", "Cut", "ObjectDef", "Histogram"):
        assert rule in text


def test_requested_corrections():
    assert parse_spec(base(corrections=["rochester_unc"])).requested_corrections() == [
        "rochester",
        "rochester_unc",
    ]
    everything = parse_spec(base(corrections=["all"])).requested_corrections()
    assert "rochester_unc" not in everything and {"rochester", "jer", "theory_pdf"} <= set(
        everything
    )
    assert parse_spec(base(corrections=["all", "rochester_unc"])).requested_corrections()[-1] == (
        "rochester_unc"
    )


# --- binning: log bins, variable edges, log-x, density ------------------------------------------


def _hist(**fields) -> dict:
    return {"name": "h", "observable": "mu_pt", "label": "x", **fields}


def test_variable_edges_give_bins_start_and_stop():
    spec = parse_spec(base(histograms=[_hist(edges=[0, 10, 20, 50, 100], density=True)]))
    h = spec.histograms[0]
    assert (h.bins, h.start, h.stop, h.axis_kind) == (4, 0, 100, "variable")
    assert h.bin_edges() == [0, 10, 20, 50, 100] and h.density
    assert parse_spec(spec.to_json()) == spec  # derived bins/start/stop agree on the way back
    same = parse_spec(base(histograms=[_hist(edges=[0, 10, 20], bins=2, start=0, stop=20)]))
    assert same.histograms[0].bins == 2
    assert "4 variable bins, edges 0, 10, 20, 50, 100, per unit of x" in summary(spec)


def test_log_bins_and_log_x():
    spec = parse_spec(base(histograms=[_hist(bins=3, start=1, stop=1000, transform="log")]))
    h = spec.histograms[0]
    assert h.axis_kind == "log" and h.plot_log_x and not h.log_x
    assert h.bin_edges() == pytest.approx([1, 10, 100, 1000])
    plain = parse_spec(base(histograms=[_hist(bins=4, start=1, stop=5, log_x=True)])).histograms[0]
    assert plain.axis_kind == "regular" and plain.plot_log_x
    assert "3 log-spaced bins from 1 to 1000, log x" in summary(spec)


@pytest.mark.parametrize(
    ("histogram", "message"),
    [
        (_hist(bins=10, start=0, stop=100, transform="log"), "log bins need start > 0"),
        (_hist(bins=10, start=-1, stop=100, transform="log"), "log bins need start > 0"),
        (_hist(bins=10, start=0, stop=100, log_x=True), "log x axis needs start > 0"),
        (_hist(edges=[0, 20, 10]), "strictly increasing"),
        (_hist(edges=[0, 10, 10, 20]), "strictly increasing"),
        (_hist(edges=[5]), "at least two"),
        (_hist(edges=[0, 10, 20], bins=5), "bins=5 disagrees with the edges (2)"),
        (_hist(edges=[0, 10, 20], stop=30), "stop=30 disagrees"),
        (_hist(edges=[1, 10, 20], transform="log"), "either edges or transform='log'"),
        (_hist(bins=10, start=0), "needs stop (or edges)"),
        (_hist(), "needs bins/start/stop (or edges)"),
    ],
)
def test_bad_binning_is_refused(histogram, message):
    with pytest.raises(SpecError) as err:
        parse_spec(base(histograms=[histogram]))
    assert message in str(err.value)


# --- light leptons, legs of combinations, exclusion, MET ----------------------------------------

LEPTONS = [
    {"name": "electrons", "source": "Electron", "cuts": [{"field": "pt", "op": ">", "value": 10}]},
    {"name": "muons", "source": "Muon", "cuts": [{"field": "pt", "op": ">", "value": 10}]},
    {"name": "leptons", "merge": ["electrons", "muons"]},
]
ZPAIR = {"name": "zpair", "inputs": ["leptons"], "same_flavour": True, "charge": "opposite",
         "choose": "closest_mass", "target_mass": 91.2}  # fmt: skip


def _q8(**overrides) -> dict:
    fields = {
        "objects": LEPTONS,
        "combinations": [ZPAIR],
        "observables": [
            {"name": "mt3", "kind": "mt", "of": "leptons", "exclude": "zpair", "index": 0}
        ],
        "histograms": [{"name": "h", "observable": "mt3", "bins": 10, "start": 0, "stop": 200,
                        "label": "mT"}],
    }  # fmt: skip
    return base(**{**fields, **overrides})


def test_merged_leptons_and_exclusion_are_valid(demo_data):
    spec = parse_spec(_q8())
    assert spec.object("leptons").merge == ["electrons", "muons"]
    assert spec.sources() == {"Electron", "Muon"}
    check_spec(spec)
    text = summary(spec)
    assert "leptons = electrons and muons together" in text
    assert "opposite-charge pairs of leptons (same flavour)" in text
    assert "transverse mass of leading leptons not in zpair and MET" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"objects": [{"name": "muons", "source": "Muon", "merge": ["a", "b"]}]}, "one of the two"),
        ({"objects": [{"name": "muons"}]}, "needs a NanoAOD 'source' or a 'merge'"),
        ({"objects": [LEPTONS[1], {"name": "leptons", "merge": ["muons", "electrons"]}]},
         "merges 'electrons', which is not an object defined before it"),
        ({"objects": [LEPTONS[1], {"name": "leptons", "merge": ["muons", "muons"]}]},
         "at least two different objects"),
        ({"objects": [*LEPTONS, {"name": "more", "merge": ["leptons", "muons"]}]},
         "itself a merge"),
        ({"combinations": [{**ZPAIR, "choose": "all"}]}, "one candidate per event"),
        ({"observables": [{"name": "mt3", "kind": "mt", "of": "zpair", "exclude": "zpair"}]},
         "removes a combination's legs from an object"),
        ({"observables": [{"name": "mt3", "kind": "field", "of": "leptons", "field": "pt",
                           "reduce": "max"}]}, "over the legs of a combination"),
        ({"observables": [{"name": "mt3", "kind": "delta_r", "of": "leptons", "other": "met"}]},
         "the MET has no eta"),
        ({"combinations": [{**ZPAIR, "mass_min": 120, "mass_max": 60}]}, "empty mass window"),
    ],
)  # fmt: skip
def test_bad_lepton_and_combination_specs(change, message):
    with pytest.raises(SpecError) as err:
        parse_spec(_q8(**change))
    assert message in str(err.value)


def test_legs_of_same_flavour_pairs_of_two_collections_cannot_be_kept():
    comb = {"name": "zpair", "inputs": ["electrons", "muons"], "same_flavour": True,
            "charge": "opposite", "choose": "closest_mass", "target_mass": 91.2}  # fmt: skip
    with pytest.raises(SpecError, match="build it from a merged collection"):
        parse_spec(_q8(combinations=[comb], objects=LEPTONS))


def test_merged_collection_fields_are_those_both_have(demo_data):
    bad = _q8(observables=[{"name": "mt3", "kind": "field", "of": "leptons", "field": "tightId"}])
    with pytest.raises(SpecError, match="merged electrons\\+muons has no field 'tightId'"):
        check_spec(parse_spec(bad))


def test_reduce_field_is_checked_on_the_legs(demo_data):
    spec = base(
        samples=[TT],
        objects=[{"name": "jets", "source": "Jet"}],
        combinations=[{"name": "trijet", "inputs": ["jets"], "size": 3,
                       "choose": "closest_mass", "target_mass": 172.5}],
        observables=[{"name": "b", "kind": "field", "of": "trijet", "field": "btagDeepFlavBB",
                      "reduce": "max"}],
        histograms=[{"name": "h", "observable": "b", "bins": 10, "start": 0, "stop": 1,
                     "label": "b"}],
    )  # fmt: skip
    with pytest.raises(SpecError, match="did you mean 'btagDeepFlavB'"):
        check_spec(parse_spec(spec))
    spec["observables"][0]["field"] = "btagDeepFlavB"
    check_spec(parse_spec(spec))
    spec["observables"][0]["reduce"] = None
    with pytest.raises(SpecError, match="use reduce"):
        check_spec(parse_spec(spec))
