"""Histogram booking lines (chathep.planner.syntax._booking): ROOT ``TH1F``/``TH1D``
constructors, UHH2 ``book<TH1F>``, ``Hist1D(...)`` configurations, ``MakePlot.py`` command
lines and ``hist``/``boost_histogram`` axes.

The binning is exact, the words come from the title / x label (ROOT-TeX read), the name only
when the title is empty or the name itself; anything not certain (0- or 1-based positions in
NanoAOD-style names, relIso cones, minima, products, the user's own files) is asked, quoting
it. The first lines are the forms of benchmarks/eval/probe9.yaml; the others are our own
variants. Two sandboxed runs are compared with hand-written uproot/awkward references.
"""

from __future__ import annotations

import awkward as ak
import numpy as np
import pytest

from chathep.planner import plan_request, syntax
from tests._planned_run import muon_jet_events, run_plans, sorted_by_pt
from tests.test_physics import DATA, DY, check, coll, weights


def _plan(text, catalog):
    return plan_request(text, catalog, mode="parser", check_files=False)


def _what(plan):
    """(kind, field, index, of) of the plotted observable, and (bins, start, stop)."""
    assert plan.ok, plan.question
    assert any(n.startswith("Read the ") for n in plan.notes), plan.notes  # stated
    h = plan.spec.histograms[0]
    obs = plan.spec.observable(h.observable)
    return (obs.kind, obs.field, obs.index, obs.of), (h.bins, h.start, h.stop)


def _steps(plan):
    return {(s.count, s.op, s.value) for s in plan.spec.selection if s.count}


DEFAULT_MUON_CUTS = {("pt", ">", 20.0), ("tightId", "==", True), ("pfRelIso04_all", "<", 0.15)}


# --- the forms, planned exactly ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "what", "binning", "steps"),
    [
        # probe9 forms
        ('number = book<TH1F>("number","number of muons",7,-0.5,6.5);',
         ("count", None, None, "muons"), (7, -0.5, 6.5), set()),
        ('pt_1 = book<TH1F>("pt_1","p_{T} muon 1",100,0,500);',
         ("field", "pt", 0, "muons"), (100, 0.0, 500.0), {("muons", ">=", 1.0)}),
        ('hist = ROOT.TH1F("electron_eta", "Electron #eta;#eta;Events", 50, -3.0, 3.0)',
         ("field", "eta", None, "electrons"), (50, -3.0, 3.0), set()),
        ('TH1 *h_jets_n = new TH1F("h_jets_n", "h_jets_n", 6, 2, 8);',
         ("count", None, None, "jets"), (6, 2.0, 8.0), set()),
        ('h_jetlead_eta = Hist1D( hname = "h_jetlead_eta", xtitle = "#eta(jet_{lead})", ytitle ='
         ' "Events / (0.1)", nbins = 50, xmin = -2.5, xmax = 2.5, dir = "jets", vexpr = '
         '"self.store[\'jets\'][0].tlv.Eta()", )',
         ("field", "eta", 0, "jets"), (50, -2.5, 2.5), {("jets", ">=", 1.0)}),
        # our own variants
        ('pt = book<TH1D>("pt","p_{T} jet 2",50,0,500);',
         ("field", "pt", 1, "jets"), (50, 0.0, 500.0), {("jets", ">=", 2.0)}),
        ('TH1D *h = new TH1D("h", "Muon p_{T};p_{T} [GeV];Events / 5 GeV", 40, 0, 200);',
         ("field", "pt", None, "muons"), (40, 0.0, 200.0), set()),
        ('TH1F h("njet", "njet", 10, 0, 10);', ("count", None, None, "jets"), (10, 0.0, 10.0),
         set()),
        ('TH1F *h = new TH1F("h", "Muon_pt_0", 40, 0, 200);',  # only a count from 0 has a 0
         ("field", "pt", 0, "muons"), (40, 0.0, 200.0), {("muons", ">=", 1.0)}),
        ("h = ROOT.TH1D('met', 'Missing E_{T};E_{T}^{miss} [GeV];Events', 30, 0, 300)",
         ("met", "pt", None, None), (30, 0.0, 300.0), set()),
        ('h = Hist.new.Regular(40, 0, 200, name="jetpt", label="Leading jet $p_T$ [GeV]")'
         ".Weight()", ("field", "pt", 0, "jets"), (40, 0.0, 200.0), {("jets", ">=", 1.0)}),
        ('ax = hist.axis.Regular(25, -2.5, 2.5, label="Subleading muon #eta")',
         ("field", "eta", 1, "muons"), (25, -2.5, 2.5), {("muons", ">=", 2.0)}),
        ('h = hist.Hist.new.StrCat([], name="dataset", growth=True).Reg(50, 0, 200, name="met", '
         'label="$E_{T}^{miss}$ [GeV]").Weight()', ("met", "pt", None, None), (50, 0.0, 200.0),
         set()),
    ],
)  # fmt: skip
def test_booking_lines_plan_their_title_and_exact_binning(catalog, text, what, binning, steps):
    plan = _plan(text, catalog)
    assert _what(plan) == (what, binning)
    assert _steps(plan) == steps


