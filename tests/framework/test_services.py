"""Uploading and publishing a readiness instrument through the application."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from kotacerdas.framework import services
from kotacerdas.framework.instruments import instrument_files
from kotacerdas.framework.models import Instrument

from ..conftest import World


def _draft(name: str = "draft.yaml") -> SimpleUploadedFile:
    data = yaml.safe_load(instrument_files()[0].read_bytes())
    data["version"] = "2099.1"
    return SimpleUploadedFile(name, yaml.safe_dump(data, allow_unicode=True).encode())


@pytest.mark.parametrize(
    ("upload", "says"),
    [
        (SimpleUploadedFile("instrument.pdf", b"%PDF-1.4\n"), "not an accepted file type"),
        (SimpleUploadedFile("instrument.yaml", b"code: x\x00\n"), "not a text file"),
        (SimpleUploadedFile("instrument.yaml", b"code: [unclosed\n"), "not valid YAML"),
    ],
    ids=["pdf", "binary", "broken_yaml"],
)
def test_a_wrong_instrument_file_is_refused_on_the_file_field(
    world: World, upload: SimpleUploadedFile, says: str
) -> None:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.upload_instrument(upload, actor=world.users["national_admin"])
    assert says in " ".join(caught.value.message_dict["file"])
    assert not Instrument.objects.filter(number="2099.1").exists()


def test_an_instrument_file_over_the_limit_is_refused(world: World, settings: Any) -> None:
    settings.INSTRUMENT_MAX_BYTES = 1000
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        services.upload_instrument(_draft(), actor=world.users["national_admin"])
    assert "the limit is" in " ".join(caught.value.message_dict["file"])


def test_an_uploaded_instrument_is_a_draft_until_published(world: World) -> None:
    admin = world.users["national_admin"]
    outcome = services.upload_instrument(_draft(), actor=admin)
    assert outcome.action == "created" and not outcome.instrument.is_published
    published = services.publish_instrument(outcome.instrument, actor=admin)
    assert Instrument.objects.get(pk=published.pk).is_published
    with pytest.raises(ValidationError):
        services.publish_instrument(outcome.instrument, actor=admin)
