"""``/publik/data.json``: the catalogue of open datasets in the DCAT-US 1.1 (Project Open Data)
JSON shape that CKAN's harvesters (ckanext-dcat, ckanext-datajson) and the Satu Data portals
read: one dataset per region and table, each with a CSV and a JSON distribution."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from kotacerdas.planning.models import Masterplan

from . import opendata

CONTEXT = "https://project-open-data.cio.gov/v1.1/schema/catalog.jsonld"
CONFORMS_TO = "https://project-open-data.cio.gov/v1.1/schema"
DESCRIBED_BY = "https://project-open-data.cio.gov/v1.1/schema/catalog.json"
PUBLISHER_SUFFIX = "Pemerintah"


def _iso(moment: dt.datetime | None) -> str:
    return (moment or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)).date().isoformat()


def dataset(
    table: opendata.Table,
    masterplan: Masterplan,
    modified: dt.datetime | None,
    url: Callable[[str, str], str],
    page: str,
    dictionary: str,
) -> dict[str, Any]:
    """One region's table as a DCAT dataset; ``url(table, format)`` gives a download
    address, ``page`` the region's public page, ``dictionary`` the data dictionary."""
    region = masterplan.region
    return {
        "@type": "dcat:Dataset",
        "identifier": url(table.name, "json").rsplit(".", 1)[0],
        "title": f"{table.title_id} - {region.name}",
        "description": (
            f"{table.description_id} {masterplan.title} ({masterplan.start_year}-"
            f"{masterplan.end_year}). / {table.description_en}"
        ),
        "keyword": ["smart city", "masterplan", region.name, table.name],
        "modified": _iso(modified),
        "issued": _iso(masterplan.published_at),
        "publisher": {"@type": "org:Organization", "name": f"{PUBLISHER_SUFFIX} {region.name}"},
        "accessLevel": "public",
        "license": opendata.LICENCE_URL,
        "rights": opendata.LICENCE_NAME,
        "spatial": region.name,
        "temporal": f"{masterplan.start_year}-01-01/{masterplan.end_year}-12-31",
        "language": ["id", "en"],
        "landingPage": page,
        "describedBy": dictionary,
        "distribution": [
            {
                "@type": "dcat:Distribution",
                "title": f"{table.title_id} - {region.name} (CSV)",
                "mediaType": "text/csv",
                "format": "CSV",
                "downloadURL": url(table.name, "csv"),
            },
            {
                "@type": "dcat:Distribution",
                "title": f"{table.title_id} - {region.name} (JSON)",
                "mediaType": "application/json",
                "format": "JSON",
                "downloadURL": url(table.name, "json"),
            },
        ],
    }


def catalogue(datasets: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "@context": CONTEXT,
        "@type": "dcat:Catalog",
        "conformsTo": CONFORMS_TO,
        "describedBy": DESCRIBED_BY,
        "dataset": datasets,
    }