def test_a_booking_line_uses_the_listed_default_objects_not_every_object(catalog):
    # the booking line does not define its muons: the usual definition, listed (not "as written")
    plan = _plan('pt_1 = book<TH1F>("pt_1","p_{T} muon 1",100,0,500);', catalog)
    cuts = {(c.field, c.op, c.value) for c in plan.spec.object("muons").cuts}
    assert cuts >= DEFAULT_MUON_CUTS
    assert any(d.startswith("muons: pT > 20 GeV") for d in plan.defaults), plan.defaults
    assert any("booking line does not say how the objects" in n for n in plan.notes)


def test_all_jets_in_a_name_is_every_jet_said(catalog):
    plan = _plan('TH1 *h_all_jets_pt = new TH1F("all_jets_pt", "all_jets_pt", 50, 0, 1000);',
                 catalog)  # fmt: skip
    assert _what(plan) == (("field", "pt", None, "jets"), (50, 0.0, 1000.0))
    assert not plan.spec.object("jets").cuts
    assert any(n.startswith("Every jet, as written") for n in plan.notes), plan.notes


def test_hist1d_signed_delta_eta_is_the_difference_of_the_two_leading(catalog):
    text = (
        'h_muons_deta = Hist1D( hname = "h_muons_deta", xtitle = "#Delta#eta(#mu_{lead},'
        '#mu_{sublead})", ytitle = "Events", nbins = 50, xmin = -2.5, xmax = 2.5, dir = "event",'
        " vexpr = \"self.store['muons_deta']\", )"
    )
    plan = _plan(text, catalog)
    h = plan.spec.histograms[0]
    obs = plan.spec.observable(h.observable)
    assert obs.kind == "difference"
    left, right = plan.spec.observable(obs.left), plan.spec.observable(obs.right)
    assert [(o.field, o.index, o.of) for o in (left, right)] == [
        ("eta", 0, "muons"), ("eta", 1, "muons")
    ]  # fmt: skip
    assert (h.bins, h.start, h.stop) == (50, -2.5, 2.5)
    assert _steps(plan) == {("muons", ">=", 2.0)}
    # from 0 it is the usual |delta eta|
    plan = _plan(text.replace("xmin = -2.5", "xmin = 0"), catalog)
    assert plan.spec.observable(plan.spec.histograms[0].observable).kind == "delta_eta"


def test_all_in_a_counted_name_is_kept(catalog):
    plan = _plan('TH1 *h = new TH1F("all_jets_n", "all_jets_n", 10, 0, 10);', catalog)
    assert _what(plan) == (("count", None, None, "jets"), (10, 0.0, 10.0))
    assert not plan.spec.object("jets").cuts  # every jet, as "all" says (was dropped)


def test_the_words_around_a_booking_line_are_kept(catalog):
    plan = _plan('plot this in data: h = ROOT.TH1F("h", "Leading jet p_{T}", 40, 0, 400)', catalog)
    assert _what(plan) == (("field", "pt", 0, "jets"), (40, 0.0, 400.0))
    assert plan.spec.samples == ["data_2018A_doublemuon"]


