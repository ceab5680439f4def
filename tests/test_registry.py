"""The registries (chathep/registry/): each correction and era declared once, used everywhere."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from chathep.catalog import DEFAULT_CATALOG, load_catalog, merge_catalogs
from chathep.registry import corrections as corr
from chathep.registry import eras

REPO = Path(__file__).resolve().parent.parent
REGISTRY = REPO / "chathep" / "registry" / "corrections.py"
#: Files that may spell correction names, and why.
ALLOWED = {
    "chathep/templates/analysis.py.j2": (
        "the generated analysis module runs on its own (in the sandbox, or handed to the user) "
        "without importing chathep, so its template spells the names it checks in CORRECTIONS"
    ),
}

#: (file, constant) pairs in Python files that equal a correction name but are not one.
NOT_CORRECTION_NAMES = {
    ("chathep/generate/pileup.py", "pileup"): (
        "the name of the data profile histogram in pileup_profile.root, as CMS's pileupCalc.py "
        "writes it (a file format)"
    ),
    ("chathep/knowledge/retrieval.py", "pileup"): (
        "a query-expansion word of the knowledge search (the word the pages use for 'pile-up' "
        "and 'PU'), not the correction"
    ),
}


# --- corrections ---------------------------------------------------------------------------


def _python_files() -> list[Path]:
    return sorted((REPO / "chathep").rglob("*.py")) + [REPO / "app.py"]


def test_correction_names_are_declared_in_one_module() -> None:
    names = set(corr.NAMES)
    found = []
    for path in _python_files():
        if path == REGISTRY:
            continue
        rel = str(path.relative_to(REPO))
        for node in ast.walk(ast.parse(path.read_text())):
            if (rel, getattr(node, "value", None)) in NOT_CORRECTION_NAMES:
                continue
            if isinstance(node, ast.Constant) and node.value in names:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {node.value!r}")
    quoted = re.compile("[\"'](" + "|".join(map(re.escape, names)) + ")[\"']")
    for path in sorted((REPO / "chathep").rglob("*")):
        rel = str(path.relative_to(REPO))
        if path.is_file() and path.suffix not in (".py", ".pyc") and rel not in ALLOWED:
            for n, line in enumerate(path.read_text(errors="replace").splitlines(), 1):
                if quoted.search(line):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert not found, (
        "correction names spelled outside chathep/registry/corrections.py (import them from "
        "there):\n" + "\n".join(found)
    )


def test_every_correction_is_complete() -> None:
    recipes = REPO / "knowledge_base" / "recipes"
    assert len(set(corr.NAMES)) == len(corr.CORRECTIONS)
    for c in corr.CORRECTIONS:
        assert (recipes / f"{c.recipe}.md").is_file(), c.name
        assert c.label and c.words, c.name
        assert all(name in corr.NAMES for name in c.implies), c.name
        assert all(e in eras.ERAS for e in (c.eras or ()) + tuple(c.not_in)), c.name
        assert not (c.weight_systematics and c.object_systematics), c.name
    for name in corr.ALWAYS_MC_RECIPES:
        assert (recipes / f"{name}.md").is_file()
    for group in corr.GROUPS:
        assert set(group.members) <= set(corr.NAMES)


def test_schema_draft_lexicon_and_agent_use_the_registry() -> None:
    from chathep import agent, spec
    from chathep.planner import draft, lexicon

    spec_data = {"title": "t", "corrections": list(corr.WORDS), **_minimal_histogram()}
    assert spec.parse_spec(spec_data).corrections == list(corr.WORDS)
    # the draft takes every name, rochester_unc included
    assert draft.Draft(corrections=list(corr.WORDS)).corrections == list(corr.WORDS)
    assert corr.word_patterns() == lexicon.CORRECTION_PATTERNS
    assert set(agent.RECIPE_OF) == set(corr.NAMES) | set(corr.ALWAYS_MC_RECIPES)
    assert spec.OPTIONAL_CORRECTIONS + spec.EXTRA_CORRECTIONS == corr.NAMES


def _minimal_histogram() -> dict:
    return {
        "observables": [{"name": "met", "kind": "met"}],
        "histograms": [
            {"name": "h", "observable": "met", "label": "MET", "bins": 10, "start": 0, "stop": 100}
        ],
    }


def test_requested_expands_all_and_adds_what_an_uncertainty_needs() -> None:
    assert corr.requested([corr.ALL]) == list(corr.OPTIONAL)
    unc = corr.ROCHESTER_UNC
    assert not unc.in_all and unc.name not in corr.requested([corr.ALL])
    assert corr.requested([unc.name]) == [corr.ROCHESTER.name, unc.name]
    assert corr.requested([corr.PARTON_SHOWER.name, corr.JER.name]) == [
        corr.JER.name,
        corr.PARTON_SHOWER.name,
    ]


def test_systematics_follow_the_axis_order() -> None:
    weights, objects = corr.systematics(corr.NAMES)
    assert weights == [
        "scaleUp", "scaleDown", "pdfUp", "pdfDown", "alphasUp", "alphasDown",
        "ISRUp", "ISRDown", "FSRUp", "FSRDown", "topPtUp", "topPtDown",
        "xsec_<process>Up", "xsec_<process>Down", "btagSF_bcUp", "btagSF_bcDown",
        "btagSF_lightUp", "btagSF_lightDown",
        "pileupUp", "pileupDown", "muonSFUp", "muonSFDown", "electronSFUp", "electronSFDown",
    ]  # fmt: skip
    jes = [f"JES_{s}{d}" for s in corr.JES_SOURCES for d in ("Up", "Down")]
    electrons = ["EleScaleUp", "EleScaleDown", "EleSmearUp", "EleSmearDown"]
    assert objects == ["RochesterUp", "RochesterDown", *electrons, "JERUp", "JERDown", *jes]
    assert jes[:2] == ["JES_AbsoluteStatUp", "JES_AbsoluteStatDown"] and len(jes) == 58
    assert corr.systematics([corr.ROCHESTER.name]) == ([], [])


def test_era_applicability_and_its_reason() -> None:
    assert corr.JER.why_not_in_era(eras.SIM13) is None  # the pseudo-data were made with it
    assert "not the sim13 detector" in corr.ROCHESTER.why_not_in_era(eras.SIM13)
    # the sim13 jet scale is calibrated, but its uncertainty is not skipped for that
    assert corr.JEC.why_not_in_era(eras.SIM13) is None
    assert corr.JEC.why_not_in_era(eras.ERA_2022) == (
        "Autumn18_V8 is for the 2018 era; this sample is era 2022"
    )
    assert corr.THEORY_PDF.why_not_in_era(eras.ERA_2022) is None


@pytest.mark.parametrize("c", corr.CORRECTIONS, ids=lambda c: c.name)
def test_the_app_label_asks_for_its_correction(c, catalog) -> None:
    """The app writes the label into the request; the planner must read it back."""
    from chathep.planner.parser import parse_request

    parsed = parse_request(f"dimuon mass in data vs DY. With {c.label}.", catalog)
    assert parsed.draft.corrections == [c.name]


# --- objects ---------------------------------------------------------------------------------


def test_object_kinds_agree_across_the_planner_and_the_schema() -> None:
    """One declaration (chathep.registry.objects) behind the spec's collections, the draft's
    object kinds, the parser's branch prefixes and the few-shot examples' objects."""
    from chathep.planner import fewshot
    from chathep.planner.draft import OBJECT_KINDS
    from chathep.planner.parser import COLLECTION_KINDS
    from chathep.registry import objects
    from chathep.spec import AnalysisSpec

    schema = AnalysisSpec.model_json_schema()
    assert tuple(schema["$defs"]["ObjectDef"]["properties"]["source"]["anyOf"][0]["enum"]) == (
        objects.SOURCES
    )
    assert set(OBJECT_KINDS) == set(objects.PROFILES) | set(objects.COMPOSITE)
    assert set(OBJECT_KINDS) == set(objects.PAIR_NAMES) == set(objects.PAIR_TITLES)
    assert COLLECTION_KINDS == objects.KIND_OF_SOURCE
    assert fewshot._OBJECT_OF_SOURCE == objects.KIND_OF_SOURCE
    for kind, profile in objects.PROFILES.items():
        if profile.source:  # a merge (light leptons) has none
            assert profile.source in objects.PLANNED_SOURCES, kind
        else:
            assert kind in objects.COMPOSITE, kind
    for kind, members in objects.COMPOSITE.items():
        assert all(objects.PROFILES[m].source for m in members), kind


def test_object_pages_exist_and_planned_collections_are_in_real_nanoaod(demo_data: Path) -> None:
    import uproot

    from chathep.registry import objects

    for source, page in objects.OBJECT_PAGES.items():
        assert (REPO / page).is_file(), source
    keys = set(uproot.open(demo_data / "nano_dimuon.root")["Events"].keys())
    for source in objects.PLANNED_SOURCES:  # real CMS NanoAOD has each, with pt and eta
        assert {f"{source}_pt", f"{source}_eta", f"n{source}"} <= keys, source
    for source in objects.MET_SOURCES:
        assert f"{source}_pt" in keys, source


# --- eras ----------------------------------------------------------------------------------


def test_shipped_catalog_eras_are_known_with_their_energy() -> None:
    for sample in load_catalog(DEFAULT_CATALOG):
        assert sample.era in eras.ERAS, sample.name
        assert sample.sqrt_s_tev == eras.ERAS[sample.era].sqrt_s_tev, sample.name


def test_working_points_come_from_the_eras() -> None:
    from chathep.registry.eras import BTAG_WORKING_POINTS

    assert {e.name: e.btag_wp for e in eras.ERAS.values()} == BTAG_WORKING_POINTS
    assert list(BTAG_WORKING_POINTS) == [eras.ERA_2018, eras.ERA_2022, eras.SIM13]


def _catalog(tmp_path: Path, entries: dict, base: bool = True):
    sub = tmp_path / eras.SIM13
    sub.mkdir()
    (sub / "catalog.yaml").write_text(yaml.safe_dump({"samples": entries}))
    if base:
        return merge_catalogs(load_catalog(), sub / "catalog.yaml")
    return load_catalog(sub / "catalog.yaml")


def _sim13(kind: str, process: str) -> dict:
    entry = {
        "kind": kind, "process": process, "label": process, "era": eras.SIM13,
        "sqrt_s_tev": 13.0, "files": [f"{process.lower()}.root"], "n_events": 1000,
    }  # fmt: skip
    if kind == "data":
        return entry | {"lumi_pb": 100.0}
    return entry | {"xsec_pb": 6077.22, "sum_genweight": 1000.0}


SIM13_SAMPLES = {"data_sim13": _sim13("data", "data"), "dy_sim13": _sim13("mc", "DY")}


def test_default_era_prefers_real_cms_data(tmp_path: Path) -> None:
    shipped = load_catalog()
    assert eras.default_era(shipped) == eras.ERA_2018
    both = _catalog(tmp_path, SIM13_SAMPLES)
    # "sim13" sorts after "2018": the old rule (last sorted data era) chose the pseudo-data
    assert eras.default_era(both) == eras.ERA_2018


def test_default_era_without_real_data(tmp_path: Path) -> None:
    only_sim = _catalog(tmp_path, SIM13_SAMPLES, base=False)
    assert eras.default_era(only_sim) == eras.SIM13
    mc_only = load_catalog().model_copy(
        update={"samples": {k: v for k, v in load_catalog().samples.items() if v.kind == "mc"}}
    )
    assert eras.default_era(mc_only) == eras.ERA_2022  # the newest era that has samples


@pytest.mark.parametrize("with_real_data", [True, False])
def test_title_and_follow_up_keep_the_planned_era(tmp_path: Path, with_real_data: bool) -> None:
    """The bug of issue #16: planned in one era, titled and followed up in another."""
    from chathep.planner import plan_request
    from chathep.resolve import resolve_samples

    catalog = _catalog(tmp_path, SIM13_SAMPLES)
    if not with_real_data:  # only MC among the real eras: the pseudo-data are the data
        catalog = catalog.model_copy(
            update={
                "samples": {
                    k: v
                    for k, v in catalog.samples.items()
                    if v.era == eras.SIM13 or v.kind == "mc"
                }
            }
        )
    era = eras.default_era(catalog)
    assert era == (eras.ERA_2018 if with_real_data else eras.SIM13)

    first = plan_request("muon pT", catalog, mode="parser", check_files=False)
    assert first.ok, first.question
    planned = {s.era for s in resolve_samples(first.spec, catalog)}
    assert planned == {era}
    assert f"{era} data" in first.spec.title
    assert not any(f"{e} data" in first.spec.title for e in eras.ERAS if e != era)

    fewer = plan_request(
        "remove the DY sample", catalog, mode="parser", previous=first, check_files=False
    )
    assert fewer.ok, fewer.question
    kept = resolve_samples(fewer.spec, catalog)
    assert {s.era for s in kept} == {era}
    assert [s.kind for s in kept] == ["data"]
