"""The dataset catalog: loading, validation messages, and numbers checked against the files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import uproot
import yaml

from chathep.catalog import DEFAULT_CATALOG, load_catalog
from chathep.errors import CatalogError


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "datasets.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def _raw() -> dict:
    return yaml.safe_load(DEFAULT_CATALOG.read_text())


def test_default_catalog_loads(catalog) -> None:
    assert {s.kind for s in catalog} == {"data", "mc"}
    assert catalog["dy_2018"].xsec_pb == pytest.approx(6077.22)
    assert [s.name for s in catalog.data("2018")] == ["data_2018A_doublemuon"]
    assert catalog.lumi_pb(catalog.mc("2018")) == catalog["data_2018A_doublemuon"].lumi_pb


def test_unknown_sample_names_the_known_ones(catalog) -> None:
    with pytest.raises(CatalogError) as info:
        catalog["higgs"]
    assert "dy_2018" in info.value.hint


def test_numbers_come_from_the_shipped_files(catalog, demo_data: Path) -> None:
    for sample in catalog:
        n, sumw = 0, 0.0
        for path in sample.paths():
            tree = uproot.open(path)["Events"]
            n += tree.num_entries
            if not sample.is_data:
                sumw += tree["genWeight"].array(library="np").astype(np.float64).sum()
        assert sample.n_events == n, sample.name
        if not sample.is_data:
            assert sample.sum_genweight == pytest.approx(sumw, rel=1e-9), sample.name


def test_z_counting_luminosity_is_reproducible(catalog, demo_data: Path) -> None:
    import sys

    sys.path.insert(0, str(DEFAULT_CATALOG.parent.parent / "tools"))
    from catalog_numbers import compute

    numbers = compute()["data_2018A_doublemuon"]
    assert numbers["n_z"] >= 1
    assert catalog["data_2018A_doublemuon"].lumi_pb == pytest.approx(numbers["lumi_pb"], rel=1e-9)


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (lambda d: d["samples"]["dy_2018"].pop("xsec_pb"), "dy_2018"),
        (lambda d: d["samples"]["dy_2018"].update(kind="simulation"), "dy_2018.kind"),
        (lambda d: d["samples"]["dy_2018"].update(xsec_pb=-1), "dy_2018.xsec_pb"),
        (lambda d: d["samples"]["dy_2018"].update(files=[]), "dy_2018.files"),
        (lambda d: d["samples"]["dy_2018"].update(colour="red"), "dy_2018.colour"),
        (lambda d: d["samples"]["data_2018A_doublemuon"].pop("lumi_pb"), "data_2018A_doublemuon"),
        (lambda d: d["samples"]["ttbar_semilep_2022"].update(n_events="many"), "n_events"),
    ],
)
def test_malformed_catalog_names_the_bad_key(tmp_path: Path, edit, expected: str) -> None:
    data = _raw()
    edit(data)
    with pytest.raises(CatalogError) as info:
        load_catalog(_write(tmp_path, data))
    assert expected in info.value.message
    assert info.value.hint


def test_catalog_structure_errors(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "missing.yaml")
    with pytest.raises(CatalogError, match="top-level 'samples'"):
        load_catalog(_write(tmp_path, {"sample": {}}))
    bad = tmp_path / "bad.yaml"
    bad.write_text("samples: [unclosed\n")
    with pytest.raises(CatalogError, match="not valid YAML"):
        load_catalog(bad)


def test_generated_catalog_is_merged_with_data_dir_relative_files(tmp_path: Path) -> None:
    from chathep.catalog import merge_catalogs

    sub = tmp_path / "sim13"
    sub.mkdir()
    extra = {
        "samples": {
            "zh_sim": {
                "kind": "mc", "process": "ZH", "label": "ZH", "era": "sim13",
                "sqrt_s_tev": 13.0, "files": ["zh.root"], "n_events": 10,
                "xsec_pb": 0.0346, "sum_genweight": 10.0,
            }
        }
    }  # fmt: skip
    (sub / "catalog.yaml").write_text(yaml.safe_dump(extra))
    merged = merge_catalogs(load_catalog(), sub / "catalog.yaml")
    assert merged["zh_sim"].files == ["sim13/zh.root"]
    assert "dy_2018" in merged.samples
    with pytest.raises(CatalogError, match="already in the catalog"):
        merge_catalogs(merged, sub / "catalog.yaml")


# --------------------------------------------------------------------------- the user catalog


def _user_entry(**changes: object) -> dict:
    entry = {
        "kind": "data",
        "process": "data",
        "label": "Data",
        "era": "2012",
        "sqrt_s_tev": 8.0,
        "files": ["/somewhere/run2012.root"],
        "n_events": 10,
        "lumi_pb": None,
        "event_ids": False,
    }
    entry.update(changes)
    return entry


def test_explicit_null_luminosity_means_unknown(tmp_path: Path) -> None:
    path = _write(tmp_path, {"samples": {"mine": _user_entry()}})
    sample = load_catalog(path, user=True)["mine"]
    assert sample.lumi_pb is None and sample.files == ["/somewhere/run2012.root"]
    assert sample.paths() == [Path("/somewhere/run2012.root")]
    assert not sample.has_event_ids()


def test_user_catalog_needs_absolute_paths_or_urls(tmp_path: Path) -> None:
    url = "root://eospublic.cern.ch//eos/x.root"
    ok = _write(tmp_path, {"samples": {"mine": _user_entry(files=[url])}})
    sample = load_catalog(ok, user=True)["mine"]
    assert sample.files == [url] and sample.paths() == [] and sample.locations() == [url]
    bad = _write(tmp_path, {"samples": {"mine": _user_entry(files=["relative.root"])}})
    with pytest.raises(CatalogError, match="not absolute paths or URLs"):
        load_catalog(bad, user=True)


def test_user_sample_may_not_shadow_a_builtin(tmp_path: Path) -> None:
    from chathep.catalog import merge_user_catalog

    path = _write(tmp_path, {"samples": {"dy_2018": _user_entry()}})
    with pytest.raises(CatalogError, match="already a built-in"):
        merge_user_catalog(load_catalog(), path)


def test_default_catalog_follows_the_user_catalog(tmp_path: Path, monkeypatch) -> None:
    from chathep.catalog import default_catalog, user_catalog_path
    from chathep.config import load_settings

    settings = load_settings(data_dir=tmp_path / "data")
    assert "mine" not in default_catalog(settings).samples
    path = user_catalog_path(settings)
    path.parent.mkdir(parents=True)
    path.write_text(yaml.safe_dump({"samples": {"mine": _user_entry()}}))
    merged = default_catalog(settings)  # no cache_clear needed: the file changed
    assert merged["mine"].era == "2012" and "dy_2018" in merged.samples
    path.write_text("samples: {}\n")
    assert "mine" not in default_catalog(settings).samples
