"""chathep.correction_convert (tools/convert_corrections.py): the correctionlib JSON made from
the 2018 text files gives the same numbers as coffea's own lookups of those text files, on a
grid of inputs that includes values outside the files' ranges (where both clamp).
"""

from __future__ import annotations

import numpy as np
import pytest

from chathep.registry.corrections import JES_SOURCES


def _tool():
    from chathep import correction_convert

    return correction_convert


@pytest.fixture(scope="module")
def converted(demo_data, tmp_path_factory):
    import correctionlib

    tool = _tool()
    out = tmp_path_factory.mktemp("conv") / "corrections_2018.json.gz"
    tool.write(demo_data, out)
    return tool, correctionlib.CorrectionSet.from_file(str(out))


ETA = np.array([-5.3, -4.7, -3.0, -2.9, -2.5, -1.3, -0.4, 0.0, 0.2, 0.9, 1.74, 2.4, 2.6, 3.1, 4.9])
PT = np.array([5.0, 9.0, 15.0, 19.9, 20.0, 31.0, 57.5, 100.0, 333.0, 999.0, 1500.0, 7200.0])


def _grid():
    """Every (eta, pT) pair, as NanoAOD float32 values (coffea keeps the text files' bin edges
    and values in float32: 1.74 is an edge, and float32(1.74) lies just above float64 1.74)."""
    eta, pt = np.meshgrid(ETA, PT, indexing="ij")
    return (eta.ravel().astype(np.float32).astype(np.float64),
            pt.ravel().astype(np.float32).astype(np.float64))  # fmt: skip


def test_jer_scale_factors_equal_coffea(converted, demo_data):
    from coffea.lookup_tools import extractor

    tool, cset = converted
    ext = extractor()
    ext.add_weight_sets([f"* * {demo_data / tool.JER_FILE}"])
    ext.finalize()
    coffea_sf = ext.make_evaluator()["Autumn18_V7_MC_SF_AK4PFchs"]
    eta, pt = _grid()
    expected = coffea_sf(eta, pt)  # [central, up, down]
    for column, syst in enumerate(("nom", "up", "down")):
        got = cset[tool.JER_NAME].evaluate(eta, pt, syst)
        np.testing.assert_allclose(got, expected[:, column], rtol=1e-6)  # coffea: float32
    assert len(np.unique(expected[:, 0])) > 10  # the grid crosses many bins


def test_jes_uncertainty_sources_equal_coffea(converted, demo_data):
    from coffea.lookup_tools import txt_converters
    from coffea.lookup_tools.jec_uncertainty_lookup import jec_uncertainty_lookup

    tool, cset = converted
    converted_sources = txt_converters.convert_junc_txt_file(str(demo_data / tool.JEC_FILE))
    eta, pt = _grid()
    names = [key for key in converted_sources if key[1] == "jec_uncertainty_lookup"]
    assert len(names) >= 50
    checked = 0
    for (name, _), value in converted_sources.items():
        source = name.split("_")[-1]
        if source != "Total" and source not in JES_SOURCES:
            continue
        lookup = jec_uncertainty_lookup(*value)
        expected = lookup(eta, pt)  # [1 + up, 1 - down]
        corr = cset[f"Autumn18_V8_MC_{source}_AK4PFchs"]
        np.testing.assert_allclose(1 + corr.evaluate(eta, pt, "up"), expected[:, 0], rtol=1e-6)
        np.testing.assert_allclose(1 - corr.evaluate(eta, pt, "down"), expected[:, 1], rtol=1e-6)
        checked += 1
    assert checked == len(JES_SOURCES) + 1  # every source the generated code varies
    # pT between the file's points: interpolated, not a step
    total = cset["Autumn18_V8_MC_Total_AK4PFchs"]
    a, b, c = total.evaluate(np.full(3, 0.5), np.array([30.0, 32.25, 34.5]), "up")
    assert min(a, c) < b < max(a, c)


def test_the_varied_jes_sources_add_up_to_total(demo_data):
    """The split sources the generated code varies are the decomposition of "Total": their
    quadrature sum is Total (coffea's text lookup, independent of the conversion); leaving
    out any source that is not zero breaks it."""
    from coffea.lookup_tools import txt_converters
    from coffea.lookup_tools.jec_uncertainty_lookup import jec_uncertainty_lookup

    tool = _tool()
    raw = txt_converters.convert_junc_txt_file(str(demo_data / tool.JEC_FILE))
    lookups = {
        name.split("_")[-1]: jec_uncertainty_lookup(*value)
        for (name, kind), value in raw.items()
        if kind == "jec_uncertainty_lookup"
    }
    eta, pt = _grid()
    up = {s: lookups[s](eta, pt)[:, 0] - 1 for s in (*JES_SOURCES, "Total")}
    quadrature = np.sqrt(sum(up[s] ** 2 for s in JES_SOURCES))
    np.testing.assert_allclose(quadrature, up["Total"], atol=5e-4)
    for source in ("FlavorQCD", "RelativeSample", "PileUpPtEC2"):
        without = np.sqrt(sum(up[s] ** 2 for s in JES_SOURCES if s != source))
        assert np.max(np.abs(without - up["Total"])) > 5e-3, source
    assert len(JES_SOURCES) == len(set(JES_SOURCES)) == 29


@pytest.mark.parametrize("working_point", ["loose", "medium", "tight"])
def test_deepjet_scale_factors_equal_coffea(converted, demo_data, working_point):
    from coffea.btag_tools import BTagScaleFactor

    tool, cset = converted
    reference = BTagScaleFactor(str(demo_data / tool.BTAG_FILE), working_point, "comb,comb,incl")
    eta, pt = _grid()
    wp = working_point[0].upper()
    for flavour, method in ((5, "comb"), (4, "comb"), (0, "incl")):
        flav = np.full(len(pt), flavour)
        for syst in ("central", "up", "down"):
            expected = reference.eval(syst, flav, eta, pt, ignore_missing=True)
            got = cset[f"deepJet_{method}"].evaluate(syst, wp, flav, np.abs(eta), pt)
            np.testing.assert_allclose(got, expected, rtol=1e-6, err_msg=f"{flavour} {syst}")
    central = reference.eval("central", np.full(len(pt), 5), eta, pt, ignore_missing=True)
    assert len(np.unique(np.round(central, 6))) > 3 and not np.allclose(central, 1.0)
