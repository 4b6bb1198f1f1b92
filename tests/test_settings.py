"""Production refuses to start without a real SECRET_KEY."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    full_env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    full_env.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("key", [None, "", "change-me-to-a-long-random-string"])
def test_debug_off_without_a_real_secret_key_stops_with_a_clear_message(key):
    env = {"DEBUG": "0"}
    if key is not None:
        env["SECRET_KEY"] = key
    result = run_check(**env)
    assert result.returncode != 0
    assert "SECRET_KEY is missing or still the example value" in result.stderr


def test_debug_off_with_a_real_secret_key_starts():
    result = run_check(DEBUG="0", SECRET_KEY="a-real-secret-" + "x" * 40, ALLOWED_HOSTS="ita.local")
    assert result.returncode == 0, result.stderr


def test_a_misspelt_debug_value_is_refused():
    result = run_check(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be" in result.stderr


def test_a_misspelt_tasks_backend_is_refused():
    result = run_check(TASKS_BACKEND="celery")
    assert result.returncode != 0
    assert "TASKS_BACKEND must be one of database, immediate" in result.stderr
