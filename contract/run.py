"""API contract run: schemathesis against the running application, over every operation.

`make test-api` serves a freshly seeded demo database with gunicorn, then runs schemathesis
twice — anonymously and with a region coordinator's personal API token — with the checks
that a client relies on: no server error, every status code documented, every response
matching its schema. The number of examples per operation is bounded (``--examples``) so
CI stays within its time. Exits non-zero on any failure. Needs the dev dependencies.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
CHECKS = "not_a_server_error,status_code_conformance,response_schema_conformance"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout


def _prepare(env: dict[str, str]) -> str:
    """Migrate and seed a fresh database; return a coordinator's API token."""
    _manage(env, "migrate", "--noinput")
    _manage(env, "load_reference")
    _manage(env, "seed_demo")
    code = (
        "from kotacerdas.accounts.models import ApiToken, User;"
        "t, s = ApiToken.generate(User.objects.get(username='koordinator'), 'contract');"
        "t.save(); print(s)"
    )
    return _manage(env, "shell", "-c", code).strip().splitlines()[-1]


def _serve(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(  # noqa: S603
        [
            str(BIN / "gunicorn"),
            "--chdir",
            "src",
            "--bind",
            f"{HOST}:{port}",
            "--workers",
            "2",
            "--timeout",
            "60",
            # gunicorn's own guard answers a request line over 4094 bytes with an HTML 414
            # before the application sees it; the contract is about the application's answers
            # (long query strings are the fuzzer's favourite), so the guard is lifted here.
            "--limit-request-line",
            "0",
            "kotacerdas.config.wsgi:application",
        ],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _attempt in range(120):
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=2):  # noqa: S310
                return server
        except OSError:
            time.sleep(0.5)
    os.killpg(server.pid, signal.SIGTERM)
    raise SystemExit("the application did not start")


def _check_token(port: int, token: str) -> None:
    """The token must open the API, or the run would test nothing but 401s."""
    request = urllib.request.Request(  # noqa: S310
        f"http://{HOST}:{port}/api/v1/me", headers={"Authorization": f"Bearer {token}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        if response.status != 200:
            raise SystemExit(f"the coordinator's token was refused ({response.status})")


def _schemathesis(port: int, examples: int, seed: int, token: str | None) -> int:
    args = [
        str(BIN / "schemathesis"),
        "run",
        f"http://{HOST}:{port}/api/v1/openapi.json",
        "--checks",
        CHECKS,
        "--max-examples",
        str(examples),
        "--seed",
        str(seed),
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--suppress-health-check",
        "all",
        "--phases",
        "examples,coverage,fuzzing",
        "--no-color",
    ]
    if token:
        # Revoking tokens is tried anonymously only: with the token, the coverage phase would
        # revoke this very token (its id is among the first it tries) and every later
        # request would be a 401, leaving the rest of the API untested.
        args += ["--header", f"Authorization: Bearer {token}"]
        args += ["--exclude-operation-id", "kotacerdas_accounts_api_revoke_token"]
    print(f"== schemathesis {'with a coordinator token' if token else 'anonymously'}", flush=True)
    return subprocess.run(args, cwd=ROOT, check=False).returncode  # noqa: S603


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=20, help="examples per operation")
    parser.add_argument("--seed", type=int, default=1, help="schemathesis seed (repeatable runs)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        env = {
            **os.environ,
            "DATABASE_URL": os.environ.get("CONTRACT_DATABASE_URL", f"sqlite:///{tmp}/api.sqlite3"),
            "MEDIA_ROOT": f"{tmp}/media",
            "DEBUG": "false",
            "DJANGO_ENV": "development",
            "AXES_FAILURE_LIMIT": "100000",
            # schemathesis sends wrong tokens on purpose (and every request comes from one
            # address): with the token rate limits on, the coordinator's token would soon get
            # only 429 and the operations behind it would go untested. 429 stays documented.
            "API_TOKEN_FAILURES_PER_ADDRESS": "0",
            "API_TOKEN_FAILURES_PER_USER": "0",
            "API_TOKEN_CREATIONS_PER_ADDRESS": "0",
            "API_TOKEN_CREATIONS_PER_USER": "0",
            # Likewise the public API's limit per address (300 a minute by default).
            "PUBLIC_API_REQUESTS_PER_ADDRESS": "0",
        }
        token = _prepare(env)
        port = _free_port()
        server = _serve(env, port)
        try:
            _check_token(port, token)
            codes = [
                _schemathesis(port, options.examples, options.seed, None),
                _schemathesis(port, options.examples, options.seed, token),
            ]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    return max(codes)


if __name__ == "__main__":
    sys.exit(main())
