"""Open data: each published table as CSV and JSON at a stable address, the data dictionary,
and ``data.json`` in the DCAT-US 1.1 shape that CKAN's harvesters read."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from kotacerdas.portal import opendata

from ..conftest import World
from .factories import Published

pytestmark = pytest.mark.django_db


def _csv(url: str) -> list[dict[str, str]]:
    response = Client().get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def _json(url: str) -> Any:
    response = Client().get(url)
    assert response.status_code == 200
    return json.loads(response.content)


def test_programmes_csv_has_the_published_programmes(world: World, published: Published) -> None:
    rows = _csv(reverse("portal:table_csv", args=[world.region.code, "programmes"]))
    assert [r["programme_code"] for r in rows] == ["P01", "P02"]
    p01 = rows[0]
    assert p01["name"] == "Telemedisin puskesmas"
    assert p01["lead_agency"] == world.agency_a.name
    assert p01["supporting_agencies"] == world.agency_b.name
    assert p01["partners"] == "Universitas Bengkulu"
    assert p01["funding_total"] == "1750000000"
    assert rows[1]["is_quick_win"] == "True"


def test_funding_and_quick_wins(world: World, published: Published) -> None:
    code = world.region.code
    funding = _csv(reverse("portal:table_csv", args=[code, "funding"]))
    assert [(r["year"], r["source_code"], r["amount"]) for r in funding] == [
        ("2025", "apbd", "1250000000"),
        ("2026", "apbn", "500000000"),
    ]
    quick = _csv(reverse("portal:table_csv", args=[code, "quick-wins"]))
    assert [r["programme_code"] for r in quick] == ["P02"]


def test_indicators_carry_targets_and_verified_realisations_only(
    world: World, published: Published
) -> None:
    rows = _csv(reverse("portal:table_csv", args=[world.region.code, "indicators"]))
    ik01 = {r["year"]: r for r in rows if r["indicator_code"] == "IK01"}
    assert sorted(ik01) == ["2025", "2026", "2027", "2028", "2029"]
    assert (ik01["2025"]["target"], ik01["2025"]["realisation"]) == ("80", "75")
    assert ik01["2025"]["status"] == "at_risk"
    assert ik01["2026"]["realisation"] == ""  # reported, not verified
    ik02 = {r["year"]: r for r in rows if r["indicator_code"] == "IK02"}
    assert ik02["2025"]["realisation"] == ""  # returned


def test_a_formula_in_a_published_text_is_written_as_text(
    world: World, published: Published
) -> None:
    published.p01.name = "=HYPERLINK(1)"
    published.p01.save()
    rows = _csv(reverse("portal:table_csv", args=[world.region.code, "programmes"]))
    assert rows[0]["name"] == "'=HYPERLINK(1)"


def test_json_has_the_same_rows_and_the_dictionary(world: World, published: Published) -> None:
    data = _json(reverse("portal:table_json", args=[world.region.code, "programmes"]))
    assert data["region"] == {"code": world.region.code, "name": "Kota Bengkulu"}
    assert [f["field"] for f in data["fields"]] == opendata.BY_NAME["programmes"].header
    assert data["rows"][0]["programme_code"] == "P01"
    assert data["rows"][0]["funding_total"] == "1750000000.00"
    assert data["licence"] == opendata.LICENCE_URL


def test_an_unknown_table_is_not_found(world: World, published: Published) -> None:
    response = Client().get(reverse("portal:table_csv", args=[world.region.code, "secrets"]))
    assert response.status_code == 404


def test_the_data_dictionary_describes_every_field_in_both_languages(world: World) -> None:
    data = _json(reverse("portal:dictionary_json"))
    assert {t["table"] for t in data["tables"]} == {t.name for t in opendata.TABLES}
    for table in data["tables"]:
        for field in table["fields"]:
            assert field["type"] in {"string", "integer", "number", "boolean"}
            assert field["meaning_id"] and field["meaning_en"], field
    html = Client(headers={"Accept-Language": "id"}).get(reverse("portal:dictionary"))
    assert "Kamus data" in html.content.decode()
    assert "funding_total" in html.content.decode()


# The keys CKAN's DCAT-US (Project Open Data) harvester reads, with their JSON types.
CATALOG_KEYS = {"@context": str, "@type": str, "conformsTo": str, "dataset": list}
DATASET_KEYS = {
    "@type": str,
    "title": str,
    "description": str,
    "identifier": str,
    "publisher": dict,
    "license": str,
    "modified": str,
    "temporal": str,
    "accessLevel": str,
    "keyword": list,
    "distribution": list,
}
DISTRIBUTION_KEYS = {"@type": str, "mediaType": str, "downloadURL": str, "title": str}


def test_data_json_is_a_dcat_us_catalogue(world: World, published: Published) -> None:
    catalogue = _json(reverse("portal:catalogue"))
    for key, kind in CATALOG_KEYS.items():
        assert isinstance(catalogue[key], kind), key
    assert catalogue["@type"] == "dcat:Catalog"
    assert catalogue["conformsTo"] == "https://project-open-data.cio.gov/v1.1/schema"
    datasets = catalogue["dataset"]
    assert len(datasets) == len(opendata.TABLES)  # one region published
    identifiers = set()
    for ds in datasets:
        for key, kind in DATASET_KEYS.items():
            assert isinstance(ds[key], kind), key
        assert ds["@type"] == "dcat:Dataset"
        assert ds["accessLevel"] == "public"
        assert ds["publisher"]["name"].endswith("Kota Bengkulu")
        assert ds["temporal"] == "2025-01-01/2029-12-31"
        assert len(ds["modified"]) == 10  # an ISO 8601 date
        identifiers.add(ds["identifier"])
        media = set()
        for dist in ds["distribution"]:
            for key, kind in DISTRIBUTION_KEYS.items():
                assert isinstance(dist[key], kind), key
            assert dist["downloadURL"].startswith("http://testserver/publik/")
            media.add(dist["mediaType"])
            # Every distribution can be downloaded.
            path = dist["downloadURL"].removeprefix("http://testserver")
            assert Client().get(path).status_code == 200
        assert media == {"text/csv", "application/json"}
    assert len(identifiers) == len(datasets)
