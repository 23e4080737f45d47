"""Health check, production safety, security headers, language, error pages, demo seed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from kotacerdas.accounts.models import Membership, User
from kotacerdas.config import views
from kotacerdas.regions.models import Region

ROOT = Path(__file__).resolve().parents[2]
STRONG_KEY = "k3x!" + "q9Zr7-Lm2@Wv8#Tn4$Ys6%" * 3


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ENV", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    environment.update(
        PYTHONPATH=str(ROOT / "src"), DJANGO_SETTINGS_MODULE="kotacerdas.config.settings", **env
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=120,
    )


def test_healthz_answers_200_with_json(client: Client, db: Any) -> None:
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json()["database"] == "ok"


def test_healthz_answers_503_when_the_database_does_not(tmp_path: Path) -> None:
    unreachable = "postgres://nobody@127.0.0.1:1/none"
    code = (
        "import django; django.setup(); from django.test import Client; "
        "r = Client().get('/healthz'); print(r.status_code, r.json()['database'])"
    )
    result = _run(code, DATABASE_URL=unreachable, DJANGO_ENV="test")
    assert result.stdout.strip() == "503 unavailable", result.stderr[-2000:]


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"ALLOWED_HOSTS": "kota.example.id"}, "SECRET_KEY"),
        ({"SECRET_KEY": "short", "ALLOWED_HOSTS": "kota.example.id"}, "SECRET_KEY"),
        ({"SECRET_KEY": STRONG_KEY}, "ALLOWED_HOSTS"),
        ({"SECRET_KEY": STRONG_KEY, "ALLOWED_HOSTS": "x", "DEBUG": "1"}, "DEBUG"),
    ],
)
def test_production_refuses_to_start_without_real_settings(
    env: dict[str, str], complaint: str
) -> None:
    result = _run("import django; django.setup()", DJANGO_ENV="production", **env)
    assert result.returncode != 0
    assert complaint in result.stderr


def test_an_unknown_environment_name_is_refused() -> None:
    result = _run("import django; django.setup()", DJANGO_ENV="staging")
    assert result.returncode != 0 and "DJANGO_ENV" in result.stderr


def test_production_passes_the_deploy_check() -> None:
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('check', deploy=True, fail_level='WARNING')"
    )
    result = _run(
        code, DJANGO_ENV="production", SECRET_KEY=STRONG_KEY, ALLOWED_HOSTS="kota.example.id"
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "no issues" in result.stdout


def test_security_headers_forbid_inline_script_and_other_hosts(client: Client, db: Any) -> None:
    response = client.get(reverse("regions:region_list"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "default-src 'self'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    body = response.content.decode()
    assert "<script>" not in body and "https://" not in body


def test_indonesian_by_default_and_english_on_request(client: Client, db: Any) -> None:
    page = client.get(reverse("regions:region_list")).content.decode()
    assert '<html lang="id">' in page and "Wilayah" in page
    response = client.post(reverse("set_language"), {"language": "en", "next": "/regions/"})
    assert response.status_code == 302
    page = client.get(reverse("regions:region_list")).content.decode()
    assert '<html lang="en">' in page and "Regions" in page


def test_every_stage_of_the_cycle_is_in_the_navigation(db: Any, client: Client) -> None:
    from ..conftest import make_user

    user = make_user("nav")
    Membership.objects.create(
        user=user, role="region_coordinator", region=Region.objects.get(code="17.71")
    )
    client.force_login(user)
    body = client.get(reverse("regions:region_detail", kwargs={"code": "17.71"})).content.decode()
    for label in (
        "Tim",
        "Kesiapan",
        "Strategi",
        "Program",
        "Quick Win",
        "Peta Jalan",
        "Monev",
        "Evaluasi",
        "Dokumen",
        "Publikasi",
    ):
        assert label in body
    # Every stage is built.
    assert "belum tersedia" not in body
    assert reverse("evaluation:region_evaluations", kwargs={"code": "17.71"}) in body
    assert reverse("consultation:consultation_list", kwargs={"code": "17.71"}) in body
    assert reverse("monitoring:monitoring_current", kwargs={"code": "17.71"}) in body
    assert reverse("documents:document_current", kwargs={"code": "17.71"}) in body


def test_error_pages_are_friendly(rf: Any, db: Any) -> None:
    page = views.server_error(rf.get("/regions/"))
    assert page.status_code == 500 and "Terjadi kesalahan" in page.content.decode()
    api = views.server_error(rf.get("/api/v1/regions"))
    assert api.status_code == 500 and b'"server_error"' in api.content
    assert views.bad_request(rf.get("/")).status_code == 400
    assert views.permission_denied(rf.get("/api/v1/x")).status_code == 403


def test_home_lists_the_users_roles(client: Client, db: Any) -> None:
    from ..conftest import make_user

    user = make_user("home")
    Membership.objects.create(
        user=user, role="council_member", region=Region.objects.get(code="17.71")
    )
    client.force_login(user)
    body = client.get(reverse("home")).content.decode()
    assert "Kota Bengkulu" in body


def test_demo_seed_is_idempotent(db: Any) -> None:
    call_command("seed_demo", stdout=StringIO())
    counts = (
        User.objects.count(),
        Membership.objects.count(),
        Region.objects.get(code="17.71").agencies.count(),
    )
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert (
        User.objects.count(),
        Membership.objects.count(),
        Region.objects.get(code="17.71").agencies.count(),
    ) == counts
    assert "koordinator" in out.getvalue()


def test_static_files_collect_for_production(tmp_path: Path) -> None:
    code = (
        "import django; django.setup(); from django.core.management import call_command; "
        "call_command('collectstatic', interactive=False, verbosity=0)"
    )
    result = _run(
        code,
        DJANGO_ENV="production",
        SECRET_KEY=STRONG_KEY,
        ALLOWED_HOSTS="kota.example.id",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert (tmp_path / "static" / "staticfiles.json").exists()


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_indonesian_translation_is_complete(domain: str) -> None:
    """Every message of the templates and Python (django) and of the JavaScript (djangojs,
    served by /jsi18n/) has an Indonesian translation."""
    po = ROOT / f"src/kotacerdas/locale/id/LC_MESSAGES/{domain}.po"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po)],  # noqa: S607
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr


def test_the_demo_serves_with_debug_off() -> None:
    """``make demo`` runs as production would: a 500 never shows a traceback."""
    makefile = (ROOT / "Makefile").read_text()
    serve = makefile.split("\nserve:", 1)[1].split("\n\n", 1)[0]
    assert "DEBUG=false" in serve and "gunicorn" in serve
    result = _run(
        "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
        DEBUG="false",
    )
    assert result.stdout.strip() == "False", result.stderr[-2000:]


def test_every_message_in_the_code_is_in_the_catalogue(tmp_path: Path) -> None:
    """``makemessages`` run on a copy of the code finds no message the Indonesian catalogue
    lacks: a string marked for translation but never added to ``django.po`` would show in
    English to every Indonesian reader, and the completeness test above cannot see it."""
    copy = tmp_path / "kotacerdas"
    shutil.copytree(
        ROOT / "src/kotacerdas",
        copy,
        ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo", "data", "migrations"),
    )
    # The copy's own catalogue, never the repository's.
    (tmp_path / "copy_settings.py").write_text(
        "from kotacerdas.config.settings import *  # noqa: F403\n"
        f"LOCALE_PATHS = [{str(copy / 'locale')!r}]\n"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "copy_settings",
        "PYTHONPATH": str(tmp_path),
    }
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "django", "makemessages", "-l", "id", "--no-obsolete"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    catalogue = str(copy / "locale/id/LC_MESSAGES/django.po")
    missing = []
    # Untranslated, and fuzzy: makemessages guesses a translation from a similar message and
    # marks it fuzzy, and compilemessages leaves fuzzy entries out, so the reader sees English.
    for option in ("--untranslated", "--only-fuzzy"):
        found = subprocess.run(  # noqa: S603
            ["msgattrib", option, "--no-wrap", catalogue],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=60,
        )
        missing += [
            line
            for line in found.stdout.splitlines()
            if line.startswith("msgid ") and line != 'msgid ""'  # the catalogue's header
        ]
    assert not missing, f"untranslated or fuzzy messages in the code: {missing}"
