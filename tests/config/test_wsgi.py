"""The WSGI entry point every server loads (gunicorn in the demo and the deployment guide)."""

import os
import subprocess
import sys

from django.conf import settings


def test_a_worker_loads_every_view_then_hides_it_from_the_garbage_collector() -> None:
    """Loaded modules are frozen, so a full collection during a large request does not walk
    them again: the import leaves a frozen count and the URL patterns already resolved."""
    code = (
        "import gc, sys; import kotacerdas.config.wsgi; "
        "print(gc.get_freeze_count() > 100000, "
        "'kotacerdas.planning.programmes.views' in sys.modules)"
    )
    env = dict(os.environ, DJANGO_ENV="test")
    done = subprocess.run(  # noqa: S603 (this interpreter, a fixed program)
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True"]
