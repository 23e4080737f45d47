"""The framework catalogue loader: whole files or nothing, versions never rewritten."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.management import CommandError, call_command
from django.utils import timezone

from kotacerdas.accounts.actors import SYSTEM
from kotacerdas.framework.loader import DATA_DIR, CatalogueError, load_file
from kotacerdas.framework.models import Dimension, Element, FrameworkVersion

KOMINFO = DATA_DIR / "framework-kominfo-2021.yaml"


def _spec() -> dict[str, Any]:
    return yaml.safe_load(KOMINFO.read_text(encoding="utf-8"))


def _write(tmp_path: Path, spec: dict[str, Any], name: str = "framework-test.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(spec, allow_unicode=True), encoding="utf-8")
    return path


def test_kominfo_profile_has_six_dimensions_of_three_elements(db: Any) -> None:
    version = FrameworkVersion.objects.get(profile="kominfo", number="2021.1")
    dims = list(version.dimensions.order_by("position"))
    assert [d.code for d in dims] == [
        "governance",
        "branding",
        "economy",
        "living",
        "society",
        "environment",
    ]
    assert all(d.elements.count() == 3 for d in dims)
    public_service = Element.objects.get(dimension__framework=version, code="public_service")
    assert public_service.name_id == "Layanan Publik"
    assert all(tag["id"] and tag["en"] for tag in public_service.tags)


def test_giffinger_profile_is_loaded_beside_it(db: Any) -> None:
    version = FrameworkVersion.objects.get(profile="giffinger")
    codes = set(version.dimensions.values_list("code", flat=True))
    assert {"people", "mobility"} <= codes


def test_unchanged_file_is_left_alone(db: Any) -> None:
    assert load_file(KOMINFO, actor=SYSTEM).action == "unchanged"


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda s: s["dimensions"][3]["elements"][1]["name"].pop("en"), "dimensions[3] (living)"),
        (lambda s: s["dimensions"][0].update(code="Bad Code"), "dimensions[0]"),
        (lambda s: s["dimensions"][1].update(elements=[]), "elements"),
        (lambda s: s["dimensions"].append(dict(s["dimensions"][0])), "duplicate code governance"),
        (lambda s: s.update(colour="blue"), "colour"),
    ],
    ids=["missing English name", "bad code", "no elements", "duplicate", "unknown key"],
)
def test_malformed_file_is_refused_naming_file_entry_and_problem(
    db: Any, tmp_path: Path, mutate: Any, message: str
) -> None:
    spec = _spec()
    spec["version"] = "2099.1"
    mutate(spec)
    path = _write(tmp_path, spec)
    with pytest.raises(CatalogueError) as caught:
        load_file(path, actor=SYSTEM)
    assert "framework-test.yaml" in str(caught.value)
    assert message in str(caught.value)
    assert not FrameworkVersion.objects.filter(number="2099.1").exists()


def test_not_yaml_at_all(db: Any, tmp_path: Path) -> None:
    path = tmp_path / "framework-broken.yaml"
    path.write_text("code: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match="framework-broken.yaml: not valid YAML"):
        load_file(path, actor=SYSTEM)


def test_a_version_in_use_cannot_change_in_place(db: Any, tmp_path: Path) -> None:
    version = FrameworkVersion.objects.get(profile="kominfo")
    version.locked_at = timezone.now()
    version.save()
    spec = _spec()
    spec["dimensions"][0]["name"]["id"] = "Tata Kelola Cerdas"
    with pytest.raises(CatalogueError, match="is in use"):
        load_file(_write(tmp_path, spec), actor=SYSTEM)
    assert version.dimensions.get(code="governance").name_id == "Smart Governance"


def test_a_new_version_is_created_beside_the_locked_one(db: Any, tmp_path: Path) -> None:
    FrameworkVersion.objects.filter(profile="kominfo").update(locked_at=timezone.now())
    spec = _spec()
    spec["version"] = "2021.2"
    spec["dimensions"][0]["name"]["id"] = "Tata Kelola Cerdas"
    assert load_file(_write(tmp_path, spec), actor=SYSTEM).action == "created"
    assert FrameworkVersion.objects.filter(profile="kominfo").count() == 2
    old = Dimension.objects.get(framework__number="2021.1", code="governance")
    assert old.name_id == "Smart Governance"


def test_an_unused_version_may_be_corrected(db: Any, tmp_path: Path) -> None:
    # The shipped instruments (readiness, evaluation) put the framework in use.
    for relation in FrameworkVersion._meta.related_objects:
        if relation.one_to_many and relation.related_model is not Dimension:
            relation.related_model._default_manager.all().delete()
    spec = _spec()
    spec["dimensions"][0]["description"]["en"] = "Corrected."
    assert load_file(_write(tmp_path, spec), actor=SYSTEM).action == "replaced"
    assert Dimension.objects.get(
        framework__profile="kominfo", code="governance"
    ).description_en == ("Corrected.")


def test_a_readiness_instrument_puts_its_framework_in_use(db: Any, tmp_path: Path) -> None:
    spec = _spec()
    spec["dimensions"][0]["description"]["en"] = "Corrected."
    with pytest.raises(CatalogueError, match="in use"):
        load_file(_write(tmp_path, spec), actor=SYSTEM)


def test_command_reports_a_bad_file_and_fails(db: Any, tmp_path: Path) -> None:
    bad = tmp_path / "framework-bad.yaml"
    bad.write_text("code: x\n", encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("load_reference", framework_file=[bad], stdout=StringIO(), stderr=err)
    assert "framework-bad.yaml" in err.getvalue()
