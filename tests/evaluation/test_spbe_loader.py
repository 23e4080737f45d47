"""The SPBE instrument files: the shipped one, a new instrument without code, bad weights."""

from __future__ import annotations

from decimal import Decimal

import pytest

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.evaluation.spbe_loader import DATA_DIR, load_spbe, parse_spbe
from kotacerdas.evaluation.spbe_models import SpbeIndicator, SpbeInstrument
from kotacerdas.framework.loader import CatalogueError

pytestmark = pytest.mark.django_db

# A newer instrument with its own domains, aspects, indicators and bands: data only.
IPD = b"""
code: ipd-test
name: {id: Indeks Pemerintah Digital (uji), en: Digital Government Index (test)}
first_year: 2025
levels:
  - {level: 1, process: {id: Rintisan, en: Initial}, service: {id: Informasi, en: Information}}
  - {level: 2, process: {id: Terkelola, en: Managed}, service: {id: Interaksi, en: Interaction}}
  - {level: 3, process: {id: Terdefinisi, en: Defined}, service: {id: Transaksi, en: Transaction}}
  - {level: 4, process: {id: Terpadu, en: Integrated}, service: {id: Kolaborasi, en: Collaboration}}
  - {level: 5, process: {id: Optimum, en: Optimised}, service: {id: Optimum, en: Optimised}}
bands:
  - {lower: "4", code: unggul, name: {id: Unggul, en: Excellent}}
  - {lower: "0", code: belum, name: {id: Belum, en: Not yet}}
domains:
  - number: 1
    name: {id: Tata Kelola, en: Governance}
    weight: "60"
    aspects:
      - number: 1
        name: {id: Kebijakan, en: Policy}
        weight: "60"
        indicators:
          - {number: 1, name: {id: Satu Data, en: One data}, kind: process}
          - {number: 2, name: {id: Arsitektur, en: Architecture}, kind: process, weight: "40"}
  - number: 2
    name: {id: Layanan, en: Services}
    weight: "40"
    aspects:
      - number: 2
        name: {id: Layanan Digital, en: Digital services}
        weight: "40"
        indicators:
          - {number: 3, name: {id: Layanan Publik, en: Public services}, kind: service}
"""


def test_the_shipped_instrument_is_loaded_whole() -> None:
    instrument = SpbeInstrument.objects.get(code="spbe-2020")
    assert instrument.domains.count() == 4
    assert sum(d.aspects.count() for d in instrument.domains.all()) == 8
    indicators = SpbeIndicator.objects.filter(instrument=instrument)
    assert indicators.count() == 47
    assert sum(i.weight for i in indicators) == Decimal(1)
    weights = {d.number: d.weight for d in instrument.domains.all()}
    assert weights == {1: D("0.13"), 2: D("0.25"), 3: D("0.165"), 4: D("0.455")}
    assert [b["code"] for b in instrument.bands] == [
        "memuaskan",
        "sangat_baik",
        "baik",
        "cukup",
        "kurang",
    ]
    services = indicators.get(number=33)
    assert services.kind == "service"
    assert services.level_name(3) == "Transaksi"
    assert indicators.get(number=1).level_name(4) == "Terpadu dan Terukur"


D = Decimal


def test_a_new_instrument_is_a_data_file_only() -> None:
    outcome = load_spbe(IPD, "ipd-test.yaml", actor=SYSTEM)
    assert outcome.action == "created"
    indicators = {i.number: i.weight for i in outcome.instrument.indicators.all()}
    # Indicator 1 gets what its aspect leaves: 60 − 40 = 20 %.
    assert indicators == {1: D("0.2"), 2: D("0.4"), 3: D("0.4")}
    assert load_spbe(IPD, "ipd-test.yaml", actor=SYSTEM).action == "unchanged"


def test_weights_that_do_not_add_up_are_refused_before_anything_is_written() -> None:
    bad = IPD.replace(b"kind: service}", b'kind: service, weight: "45"}')
    with pytest.raises(CatalogueError) as caught:
        load_spbe(bad, "ipd-bad.yaml", actor=SYSTEM)
    assert "aspect 2: its indicators' weights add up to 45, not the aspect's 40" in str(
        caught.value
    )
    assert not SpbeInstrument.objects.filter(code="ipd-test").exists()
    bad = IPD.replace(b'weight: "60"\n    aspects', b'weight: "50"\n    aspects')
    with pytest.raises(CatalogueError, match="domains: the weights add up to 90, not 100"):
        parse_spbe(bad, "ipd-bad.yaml")


def test_the_shipped_files_parse() -> None:
    for path in sorted(DATA_DIR.glob("spbe-*.yaml")):
        spec, _checksum = parse_spbe(path.read_bytes(), path.name)
        assert spec.domains