def test_several_booking_lines_are_one_plot_each(catalog):
    text = (
        'number = book<TH1F>("number","number of muons",7,-0.5,6.5);\n'
        'pt_1 = book<TH1F>("pt_1","p_{T} muon 1",100,0,500);'
    )
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    got = [
        (plan.spec.observable(h.observable).kind, h.bins, h.start, h.stop)
        for h in plan.spec.histograms
    ]
    assert got == [("count", 7, -0.5, 6.5), ("field", 100, 0.0, 500.0)]
    # two axes of one histogram on one line are not two plots: asked
    plan = _plan(
        'h = hist.Hist(hist.axis.Regular(50, 0, 200, label="Leading jet p_{T}"), '
        'hist.axis.Regular(50, 0, 200, label="MET"))',
        catalog,
    )
    assert not plan.ok
    assert "2 numeric axes" in plan.question


def test_hist1d_visible_mass_of_the_two_leading_muons_any_charge_2000_bins(catalog):
    plan = _plan(
        'h_muons_mVis = Hist1D( hname = "h_muons_mVis", xtitle = "m_{vis}(#mu_{lead},'
        '#mu_{sublead}) [GeV]", ytitle = "Events / (1 GeV)", nbins = 2000, xmin = 0.0, xmax = '
        '2000., dir = "event", vexpr = "self.store[\'mVisMM\']/GeV", )',
        catalog,
    )
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    assert (h.bins, h.start, h.stop) == (2000, 0.0, 2000.0)
    (pair,) = plan.spec.combinations
    assert (pair.inputs, pair.leading, pair.charge) == (["muons"], 2, "any")  # none written
    assert _steps(plan) >= {("muons", ">=", 2.0)}


@pytest.mark.parametrize(
    "text",
    [
        "plot the mass of the two leading muons, 2000 bins from 0 to 2000",
        "plot the HT, 2000 bins from 0 to 1000 GeV",
        "plot the HT, 100 bins between 0 and 2030 GeV",
    ],
)
def test_a_number_of_bins_or_a_bin_edge_is_not_a_year(catalog, text):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question


def test_a_year_is_still_an_era(catalog):
    plan = _plan("plot the dimuon mass in 2000 data, 40 bins from 0 to 200", catalog)
    assert not plan.ok
    assert "There are no 2000 samples" in plan.question


def test_dimuon_mass_label_of_a_hist_axis(catalog):
    plan = _plan(
        'h = hist.Hist.new.Reg(50, 0, 200, name="mass", label="Dimuon mass [GeV]").Double()',
        catalog,
    )
    h = plan.spec.histograms[0]
    assert plan.spec.observable(h.observable).of == "dimuon"
    assert (h.bins, h.start, h.stop) == (50, 0.0, 200.0)


@pytest.mark.parametrize(
    ("text", "kind", "width", "log"),
    [
        ('python MakePlot.py --histname=hMll --yaxis_log -uf -of --ytitle="Events / 5 GeV" '
         '--xtitle="m_{ll} [GeV]"', "dilepton", 5.0, True),
        ('python MakePlot.py --histname=hLepPt --ytitle="Leptons / 10 GeV" '
         '--xtitle="lep-p_{T} [GeV]"', "leptons", 10.0, False),
        ('python MakePlot.py --histname=hNLeps --yaxis_log --ytitle="Events / 1" '
         '--xtitle="n_{leptons}"', "leptons", 1.0, True),
    ],
)  # fmt: skip
def test_makeplot_width_from_the_y_title_range_chosen_and_listed(catalog, text, kind, width, log):
    plan = _plan(text, catalog)
    assert plan.ok, plan.question
    h = plan.spec.histograms[0]
    obs = plan.spec.observable(h.observable)
    assert obs.of == kind
    assert (h.stop - h.start) / h.bins == pytest.approx(width)
    assert bool(h.log_y) is log
    # only the width is the user's: the range is a default, listed
    assert any(d.startswith("binning:") for d in plan.defaults), plan.defaults


