"""Benchmark of concurrent sign-ups for one event: throughput, latency, and
that the capacity holds.

Usage, from the project root:

    .venv/bin/python bench/signups.py [--signups 200] [--concurrency 16]
                                      [--capacity 50] [--workers 2] [--keep-db]

What it does:

1. Drops and creates the PostgreSQL database ``leitbild_signups`` on
   127.0.0.1:5432 (user postgres, trust auth), then runs ``manage.py migrate``
   and ``load_muenster`` against it, and creates one upcoming event with the
   given capacity in the city's newest process.
2. Serves the portal under gunicorn (``--workers`` sync workers, DEBUG off)
   on a free port of 127.0.0.1. The per-address sign-up limit is lifted
   (every request comes from 127.0.0.1). E-mails are only queued: the tasks
   go to the database backend, as in production, and no worker sends them.
3. Fires ``--signups`` sign-ups through ``--concurrency`` threads, each the
   way a browser does it: GET the event page for the CSRF cookie and the
   form's token and choices, then POST the form (name, a unique e-mail
   address, a stakeholder group, consent). A sign-up succeeds when the POST
   answers 302 to the "sign-up received" page.
4. Prints requests, successes, errors by status, sign-ups per second and the
   latency of the POST (p50, p90, p99, max), then checks the database: seats
   held (pending within its hold, confirmed, attended) never exceed the
   capacity, every seat is taken before anyone waits, every success is one
   registration, and no address is registered twice.
5. Stops the server and drops the database (unless ``--keep-db``).

Exit status: 0 when every check passes, 1 when one fails, 3 when the setup
fails (database, migrations, server).
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import re
import signal
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

# The page benchmark's helpers: database, manage.py, gunicorn, Django set-up.
from pages import (
    EXIT_FAIL,
    EXIT_SETUP,
    HOST,
    PG_PORT,
    Server,
    SetupError,
    db_create,
    db_release,
    django_close,
    django_setup,
    log,
    manage,
    portal_env,
)

DEFAULT_DB = "leitbild_signups"
RECEIVED_PATH = "/veranstaltungen/anmeldung/eingegangen/"
REQUEST_TIMEOUT = 60


# --------------------------------------------------------------------------
# Set-up


def signup_env(db_name: str) -> dict[str, str]:
    env = portal_env(db_name)
    # Every request comes from 127.0.0.1: the per-address limit would stop
    # the benchmark after 20 sign-ups.
    env["REGISTRATION_RATE_LIMIT_PER_HOUR"] = "1000000"
    # No SMTP server, ever; and the production tasks backend (the database),
    # with no worker running, so mails are queued and never sent.
    for name in ("EMAIL_HOST", "TASKS_BACKEND", "DEBUG"):
        env.pop(name, None)
    return env


def event_create(capacity: int) -> str:
    """An upcoming event of the city's newest real process; returns its slug."""
    from django.utils import timezone

    from core.models import City
    from events.models import Event, Process
    from events.services import EXAMPLE_PROCESS_SLUG

    city = City.objects.current()
    process = (
        Process.objects.filter(city=city)
        .exclude(slug=EXAMPLE_PROCESS_SLUG)
        .order_by("-start_year")
        .first()
    )
    if process is None:
        raise SetupError("No process to attach the benchmark event to.")
    start = timezone.now().replace(minute=0, second=0, microsecond=0)
    start += dt.timedelta(days=14)
    event = Event(
        process=process,
        title="Bench: Anmeldung unter Last",
        slug=f"bench-anmeldung-{timezone.now():%H%M%S%f}",
        start=start,
        end=start + dt.timedelta(hours=3),
        capacity=capacity,
        is_published=True,
    )
    event.full_clean()
    event.save()
    return event.slug


# --------------------------------------------------------------------------
# One sign-up, as a browser does it


class SignupFormParser(HTMLParser):
    """Finds the form's CSRF token and the stakeholder groups on offer."""

    def __init__(self):
        super().__init__()
        self.token = ""
        self.groups: list[str] = []
        self._in_group_select = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") == "csrfmiddlewaretoken":
            self.token = attrs.get("value") or ""
        elif tag == "select":
            self._in_group_select = attrs.get("name") == "stakeholder_group"
        elif tag == "option" and self._in_group_select and attrs.get("value"):
            self.groups.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._in_group_select = False


