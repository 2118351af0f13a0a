"""The translation catalogues: complete in every language, and holding
every string the code and templates mark for translation (makemessages
run on a copy of the project finds nothing the committed catalogue lacks,
and nothing it keeps that the code no longer uses)."""

import gettext
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "locale"
CATALOGUES = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
# What makemessages skips: installed packages, tools, generated files.
NOT_SOURCE = (".venv", ".tools", "node_modules", "var", ".git", "media")

_ENTRY_KEY = re.compile(r'^(?:msgctxt ((?:".*"\n)+))?msgid ((?:".*"\n)+)', re.MULTILINE)


def _gettext(*args: str) -> str:
    return subprocess.run(
        args, check=True, capture_output=True, text=True, timeout=60
    ).stdout


def _keys(po_text: str) -> set[tuple[str, str]]:
    """(context, msgid) of every entry but the header and obsolete ones."""
    keys = set()
    for context, msgid in _ENTRY_KEY.findall(po_text):
        joined = "".join(re.findall(r'"(.*)"', msgid))
        if joined:
            keys.add(("".join(re.findall(r'"(.*)"', context)), joined))
    return keys


def _translations(mo: Path) -> dict:
    with mo.open("rb") as file:
        return gettext.GNUTranslations(file)._catalog


def test_there_are_catalogues():
    assert LOCALE / "de" / "LC_MESSAGES" / "django.po" in CATALOGUES


@pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=[str(p.relative_to(LOCALE)) for p in CATALOGUES]
)
def test_every_entry_of_every_catalogue_is_translated_and_none_is_fuzzy(catalogue):
    untranslated = _gettext(
        "msgattrib", "--untranslated", "--no-obsolete", str(catalogue)
    )
    fuzzy = _gettext("msgattrib", "--only-fuzzy", "--no-obsolete", str(catalogue))

    assert not _keys(untranslated), (
        f"untranslated in {catalogue}: {_keys(untranslated)}"
    )
    assert not _keys(fuzzy), f"fuzzy in {catalogue}: {_keys(fuzzy)}"


@pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=[str(p.relative_to(LOCALE)) for p in CATALOGUES]
)
def test_every_catalogue_is_compiled_as_committed(catalogue, tmp_path):
    compiled = tmp_path / "out.mo"
    _gettext("msgfmt", "--check", "-o", str(compiled), str(catalogue))

    # Compared by what they translate, not byte for byte (another msgfmt
    # may order or pad the file differently).
    assert _translations(catalogue.with_suffix(".mo")) == _translations(compiled), (
        f"{catalogue.with_suffix('.mo')} is stale: run make messages"
    )


def test_the_catalogue_holds_every_string_marked_for_translation(tmp_path):
    copy = tmp_path / "project"
    shutil.copytree(
        ROOT, copy, ignore=shutil.ignore_patterns(*NOT_SOURCE, "__pycache__")
    )
    env = {
        **os.environ,
        "DEBUG": "true",
        "SECRET_KEY": "catalogue-check",
        "ENV_FILE": str(tmp_path / "none.env"),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "-l",
            "de",
            "--no-obsolete",
            *(f"--ignore={name}" for name in NOT_SOURCE),
        ],
        cwd=copy,
        env=env,
        check=True,
        capture_output=True,
        timeout=300,
    )
    path = Path("locale/de/LC_MESSAGES/django.po")
    collected = _keys((copy / path).read_text())
    committed = _keys((ROOT / path).read_text())

    missing = collected - committed
    stale = committed - collected
    assert not missing, (
        f"marked but not in the catalogue (run make messages): {missing}"
    )
    assert not stale, f"in the catalogue but no longer marked anywhere: {stale}"