# --- what is not certain is asked, quoting it -------------------------------------------------
@pytest.mark.parametrize(
    ("text", "words"),
    [
        # NanoAOD-style positions: 0- or 1-based?
        ('TH1F *h = new TH1F("h", "Electron_pt_2_Histogram", 35, 0, 294.6);',
         ["Electron_pt_2_Histogram", "counted from 1", "from 0"]),
        ('TH1F *h = new TH1F("h", "Muon_pt_1_histogram", 39,0,276.9);',
         ["Muon_pt_1_histogram", "leading muon", "subleading muon"]),
        ('TH1F *h = new TH1F("h", "Electron_eta_1_Histogram", 35, -3,5);',
         ["Electron_eta_1_Histogram"]),
        ('TH1F *h = new TH1F("h", "Muon_pt_1 distribution", 40, 0, 200);', ["'Muon_pt_1'"]),
        ('TH1F *h = new TH1F("h", "dPhim1m2_Histogram", 35, -3,5);', ["dPhim1m2_Histogram"]),
        # which isolation cone
        ('isolation_2 = book<TH1F>("isolation_2","relIso muon 2",100,0,0.5);',
         ["relIso muon 2", "pfRelIso04_all", "pfRelIso03_all"]),
        # a minimum: per object or per event?
        ('deltaRmin = book<TH1F>("deltaRmin", "#Delta R_{min}(mu,jet)", 40, 0, 2.0);',
         ["#Delta R_{min}(mu,jet)", "per object", "per event"]),
        ('TH1 *h_min_dR_btag_lep = new TH1F("h_min_dR_btag_lep", "h_min_dR_btag_lep", 20, 0, 5);',
         ["h_min_dR_btag_lep"]),
        ('TH1 *h_m_btag_btag = new TH1F("h_m_btag_btag", "h_m_btag_btag", 100, 0, 500);',
         ["h_m_btag_btag"]),
        # a product of charges
        ('h_muons_chargeprod = Hist1D( hname = "h_muons_chargeprod", xtitle = "q(#mu_{lead}) '
         '#timesq (#mu_{sublead})", ytitle = "Events", nbins = 4, xmin = -2, xmax = 2, dir = '
         '"event", vexpr = "self.store[\'charge_product\']", )',
         ["q(#mu_{lead}) #timesq (#mu_{sublead})", "product"]),
        # a signed delta phi wraps at pi
        ('h = Hist1D( hname = "h_dphi", xtitle = "#Delta#phi(#mu_{lead},#mu_{sublead})", '
         "nbins = 40, xmin = -3.2, xmax = 3.2, )", ["#Delta#phi(#mu_{lead},#mu_{sublead})"]),
        # the user's own files
        ('python MakePlot.py --tag=ZPfad --outdir=ZPfad/output/plots --histname=hMll '
         '--filelist=ZPfad/output/filelist_Zll.txt --yaxis_log -uf -of --ytitle="Events / 5 GeV"'
         ' --xtitle="m_{ll} [GeV]"', ["ZPfad/output/filelist_Zll.txt"]),
        ('python MakePlot.py --histname=hMll --rebin=2 --xtitle="m_{ll} [GeV]"', ["--rebin"]),
        # the binning
        ('TH1F *h = new TH1F("h", "Muon p_{T}", 3, xbins);', ["variable bins"]),
        ('h = Hist1D( hname = "h_pt", xtitle = "p_{T}(#mu_{lead})", ytitle = "Events / 5 GeV", '
         "nbins = 40, xmin = 0, xmax = 100, )", ["Events / 5 GeV", "40 bins from 0 to 100"]),
        ('TH1F *h = new TH1F("h", "Muon p_{T};p_{T} [GeV];Events / 10 GeV", 40, 0, 200);',
         ["Events / 10 GeV", "40 bins from 0 to 200"]),
        ('h = hist.Hist.new.Reg(50, 0, 200, name="x").Reg(50, 0, 200, name="y").Double()',
         ["2 numeric axes"]),
        ('TH1F *h = new TH1F("h", "", 40, 0, 200);', ["'h'"]),
        ('ax = bh.axis.Regular(40, 0, 200, metadata="x")', ["no title, label or name"]),
        # a title and an x label that disagree
        ('TH1F *h = new TH1F("h", "Electron p_{T};Muon p_{T};Events", 40, 0, 200);',
         ["Muon pT", "Electron"]),
    ],
)  # fmt: skip
def test_what_a_booking_line_does_not_say_with_certainty_is_asked(catalog, text, words):
    plan = _plan(text, catalog)
    assert not plan.ok, plan.spec
    for word in words:
        assert word in plan.question, plan.question


