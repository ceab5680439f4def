"""The rule-based request parser on real phrasings (no LLM)."""

from __future__ import annotations

import pytest

from chathep.planner.lexicon import normalise
from chathep.planner.parser import parse_request

MAIN = (
    "data/MC comparison of the dimuon mass, opposite-sign muons above 25 GeV, "
    "with the 2018 corrections"
)

# (request, expected draft values at dotted paths)
CASES: list[tuple[str, dict[str, object]]] = [
    (
        MAIN,
        {
            "object": "muon", "pair": True, "quantity": "mass", "charge": "opposite",
            "requirements.muon.pt_min": 25.0, "data_mc": True, "era": "2018",
            "corrections": ["all"],
        },
    ),
    ("mumu invariant mass", {"object": "muon", "pair": True, "quantity": "mass"}),
    ("m(μμ) in 60-120 GeV, 30 bins", {"object": "muon", "quantity": "mass", "bins": 30,
                                      "start": 60.0, "stop": 120.0}),
    ("the μμ mass between 60 and 120 GeV", {"object": "muon", "pair": True, "start": 60.0,
                                             "stop": 120.0}),
    ("invariant mass of the two muons", {"object": "muon", "pair": True, "quantity": "mass"}),
    ("di-muon spectrum", {"object": "muon", "pair": True, "quantity": "mass"}),
    (
        "pT of the leading muon, pT > 30 GeV, |η| < 2.1",
        {"object": "muon", "quantity": "pt", "index": 0, "requirements.muon.pt_min": 30.0,
         "requirements.muon.abs_eta_max": 2.1},
    ),
    (
        "Plot the leading jet p_T for jets above 30 GeV with |eta|<2.4, 50 bins from 0 to 250, "
        "log scale",
        {"object": "jet", "quantity": "pt", "index": 0, "requirements.jet.pt_min": 30.0,
         "requirements.jet.abs_eta_max": 2.4, "bins": 50, "start": 0.0, "stop": 250.0,
         "log_y": True},
    ),
    ("subleading jet eta", {"object": "jet", "quantity": "eta", "index": 1}),
    (
        "number of jets with pT above 40 GeV in ttbar MC",
        {"object": "jet", "quantity": "count", "requirements.jet.pt_min": 40.0,
         "samples": ["ttbar_semilep_2022"]},
    ),
    (
        "b-jet multiplicity in semileptonic ttbar, at least four jets",
        {"object": "bjet", "quantity": "count", "requirements.jet.min_count": 4,
         "samples": ["ttbar_semilep_2022"]},
    ),
    (
        "number of b-tagged jets (loose working point), exactly 2 muons",
        {"object": "bjet", "requirements.bjet.btag_wp": "loose",
         "requirements.muon.min_count": 2, "requirements.muon.max_count": 2},
    ),
    ("missing transverse energy in events with two muons",
     {"quantity": "met", "object": None, "requirements.muon.min_count": 2}),
    ("E_T^miss, data vs Drell-Yan",
     {"quantity": "met", "samples": ["data_2018A_doublemuon", "dy_2018"]}),
    ("MET above 50 GeV, leading electron pT",
     {"met_min": 50.0, "object": "electron", "quantity": "pt", "index": 0}),
    ("transverse mass of the muon and MET",
     {"quantity": "mt", "object": "muon"}),
    ("HT of jets in tt̄, 20 bins from 0 to 1 TeV",
     {"quantity": "ht", "object": "jet", "bins": 20, "start": 0.0, "stop": 1000.0}),
    ("same-sign dimuon mass", {"charge": "same", "object": "muon", "pair": True}),
    ("OS dielectron mass with tight electrons",
     {"charge": "opposite", "object": "electron", "pair": True,
      "requirements.electron.id": "tight"}),
    ("dilepton mass, same-flavour opposite-charge", {"object": "lepton", "pair": True,
                                                     "charge": "opposite"}),
    ("e-mu invariant mass in ttbar", {"object": "emu", "pair": True, "quantity": "mass"}),
    ("ΔR between the muon and the leading jet",
     {"quantity": "delta_r", "object": "muon", "other": "jet"}),
    ("dijet mass up to 2 TeV in 40 bins from 0 to 2 TeV",
     {"object": "jet", "pair": True, "bins": 40, "start": 0.0, "stop": 2000.0}),
    ("jet pT in 10 GeV bins from 0 to 300 GeV",
     {"bin_width": 10.0, "start": 0.0, "stop": 300.0, "object": "jet"}),
    ("muons with pt > 0.02 TeV, muon eta", {"requirements.muon.pt_min": 20.0,
                                             "quantity": "eta"}),
    ("dimuon mass with Rochester corrections, linear scale",
     {"corrections": ["rochester"], "log_y": False}),
    ("leading b-jet pT in ttbar with theory uncertainties",
     {"corrections": ["theory_scale", "theory_pdf", "parton_shower"], "object": "bjet"}),
    ("jet pT with JER and JEC", {"corrections": ["jer", "jec"]}),
    ("uncorrected dimuon mass", {"corrections": []}),
    ("25 GeV muons, dimuon mass", {"requirements.muon.pt_min": 25.0}),
    ("muon pT in 2018 data vs DY at 13 TeV, normalised to 10 fb^-1",
     {"era": "2018", "lumi_pb": 10000.0, "samples": ["data_2018A_doublemuon", "dy_2018"]}),
    ("dimuon mass around the Z peak", {"z_candidate": True, "object": "muon"}),
    ("isolated muons, at most 3 jets, dimuon pT",
     {"requirements.muon.isolated": True, "requirements.jet.max_count": 3, "quantity": "pt",
      "pair": True}),
]  # fmt: skip


