"""The Kemendagri region list and the agency template."""

from __future__ import annotations

from typing import Any

from kotacerdas.regions.models import Region
from kotacerdas.regions.reference import agency_template, load_regions


def test_all_provinces_and_districts_of_the_2025_decree_are_loaded(db: Any) -> None:
    kinds = {kind: Region.objects.filter(kind=kind).count() for kind in Region.Kind.values}
    assert kinds == {"province": 38, "kabupaten": 416, "kota": 98}
    bengkulu = Region.objects.get(code="17.71")
    assert (bengkulu.name, bengkulu.kind, bengkulu.province.code) == ("Kota Bengkulu", "kota", "17")
    assert Region.objects.get(code="51.08").name == "Kabupaten Buleleng"


def test_loading_again_changes_nothing(db: Any) -> None:
    before = set(Region.objects.values_list("code", "name", "kind", "version"))
    result = load_regions()
    assert (result.created, result.updated, result.unchanged) == (0, 0, 552)
    assert set(Region.objects.values_list("code", "name", "kind", "version")) == before


def test_a_renamed_region_is_corrected_on_load(db: Any) -> None:
    Region.objects.filter(code="17.71").update(name="Kota Lama")
    result = load_regions()
    assert result.updated == 1
    assert Region.objects.get(code="17.71").name == "Kota Bengkulu"


def test_agency_template_has_the_usual_nomenclature() -> None:
    codes = {entry.code for entry in agency_template()}
    assert {"bappeda", "diskominfo", "dinkes", "disdik", "dinas_pupr", "dishub", "dlh"} <= codes
    assert {
        "disdukcapil",
        "dpmptsp",
        "bpbd",
        "satpol_pp",
        "dinsos",
        "bpkad",
        "inspektorat",
    } <= codes
    assert len(codes) == len(agency_template())  # no duplicate codes
