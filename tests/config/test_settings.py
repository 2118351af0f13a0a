"""Settings come from the environment and a .env file; the environment wins.

Each test runs manage.py in a fresh process, since settings are read once.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

MANAGE = Path(settings.BASE_DIR) / "manage.py"


def run_manage(*args: str, cwd: Path, env_file: Path, **environment: str):
    """Run manage.py with ENV_FILE pointing to env_file, without the DEBUG
    and SECRET_KEY of the environment running the tests."""
    env = os.environ.copy()
    for name in ("DEBUG", "SECRET_KEY", "SITE_URL"):
        env.pop(name, None)
    env["ENV_FILE"] = str(env_file)
    # `check` opens the database (SQLite's JSON support); keep a SQLite file
    # out of the project root.
    env.setdefault("DATABASE_URL", f"sqlite:///{cwd / 'db.sqlite3'}")
    env.update(environment)
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_passes_with_development_settings_from_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\nSECRET_KEY=a-development-key-for-the-test\n")

    result = run_manage("check", cwd=tmp_path, env_file=env_file)

    assert result.returncode == 0, result.stderr


def test_check_refuses_to_start_without_env_file_and_secret_key(tmp_path):
    result = run_manage("check", cwd=tmp_path, env_file=tmp_path / "missing.env")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_off_in_environment_wins_over_debug_on_in_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text("DEBUG=true\n")

    result = run_manage("check", cwd=tmp_path, env_file=env_file, DEBUG="false")

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_environment_variable_wins_over_env_file(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text(
        "DEBUG=true\nSECRET_KEY=a-development-key-for-the-test\n"
        "SITE_URL=https://from-the-file.example.org\n"
    )

    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        cwd=tmp_path,
        env_file=env_file,
        SITE_URL="https://from-the-environment.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert "https://from-the-environment.example.org" in result.stdout.splitlines()
    assert "from-the-file" not in result.stdout
