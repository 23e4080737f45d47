"""The default readiness instrument shipped for the readiness module (not loaded yet)."""

from __future__ import annotations

from collections import Counter

import yaml

from kotacerdas.framework.loader import DATA_DIR


def test_instrument_covers_every_dimension_and_aspect_with_complete_levels() -> None:
    instrument = yaml.safe_load((DATA_DIR / "readiness-kominfo-2021.yaml").read_text("utf-8"))
    framework = yaml.safe_load((DATA_DIR / "framework-kominfo-2021.yaml").read_text("utf-8"))
    elements = {d["code"]: {e["code"] for e in d["elements"]} for d in framework["dimensions"]}
    aspects = {a["code"] for a in instrument["aspects"]}
    items = instrument["items"]
    cells = Counter((item["dimension"], item["aspect"]) for item in items)
    assert aspects == {"structure", "infrastructure", "superstructure"}
    assert {(d, a) for d in elements for a in aspects} == set(cells)
    assert min(cells.values()) >= 3
    assert len({item["code"] for item in items}) == len(items)
    for item in items:
        assert [level["level"] for level in item["levels"]] == [0, 1, 2, 3, 4, 5]
        assert all(level["id"] and level["en"] for level in item["levels"])
        assert item.get("element") is None or item["element"] in elements[item["dimension"]]
        assert item["weight"] > 0 and 0 <= item["target_level"] <= 5