def _value(draft, path):
    node = draft
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else getattr(node, part)
    return node


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_phrasing(text, expected, catalog):
    result = parse_request(text, catalog)
    assert result.question is None, result.question
    got = {path: _value(result.draft, path) for path in expected}
    assert got == expected
    assert result.open == []


def test_main_request_marks_what_was_said(catalog):
    result = parse_request(MAIN, catalog)
    assert {"object", "quantity", "charge", "requirements.muon.pt_min"} <= result.explicit
    # nothing the request did not say is claimed as explicit
    assert "bins" not in result.explicit
    assert "requirements.muon.abs_eta_max" not in result.explicit
    assert result.draft.bins is None


def test_corrections_phrase_is_not_read_as_a_number(catalog):
    result = parse_request("dimuon mass with the 2018 corrections, 30 bins", catalog)
    assert result.draft.bins == 30
    assert result.draft.start is None and result.draft.stop is None
    assert result.draft.requirements == {}


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("dimuon mass in W+jets MC", "no W+jets sample"),
        ("jet pT in QCD multijet", "no QCD multijet sample"),
        ("dimuon mass in 2017 data", "no 2017 samples"),
        ("dimuon mass from 120 to 60 GeV", "is empty"),
        ("at least 3 jets and at most 1 jet, jet pT", "cannot both hold"),
    ],
)
def test_ambiguous_or_missing_gets_one_question(text, needle, catalog):
    result = parse_request(text, catalog)
    assert result.question is not None
    assert needle in result.question


def test_missing_sample_question_lists_the_catalog(catalog):
    question = parse_request("diboson background", catalog).question
    assert question is not None
    for sample in catalog:
        assert sample.name in question


@pytest.mark.parametrize(
    ("text", "open_fields"),
    [("plot something nice", ["quantity", "object"]), ("the mass", ["object"]),
     ("show me the muons", ["quantity"])],
)  # fmt: skip
def test_open_fields(text, open_fields, catalog):
    result = parse_request(text, catalog)
    assert result.question is None
    assert result.open == open_fields


def test_single_letter_alias_needs_context(catalog):
    assert parse_request("dimuon mass around the Z peak", catalog).draft.samples is None
    assert parse_request("dimuon mass in Z MC", catalog).draft.samples == ["dy_2018"]


def test_normalise_notation():
    assert normalise("p_{T}(μ) > 25 GeV, |η|≤2.4") == "muon pt > 25 gev, |eta|<=2.4"
    assert "dimuon mass" in normalise("m_{μμ}")
    assert normalise("E_T^miss") == "met"
    assert normalise("two b-tagged jets") == "2 bjets"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("muon pT for muons with pT below 50 GeV", {"requirements.muon.pt_max": 50.0}),
        ("jet eta for jets with pT between 30 and 50 GeV",
         {"requirements.jet.pt_min": 30.0, "requirements.jet.pt_max": 50.0, "start": None}),
        ("MET phi in data vs DY", {"quantity": "met_phi", "object": None}),
    ],
)  # fmt: skip
def test_upper_cuts_and_met_phi(text, expected, catalog):
    result = parse_request(text, catalog)
    assert result.question is None
    assert {path: _value(result.draft, path) for path in expected} == expected


@pytest.mark.parametrize(
    "text",
    [
        "the pileup distribution",
        "pT of boosted top candidates",
        "2D plot of muon eta",
        "dimuon pT vs eta",
    ],
)
def test_unsupported_things_get_a_question_not_a_substitute(text, catalog):
    question = parse_request(text, catalog).question
    assert question is not None and "cannot plan" in question


@pytest.mark.parametrize(
    "text",
    ["number of primary vertices", "nPV in dimuon events", "the number of reconstructed vertices"],
)
def test_the_number_of_primary_vertices_is_an_event_quantity(text, catalog):
    result = parse_request(text, catalog)
    assert result.question is None, result.question
    assert result.draft.quantity == "npv"


def test_a_mass_threshold_cuts_the_pair_mass(catalog):
    result = parse_request("dimuon mass above 50 GeV", catalog)
    assert result.draft.requirements == {}  # not misread as a muon pT cut
    assert result.draft.pair_mass_min == 50.0 and not result.unplaced


