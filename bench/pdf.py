"""Benchmark of the edition PDF: rendering it cold, and serving it cached.

Usage, from the project root:

    .venv/bin/python bench/pdf.py [--requests 50] [--cold 3] [--year 2025]
                                  [--database-url postgres://...]

Everything runs in this one process (django.setup(), no server):

1. A fresh database: by default SQLite in a temporary directory (the
   project's default engine), or the (empty) database of --database-url,
   e.g. postgres://postgres@127.0.0.1:5432/leitbild_pdf_bench. Then
   ``migrate`` and ``load_muenster``. MEDIA_ROOT points to a temporary
   directory, so the PDF cache starts empty and nothing is left behind.
2. Cold: ``portal.pdf.edition_pdf`` of the edition in German with the PDF
   cache emptied first, --cold times. The first of them also pays for
   WeasyPrint's and fontconfig's start-up in the process; the median of the
   others is what a worker that has rendered before needs.
3. Cached: --requests GET requests for /leitbild/<year>/pdf/ through Django's
   test Client (the whole middleware stack, no network), served from the file
   cache; then as many conditional GETs (If-None-Match) that answer 304.
4. Prints the figures, the PDF's size and its page count.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def log(message: str) -> None:
    print(message, flush=True)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Time the edition PDF: cold rendering and cached serving."
    )
    parser.add_argument("--year", type=int, default=2025, help="edition (2025)")
    parser.add_argument(
        "--requests", type=int, default=50, help="cached requests to time (50)"
    )
    parser.add_argument("--cold", type=int, default=3, help="cold renders (3)")
    parser.add_argument(
        "--database-url",
        help="an empty database to use instead of a temporary SQLite file",
    )
    args = parser.parse_args(argv)
    if args.requests < 1 or args.cold < 1:
        parser.error("--requests and --cold: at least 1")
    return args


def setup(database_url: str, media_root: Path) -> None:
    os.environ.update(
        DATABASE_URL=database_url,
        DEBUG="false",
        SECRET_KEY="bench-secret",
        ALLOWED_HOSTS="testserver,localhost,127.0.0.1",
        SECURE_COOKIES="false",
        STATIC_MANIFEST="false",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = media_root
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_muenster", verbosity=0)
    log(f"Database ready in {time.perf_counter() - started:.1f} s ({database_url})")


def time_cold(year: int, runs: int, media_root: Path) -> tuple[list[float], bytes]:
    from django.utils import translation

    from leitbild.models import Edition
    from portal import pdf

    seconds, content = [], b""
    for _ in range(runs):
        shutil.rmtree(media_root / pdf.CACHE_SUBDIR, ignore_errors=True)
        with translation.override("de"):
            edition = Edition.objects.select_related("city").get(year=year)
            started = time.perf_counter()
            content, _etag, _modified = pdf.edition_pdf(edition)
            seconds.append(time.perf_counter() - started)
    return seconds, content


def time_requests(path: str, count: int, **headers) -> tuple[list[float], int]:
    from django.test import Client

    client = Client()
    timings, status = [], 0
    for _ in range(count):
        started = time.perf_counter()
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="de", **headers)
        timings.append((time.perf_counter() - started) * 1000)
        status = response.status_code
    return timings, status


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="leitbild-pdf-bench-") as tmp:
        media_root = Path(tmp) / "media"
        setup(args.database_url or f"sqlite:///{tmp}/bench.sqlite3", media_root)
        from pypdf import PdfReader

        path = f"/leitbild/{args.year}/pdf/"
        cold, content = time_cold(args.year, args.cold, media_root)
        pages = len(PdfReader(io.BytesIO(content)).pages)

        # One request to warm the view's own imports and the city cache.
        time_requests(path, 1)
        cached, status = time_requests(path, args.requests)
        if status != 200:
            log(f"FAIL: {path} answered {status}")
            return 1
        from django.test import Client

        etag = Client().get(path, HTTP_ACCEPT_LANGUAGE="de")["ETag"]
        not_modified, status_304 = time_requests(
            path, args.requests, HTTP_IF_NONE_MATCH=etag
        )

        log("")
        log(f"Edition {args.year}: {len(content) / 1024:.1f} KB, {pages} pages")
        log(f"cold, first in process   {cold[0]:8.2f} s")
        if len(cold) > 1:
            log(
                f"cold, process warm       {statistics.median(cold[1:]):8.2f} s "
                f"(median of {len(cold) - 1})"
            )
        log(
            f"cached GET (200)         {statistics.median(cached):8.2f} ms median, "
            f"p90 {percentile(cached, 0.9):.2f} ms over {len(cached)} requests"
        )
        log(
            f"conditional GET ({status_304})    "
            f"{statistics.median(not_modified):8.2f} ms median, "
            f"p90 {percentile(not_modified, 0.9):.2f} ms over "
            f"{len(not_modified)} requests"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