@dataclass
class Outcome:
    ok: bool
    status: str  # "302", "200", "429", "GET 404", "error: …"
    post_ms: float | None = None
    total_ms: float | None = None


def request(port: int, method: str, path: str, body: str = "", headers=None):
    connection = http.client.HTTPConnection(HOST, port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        content = response.read()
        return response, content
    finally:
        connection.close()


def sign_up(port: int, path: str, email: str, number: int) -> Outcome:
    started = time.perf_counter()
    try:
        response, content = request(
            port, "GET", path, headers={"Accept-Language": "de"}
        )
        if response.status != 200:
            return Outcome(False, f"GET {response.status}")
        cookies = SimpleCookie()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookies.load(header)
        form = SignupFormParser()
        form.feed(content.decode("utf-8", "replace"))
        if "csrftoken" not in cookies or not form.token:
            return Outcome(False, "GET without CSRF token")
        if not form.groups:
            return Outcome(False, "GET without a sign-up form")
        body = urlencode(
            {
                "name": f"Bench Person {number}",
                "email": email,
                "stakeholder_group": form.groups[number % len(form.groups)],
                "consent": "on",
                "csrfmiddlewaretoken": form.token,
                "homepage": "",
            }
        )
        posted = time.perf_counter()
        response, _content = request(
            port,
            "POST",
            path,
            body,
            headers={
                "Accept-Language": "de",
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookies['csrftoken'].value}",
            },
        )
        finished = time.perf_counter()
    except (OSError, http.client.HTTPException) as error:
        return Outcome(False, f"error: {type(error).__name__}")
    location = urlsplit(response.headers.get("Location", "")).path
    ok = response.status == 302 and location.startswith(RECEIVED_PATH)
    return Outcome(
        ok,
        str(response.status),
        post_ms=(finished - posted) * 1000,
        total_ms=(finished - started) * 1000,
    )


