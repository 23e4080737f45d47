"""Files on an S3-compatible store: a real server (moto in server mode) started by the
test; a file stored through Django's storage API lands in the bucket, and is served only
through the permission-checked view, streamed by Django."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from kotacerdas.planning.models import Masterplan

from ..conftest import World
from ..planning import factories as f

pytestmark = pytest.mark.django_db

BUCKET = "kotacerdas-test"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    port = _free_port()
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test"}
    process = subprocess.Popen(  # noqa: S603 - moto's own server, on the loopback address
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.fixture
def s3(settings: Any, s3_server: str) -> Any:
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_server,
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "default_acl": "private",
                "file_overwrite": False,
            },
        },
    }
    return client


def test_a_stored_file_lands_in_the_bucket_and_is_served_only_after_the_check(
    world: World, s3: Any
) -> None:
    plan = f.masterplan(world)
    plan.regulation_file.save("perwal.pdf", ContentFile(PDF))
    name = Masterplan.objects.get(pk=plan.pk).regulation_file.name
    assert s3.get_object(Bucket=BUCKET, Key=name)["Body"].read() == PDF
    assert type(default_storage._wrapped).__name__ == "S3Storage"

    url = reverse("planning:masterplan_regulation", kwargs={"pk": plan.pk})
    response = world.client("coordinator").get(url)
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Cache-Control"] == "private, no-store"
    assert world.client("other_coordinator").get(url).status_code == 404
    assert world.client("anonymous").get(url).status_code == 302


def test_a_kept_import_file_is_written_and_deleted_through_the_store(s3: Any) -> None:
    name = default_storage.save("jobs/planning-import/x.xlsx", ContentFile(b"PK\x03\x04"))
    listed = s3.list_objects_v2(Bucket=BUCKET, Prefix="jobs/")["Contents"]
    assert [item["Key"] for item in listed] == [name]
    default_storage.delete(name)
    assert s3.list_objects_v2(Bucket=BUCKET, Prefix="jobs/")["KeyCount"] == 0