# --- requests that only mention a TH1F or a histogram are not booking lines -------------------
@pytest.mark.parametrize(
    "text",
    [
        "make a TH1F of the dimuon mass",
        "plot the dimuon mass as a TH1F with 50 bins from 0 to 200 GeV",
        "histogram the number of jets",
        "Make a histogram of jet transverse momentum.",
        "book a histogram of the leading muon pT, 40 bins from 0 to 200 GeV",
        "fill a hist with the MET of each event",
        "use hist.Hist to plot the dimuon mass",
        "plot the leading jet pT with a regular axis from 0 to 500 GeV",
    ],
)
def test_words_about_histograms_are_not_booking_lines(text):
    assert syntax._booking(text) is None


def _tuning_texts_about_histograms() -> list[str]:
    """The probe texts (tuning sets) that mention a histogram, a TH1 or an axis."""
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1]
    texts = []
    for f in sorted((root / "benchmarks/eval").glob("probe*.yaml")):
        for r in yaml.safe_load(f.read_text())["requests"]:
            t = r["text"]
            if any(w in t.lower() for w in ("hist", "th1", "axis")):
                texts.append(t)
    return texts


def test_tuning_texts_that_only_mention_histograms_plan_as_before(catalog, monkeypatch):
    """Every probe text about histograms that is not a booking line plans exactly as without
    the booking reader (and the booking lines among them are the ones it reads)."""
    texts = _tuning_texts_about_histograms()
    booked = [t for t in texts if syntax._booking(t) is not None]
    plain = [t for t in texts if syntax._booking(t) is None]
    assert len(plain) >= 20 and len(booked) >= 15, (len(plain), len(booked))

    def summary(plan):
        return plan.question if plan.spec is None else plan.spec.model_dump_json()

    after = [summary(_plan(t, catalog)) for t in plain]
    monkeypatch.setattr(syntax, "_booking", lambda text: None)
    before = [summary(_plan(t, catalog)) for t in plain]
    assert after == before


# --- two booked plans run, against hand-written references ----------------------------------


@pytest.fixture(scope="module")
def booked_run(demo_data, tmp_path_factory):
    from chathep.catalog import default_catalog

    cat = default_catalog()
    plans = {
        "lead": _plan('pt_1 = book<TH1F>("pt_1","p_{T} muon 1",100,0,500);', cat),
        "deta": _plan(
            'h_muons_deta = Hist1D( hname = "h_muons_deta", xtitle = "#Delta#eta(#mu_{lead},'
            '#mu_{sublead})", ytitle = "Events", nbins = 50, xmin = -2.5, xmax = 2.5, )',
            cat,
        ),
        "njets": _plan('TH1 *h_jets_n = new TH1F("h_jets_n", "h_jets_n", 6, 2, 8);', cat),
    }
    return run_plans(plans, tmp_path_factory.mktemp("booking"))


@pytest.mark.parametrize("sample", [DATA, DY])
def test_booked_plans_match_the_reference(booked_run, demo_data, sample):
    hists, result = booked_run
    ev = muon_jet_events(demo_data, sample)
    w = weights(sample, ev)
    mu = coll(ev, "Muon")
    mu = sorted_by_pt(
        mu[(mu.pt > 20) & (abs(mu.eta) < 2.4) & mu.tightId & (mu.pfRelIso04_all < 0.15)]
    )
    n = ak.to_numpy(ak.num(mu))

    # the pT of muon 1 (the leading muon) in events with a muon
    one = n >= 1
    lead_pt = ak.to_numpy(ak.fill_none(ak.firsts(mu.pt), 0.0))
    h = hists["lead"]
    check(result, h.name, sample, lead_pt[one], w[one], h.bins, h.start, h.stop)

    # the signed delta eta: leading minus subleading, in events with two muons
    two = n >= 2
    padded = ak.pad_none(mu.eta, 2, axis=1)
    deta = ak.to_numpy(ak.fill_none(padded[:, 0] - padded[:, 1], 0.0))
    assert (deta[two] < 0).any()  # the sign matters: |delta eta| would fill other bins
    h = hists["deta"]
    check(result, h.name, sample, deta[two], w[two], h.bins, h.start, h.stop)

    # the number of jets (the usual jets), every event
    jet = coll(ev, "Jet")
    njets = ak.to_numpy(ak.num(jet[(jet.pt > 30) & (abs(jet.eta) < 2.4) & (jet.jetId >= 2)]))
    h = hists["njets"]
    check(result, h.name, sample, njets.astype(float), w, h.bins, h.start, h.stop)
    assert np.isclose(h.start, 2.0)