def percentile(values: list[float], share: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return float("nan")
    rank = max(1, round(share * len(values) + 0.5))
    return values[min(rank, len(values)) - 1]


@dataclass
class LoadReport:
    outcomes: list[Outcome]
    seconds: float

    @property
    def successes(self) -> int:
        return sum(outcome.ok for outcome in self.outcomes)


def fire(port: int, slug: str, signups: int, concurrency: int) -> LoadReport:
    path = f"/veranstaltungen/{slug}/"
    run = uuid.uuid4().hex[:8]
    start = threading.Barrier(min(concurrency, signups) + 1)

    def one(number: int) -> Outcome:
        if number < concurrency:
            start.wait()  # the first wave leaves at once
        return sign_up(port, path, f"bench-{run}-{number}@example.org", number)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        futures = [pool.submit(one, number) for number in range(signups)]
        start.wait()
        began = time.perf_counter()
        outcomes = [future.result() for future in futures]
        seconds = time.perf_counter() - began
    return LoadReport(outcomes, seconds)


def print_load(report: LoadReport, args) -> bool:
    outcomes = report.outcomes
    errors = Counter(o.status for o in outcomes if not o.ok)
    posts = sorted(o.post_ms for o in outcomes if o.post_ms is not None)
    totals = sorted(o.total_ms for o in outcomes if o.total_ms is not None)
    log("")
    log(
        f"{args.signups} sign-ups, {args.concurrency} at a time, "
        f"{args.workers} gunicorn workers, capacity {args.capacity}"
    )
    log(f"  requests     {len(outcomes)} sign-ups ({len(outcomes) * 2} HTTP requests)")
    log(f"  successes    {report.successes} (302 to the receipt page)")
    if errors:
        log(
            "  errors       " + ", ".join(f"{n} x {s}" for s, n in errors.most_common())
        )
    else:
        log("  errors       none")
    log(
        f"  throughput   {report.successes / report.seconds:.1f} sign-ups/s "
        f"({report.seconds:.2f} s in all)"
    )
    for label, values in (("POST", posts), ("GET+POST", totals)):
        log(
            f"  latency {label:<9}p50 {percentile(values, 0.50):7.1f} ms  "
            f"p90 {percentile(values, 0.90):7.1f} ms  "
            f"p99 {percentile(values, 0.99):7.1f} ms  "
            f"max {max(values, default=float('nan')):7.1f} ms"
        )
    return not errors


# --------------------------------------------------------------------------
# What the database says


def check_database(slug: str, capacity: int, successes: int) -> bool:
    from django.db.models import Count, Q
    from django.db.models.functions import Lower
    from django.utils import timezone

    from registrations.models import OutgoingMail, Registration

    Status = Registration.Status
    now = timezone.now()
    registrations = Registration.objects.filter(event__slug=slug)
    held = registrations.filter(
        Q(status__in=[Status.CONFIRMED, Status.ATTENDED])
        | Q(status=Status.PENDING, expires_at__gt=now)
    ).count()
    waiting = registrations.filter(status=Status.WAITLISTED).count()
    total = registrations.count()
    twice = (
        registrations.values(address=Lower("email"))
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .count()
    )
    mails = OutgoingMail.objects.filter(registration__event__slug=slug).count()

    checks = [
        ("capacity held", held <= capacity, f"{held} seats held <= {capacity}"),
        (
            "no seat left empty",
            held == min(capacity, successes),
            f"{held} held = min(capacity, successes) = {min(capacity, successes)}",
        ),
        (
            "every success is one registration",
            total == successes and held + waiting == total,
            f"{total} registrations ({held} seats + {waiting} waiting) "
            f"for {successes} successes",
        ),
        ("no e-mail twice", twice == 0, f"{twice} addresses twice"),
    ]
    log("")
    log("In the database")
    log(f"  seats held   {held} of {capacity}")
    log(f"  waiting list {waiting}")
    log(f"  total        {total}")
    log(f"  mails queued {mails} (not sent: no task worker runs)")
    ok = True
    for name, passed, detail in checks:
        log(f"  {'PASS' if passed else 'FAIL'}  {name}: {detail}")
        ok &= passed
    return ok


# --------------------------------------------------------------------------
# Main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Fire concurrent sign-ups at one event over HTTP and check "
        "that its capacity holds.",
    )
    parser.add_argument(
        "--signups", type=int, default=200, help="sign-ups in all (200)"
    )
    parser.add_argument(
        "--concurrency", type=int, default=16, help="sign-ups at a time (16)"
    )
    parser.add_argument(
        "--capacity", type=int, default=50, help="seats of the event (50)"
    )
    parser.add_argument(
        "--workers", type=int, default=2, help="gunicorn sync workers (2)"
    )
    parser.add_argument("--db-name", default=DEFAULT_DB, help="database to (re)create")
    parser.add_argument(
        "--keep-db", action="store_true", help="do not drop the database at the end"
    )
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.db_name):
        parser.error("--db-name: lower-case letters, digits and _ only")
    for name in ("signups", "concurrency", "capacity", "workers"):
        if getattr(args, name) < 1:
            parser.error(f"--{name}: at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    env = signup_env(args.db_name)
    server: Server | None = None
    db_created = False
    with tempfile.TemporaryDirectory(prefix="leitbild-signups-") as tmp:
        try:
            log(f"Database {args.db_name} on {HOST}:{PG_PORT}")
            db_create(args.db_name)
            db_created = True
            for command in ("migrate", "load_muenster"):
                manage(command, env)
            django_setup(env)
            slug = event_create(args.capacity)
            django_close()
            log(f"  event /veranstaltungen/{slug}/ with {args.capacity} seats")

            server = Server(
                "portal",
                "config.wsgi:application",
                env,
                Path(tmp) / "portal.log",
                # Comes after the shared default "-w 2": the last one counts.
                extra_args=["-w", str(args.workers)],
            )
            server.start()
            server.wait_ready()
            log(f"  portal on {server.url} ({args.workers} workers)")

            report = fire(server.port, slug, args.signups, args.concurrency)
            server.stop()
            ok = print_load(report, args)
            if not ok:
                log("\nportal log (tail):\n" + server.log_tail())
            ok &= check_database(slug, args.capacity, report.successes)
        except SetupError as error:
            log(f"\nSETUP FAILED: {error}")
            return EXIT_SETUP
        except KeyboardInterrupt:
            log("\nInterrupted.")
            return 130
        finally:
            if server is not None:
                server.stop()
            django_close()
            if db_created:
                db_release(args.db_name, keep=args.keep_db)
    log("\nALL CHECKS PASSED" if ok else "\nSOME CHECKS FAILED")
    return 0 if ok else EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