def test_numbers_not_understood_are_unplaced(catalog):
    result = parse_request("dimuon mass with 17 in the event", catalog)
    assert any("17" in w for w in result.unplaced), result.unplaced


@pytest.mark.parametrize(
    ("text", "needle"),
    [("0 bins of dimuon mass", "bins = 0 is not possible"),
     ("|eta| < 0 muons, muon pT", "abs eta max = 0"),
     ("100000 bins of dimuon mass", "bins = 100000")],
)  # fmt: skip
def test_impossible_values_are_questioned_not_crashed(text, needle, catalog):
    question = parse_request(text, catalog).question
    assert question is not None and needle in question


def test_met_in_latex_and_index_words(catalog):
    assert parse_request("p_T^{miss}", catalog).draft.quantity == "met"
    assert parse_request("third jet eta", catalog).draft.index == 2
    assert parse_request("2nd muon phi", catalog).notes == []  # "2nd" is understood


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("HT of jets cleaned against muons",
         {"quantity": "ht", "object": "jet", "requirements.muon.select": True}),
        ("HT in ttbar with at least one b jet",
         {"quantity": "ht", "object": "jet", "requirements.bjet.min_count": 1}),
        ("muon pT between 20 and 100 GeV in 16 bins",
         {"quantity": "pt", "bins": 16, "start": 20.0, "stop": 100.0,
          "requirements": {}}),
        # a range right after the plotted quantity is its axis, "bins" written or not
        ("muon pT between 20 and 100 GeV",
         {"quantity": "pt", "start": 20.0, "stop": 100.0, "requirements": {}}),
        ("muon pT for muons with pT between 20 and 100 GeV",
         {"quantity": "pt", "start": None, "requirements.muon.pt_min": 20.0,
          "requirements.muon.pt_max": 100.0}),
        ("dimuon mass for medium-ID muons with pT > 15 GeV, 0 to 150 GeV, 75 bins, log",
         {"start": 0.0, "stop": 150.0, "bins": 75, "requirements.muon.pt_min": 15.0,
          "requirements.muon.id": "medium", "log_y": True}),
        ("the ee invariant mass in the Z window 76-106 GeV, 15 bins",
         {"z_candidate": True, "object": "electron", "start": 76.0, "stop": 106.0}),
    ],
)  # fmt: skip
def test_selection_words_and_ranges(text, expected, catalog):
    result = parse_request(text, catalog)
    assert result.question is None
    assert {path: _value(result.draft, path) for path in expected} == expected


# --- samples of several eras: real CMS demo files plus generated ones --------------------------


def _two_era_catalog(catalog):
    from chathep.catalog import Catalog, Sample

    def mc(name, process, aliases, xsec):
        return Sample(name=name, kind="mc", process=process, label=process, era="sim13",
                      sqrt_s_tev=13.0, files=[f"sim13/{name}.root"], n_events=10,
                      xsec_pb=xsec, sum_genweight=10.0, aliases=aliases)  # fmt: skip

    extra = [
        Sample(
            name="data_sim13",
            kind="data",
            process="data",
            label="Pseudo-data",
            era="sim13",
            sqrt_s_tev=13.0,
            files=["sim13/data.root"],
            n_events=10,
            lumi_pb=1.0,
            aliases=["data", "pseudo-data", "sim13 data"],
        ),  # fmt: skip
        mc("dy_sim13", "DY", ["dy", "drell-yan"], 4412.0),
        mc("dy_bb_sim13", "DY", ["dy_bb", "z+bb"], 149.0),
        mc("ttbar_sim13", "ttbar", ["ttbar"], 830.0),
    ]
    return Catalog(samples={**catalog.samples, **{s.name: s for s in extra}})


def test_samples_follow_the_stated_era_and_keep_stitched_slices(catalog):
    two = _two_era_catalog(catalog)
    parsed = parse_request("dimuon mass in sim13 data vs DY", two)
    assert parsed.draft.samples == ["data_sim13", "dy_sim13", "dy_bb_sim13"]
    parsed = parse_request("dimuon mass, pseudo-data vs Drell-Yan", two)
    assert parsed.draft.samples == ["data_sim13", "dy_sim13", "dy_bb_sim13"]
    # no era named: the real CMS samples, as before generated samples existed
    parsed = parse_request("dimuon mass in data vs DY", two)
    assert parsed.draft.samples == ["data_2018A_doublemuon", "dy_2018"]


def test_run_2_with_a_named_era_in_the_catalog_is_not_a_crash(catalog):
    parsed = parse_request("dimuon mass in run 2", _two_era_catalog(catalog))
    assert parsed.draft.era == "2018"
    assert parse_request("dimuon mass in sim13", _two_era_catalog(catalog)).draft.era == "sim13"


def test_lepton_means_light_leptons(catalog):
    """ "lepton pT" is the pT of electrons and muons together (light leptons), not a question."""
    result = parse_request("leading lepton pT", catalog)
    assert result.question is None
    assert (result.draft.object, result.draft.quantity, result.draft.index) == ("lepton", "pt", 0)
