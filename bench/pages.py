"""Benchmark of the portal's public pages: throughput under load and SQL queries.

Usage, from the project root:

    .venv/bin/python bench/pages.py [--duration 10] [--pages / /impressum/ ...]
                                    [--events N] [--keep-db] [--no-load]
                                    [--no-queries]

What it does:

1. Drops and creates the PostgreSQL database ``leitbild_bench`` on
   127.0.0.1:5432 (user postgres, trust auth), then runs ``manage.py migrate``,
   ``load_muenster`` and ``load_examples`` against it.
2. Serves the portal (``config.wsgi``) and a baseline under gunicorn, two sync
   workers each, on free ports of 127.0.0.1. The baseline (``bench/baseline/``)
   is a template-only Django page without a database: one view, ``render()``
   of a small template, the portal's middleware minus sessions, auth, messages
   and allauth.
3. Checks that every page answers 200, then loads each page and the baseline
   with wrk (``-t2 -c8 --latency``) after a short warm-up.
4. Prints req/s, p50 and p99 latency per page and the ratio to the baseline.
   The bar: every page serves at least 0.5 x the baseline's requests/second.
5. Counts the SQL queries of each page in-process (Django's test Client and
   CaptureQueriesContext, same database) with 20 and with 2,000 published
   events, and those of the example draft's action field page with 2 and
   with 2,000 published contributions. The bar: the counts are equal, i.e.
   no query per row. The pages measured in Arabic and Turkish (/ar/, /tr/:
   the home page, the agenda, an event) take as many queries as in German.
6. Stops the servers and drops the database (unless ``--keep-db``).

The load test runs with the data as loaded (``--events N`` sets the number of
published events first), plus ``--contributions N`` (2,000) published
contributions on one action field of the example draft in consultation,
whose page is measured with the others (``draft-field`` in ``--pages``).
Exit status: 0 when every bar is met, 1 when a bar fails or a page does not
answer 200, 2 when wrk is missing, 3 when the setup fails (database,
migrations, servers).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
VENV_BIN = ROOT / ".venv" / "bin"
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
GUNICORN = str(VENV_BIN / "gunicorn")

HOST = "127.0.0.1"
PG_PORT = 5432
PG_USER = "postgres"
DEFAULT_DB = "leitbild_bench"
WORKERS = 2
THREADS = 2
CONNECTIONS = 8
BAR_RATIO = 0.5
EVENT_TOTALS = (20, 2000)
BENCH_SLUG_PREFIX = "bench-"
# Published contributions on one action field of the example draft (the
# issue's "field page with 2,000 published contributions"), and the two
# sizes its query count is compared at.
CONTRIBUTIONS = 2000
CONTRIBUTION_TOTALS = (2, 2000)
DRAFT_FIELD_PAGE = "draft-field"  # placeholder in --pages for that page

# Languages whose pages are measured besides German (settings.LANGUAGES).
OTHER_LANGUAGES = ("ar", "tr")
# An event's page, in German or under a language prefix (/ar/, /tr/, ...):
# its event is never deleted when the number of events is set.
EVENT_PAGE = re.compile(r"(?:/[a-z]{2})?/veranstaltungen/([^/]+)/")

DEFAULT_PAGES = [
    "/",
    "/leitbild/",
    "/leitbild/2025/",
    "/leitbild/archiv/",
    "/leitbild/vergleich/?von=2019&zu=2025",
    "/handlungsfelder/",
    "/handlungsfelder/umsetzung/",
    "/handlungsfelder/wirtschaft-und-arbeit/",
    "/veranstaltungen/",
    "/veranstaltungen/2024-10-08-workshop-ziele-weitere-handlungsfelder/",
    # An upcoming event with its sign-up form (a per-visitor CSRF token).
    "/veranstaltungen/beispiel-workshop/",
    "/veranstaltungen/?art=workshop",
    "/veranstaltungen/kalender.ics",
    "/impressum/",
    "/datenschutz/",
    "/barrierefreiheit/",
    # Open data: the API's event list and one action field's measures.
    "/api/v1/events",
    "/api/v1/measures?edition=2025&action_field=wirtschaft-und-arbeit",
    # The example draft's action field with 2,000 published contributions
    # (replaced by its address once the data is loaded), and "how to take
    # part".
    DRAFT_FIELD_PAGE,
    "/mitmachen/",
    # Other languages live under a prefix (German has none): the home page,
    # the agenda and an event with its sign-up form in Arabic (right to
    # left) and Turkish, against the same baseline and the same query bar;
    # their queries are also compared with the German page's.
    *(
        f"/{language}{path}"
        for language in OTHER_LANGUAGES
        for path in ("/", "/veranstaltungen/", "/veranstaltungen/beispiel-workshop/")
    ),
]

EXIT_FAIL = 1
EXIT_NO_WRK = 2
EXIT_SETUP = 3


class SetupError(Exception):
    """The benchmark could not be set up (database, migrations, servers)."""


def log(message: str) -> None:
    print(message, flush=True)


# --------------------------------------------------------------------------
# Environment and database


def portal_env(db_name: str) -> dict[str, str]:
    env = os.environ.copy()
    env.update(
        DATABASE_URL=f"postgres://{PG_USER}@{HOST}:{PG_PORT}/{db_name}",
        DEBUG="false",
        SECRET_KEY="bench-secret",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_COOKIES="false",
        STATIC_MANIFEST="false",
        # Measure this configuration, never the developer's .env (DEBUG on).
        ENV_FILE=os.devnull,
    )
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    return env


def pg_admin(statement) -> None:
    import psycopg

    try:
        with psycopg.connect(
            host=HOST,
            port=PG_PORT,
            user=PG_USER,
            dbname="postgres",
            autocommit=True,
            connect_timeout=5,
        ) as conn:
            conn.execute("SET statement_timeout = '60s'")
            conn.execute(statement)
    except psycopg.Error as error:
        raise SetupError(f"PostgreSQL on {HOST}:{PG_PORT}: {error}") from error


def db_drop(db_name: str) -> None:
    from psycopg import sql

    pg_admin(
        sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(db_name)
        )
    )


def db_release(db_name: str, *, keep: bool) -> None:
    """At the end of a bench: drop the database it created, or say it is kept."""
    if keep:
        log(f"\nKept database {db_name}.")
        return
    try:
        db_drop(db_name)
    except SetupError as error:
        log(f"Could not drop {db_name}: {error}")


def db_create(db_name: str) -> None:
    from psycopg import sql

    db_drop(db_name)
    pg_admin(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(db_name)))


def manage(command: str, env: dict[str, str], *args: str, timeout: float = 600) -> None:
    started = time.monotonic()
    if command == "migrate" and not args:
        args = ("-v", "0")
    try:
        result = subprocess.run(
            [PYTHON, "manage.py", command, *args],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except subprocess.TimeoutExpired as error:
        raise SetupError(f"manage.py {command} took over {timeout:.0f} s") from error
    if result.returncode != 0:
        raise SetupError(
            f"manage.py {command} failed ({result.returncode}):\n"
            f"{result.stdout[-2000:]}{result.stderr[-4000:]}"
        )
    log(f"  manage.py {command}: {time.monotonic() - started:.1f} s")


# --------------------------------------------------------------------------
# Servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


# No proxies (everything stays on 127.0.0.1), no redirects (a 301 is not 200).
OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}), NoRedirect)


def http_status(url: str, timeout: float = 10) -> int:
    try:
        with OPENER.open(url, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@dataclass
class Server:
    name: str
    app: str
    env: dict[str, str]
    log_path: Path
    extra_args: list[str] = field(default_factory=list)
    port: int = 0
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        # A port set beforehand is kept (for a SITE_URL that names it).
        self.port = self.port or free_port()
        command = [
            GUNICORN,
            self.app,
            "-w",
            str(WORKERS),
            "-b",
            f"{HOST}:{self.port}",
            "--no-control-socket",
            "--timeout",
            "30",
            "--graceful-timeout",
            "5",
            *self.extra_args,
        ]
        with open(self.log_path, "wb") as log_file:
            self.process = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SetupError(
                    f"{self.name} server exited ({self.process.returncode}):\n"
                    + self.log_tail()
                )
            try:
                http_status(self.url + "/", timeout=2)
                return
            except OSError:
                time.sleep(0.2)
        raise SetupError(f"{self.name} server did not answer within {timeout:.0f} s")

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # Our own process group (start_new_session): the master and its workers.
        pgid = self.process.pid
        for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 5)):
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=wait)
                return
            except subprocess.TimeoutExpired:
                continue

    def log_tail(self, chars: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-chars:]
        except OSError:
            return ""


def pages_failing(base_url: str, paths: list[str]) -> list[tuple[str, int]]:
    """The paths that do not answer 200, with the status each gave."""
    return [
        (path, status)
        for path in paths
        if (status := http_status(base_url + path)) != 200
    ]


def report_failing(failures: list[tuple[str, int]], server: Server) -> None:
    log("\nFAIL: pages not answering 200:")
    for path, status in failures:
        log(f"  {status}  {path}")
    log("\nportal log (tail):\n" + server.log_tail())


def note_load(consequence: str) -> None:
    """Say so when other work on the machine makes the figures noisy."""
    if os.getloadavg()[0] > 0.5 * (os.cpu_count() or 1):
        log(
            f"  note: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} "
            f"CPUs: {consequence}"
        )


# --------------------------------------------------------------------------
# wrk

WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


@dataclass
class LoadResult:
    rps: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_responses: int
    socket_errors: int


def parse_duration_ms(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text)
    if not match:
        raise ValueError(f"unexpected wrk latency {text!r}")
    return float(match[1]) * WRK_UNITS[match[2]]


def parse_wrk(output: str) -> LoadResult:
    rps = re.search(r"^Requests/sec:\s+([\d.]+)", output, re.MULTILINE)
    p50 = re.search(r"^\s+50%\s+(\S+)", output, re.MULTILINE)
    p99 = re.search(r"^\s+99%\s+(\S+)", output, re.MULTILINE)
    total = re.search(r"^\s+(\d+) requests in", output, re.MULTILINE)
    if not (rps and p50 and p99 and total):
        raise ValueError(f"could not parse wrk output:\n{output}")
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)",
        output,
    )
    return LoadResult(
        rps=float(rps[1]),
        p50_ms=parse_duration_ms(p50[1]),
        p99_ms=parse_duration_ms(p99[1]),
        requests=int(total[1]),
        bad_responses=int(bad[1]) if bad else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def wrk(wrk_path: str, url: str, duration: float, latency: bool = True) -> str:
    seconds = max(1, round(duration))
    command = [
        wrk_path,
        f"-t{THREADS}",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "5s",
    ]
    if latency:
        command.append("--latency")
    result = subprocess.run(
        [*command, url],
        capture_output=True,
        text=True,
        timeout=seconds + 30,
        stdin=subprocess.DEVNULL,
    )
    if result.returncode != 0:
        raise SetupError(f"wrk failed on {url}:\n{result.stdout}{result.stderr}")
    return result.stdout


def measure(wrk_path: str, url: str, duration: float, warmup: float) -> LoadResult:
    if warmup > 0:
        wrk(wrk_path, url, warmup, latency=False)
    return parse_wrk(wrk(wrk_path, url, duration))


# --------------------------------------------------------------------------
# Query counts (in-process, Django test Client)


def django_setup(env: dict[str, str]) -> None:
    import warnings

    import django

    # WhiteNoise warns once that STATIC_ROOT (var/static) does not exist yet.
    warnings.filterwarnings("ignore", message="No directory at")

    os.environ.update(env)
    hosts = os.environ["ALLOWED_HOSTS"].split(",")
    if "testserver" not in hosts:
        os.environ["ALLOWED_HOSTS"] = ",".join([*hosts, "testserver"])
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    django.setup()


def django_close() -> None:
    if "django.db" in sys.modules:
        from django.db import connections

        connections.close_all()


def published_count() -> int:
    from events.models import Event

    return Event.objects.published().count()


def events_set_total(total: int, keep_slugs: set[str]) -> int:
    """Add or delete published events so that exactly `total` are published.

    Deletes the benchmark's own events first, then others, never those whose
    pages are measured. Returns the new total."""
    from django.db import transaction
    from django.utils import timezone

    from core.models import City
    from events.models import Event, Process, Venue
    from events.services import EXAMPLE_PROCESS_SLUG
    from handlungsfelder.models import ActionField

    published = Event.objects.published()
    count = published.count()
    with transaction.atomic():
        if count > total:
            surplus = count - total
            own = published.filter(slug__startswith=BENCH_SLUG_PREFIX)
            others = published.exclude(slug__startswith=BENCH_SLUG_PREFIX).exclude(
                slug__in=keep_slugs
            )
            ids = list(own.order_by("-id").values_list("id", flat=True)[:surplus])
            if len(ids) < surplus:
                ids += list(
                    others.order_by("-id").values_list("id", flat=True)[
                        : surplus - len(ids)
                    ]
                )
            Event.objects.filter(id__in=ids).delete()
        elif count < total:
            city = City.objects.current()
            # The city's real process (not the one of the example events).
            process = (
                Process.objects.filter(city=city)
                .exclude(slug=EXAMPLE_PROCESS_SLUG)
                .order_by("-start_year")
                .first()
            ) or Process.objects.filter(city=city).first()
            if process is None:
                raise SetupError("No process to attach benchmark events to.")
            phases = [*process.phases.all(), None]
            venues = [*Venue.objects.filter(city=city), None]
            fields = list(ActionField.objects.filter(edition__city=city))
            types = Event.Type.values
            missing = total - count
            stamp = timezone.now().strftime("%H%M%S%f")
            base = timezone.now().replace(minute=0, second=0, microsecond=0)
            events = []
            for i in range(missing):
                start = base + dt.timedelta(hours=13 * (i - missing // 2) + 1)
                events.append(
                    Event(
                        process=process,
                        phase=phases[i % len(phases)],
                        type=types[i % len(types)],
                        title=f"Bench-Veranstaltung {i + 1}",
                        slug=f"{BENCH_SLUG_PREFIX}{stamp}-{i:05d}",
                        description="Eine **Testveranstaltung** des Benchmarks.",
                        start=start,
                        end=start + dt.timedelta(hours=2, minutes=30),
                        venue=venues[i % len(venues)],
                        capacity=None if i % 3 else 30,
                        is_published=True,
                    )
                )
            Event.objects.bulk_create(events, batch_size=500)
            if fields:
                through = Event.action_fields.through
                links = []
                for i, event in enumerate(events):
                    first = i % len(fields)
                    chosen = {first}
                    if len(fields) > 1 and i % 2 == 0:
                        chosen.add((first + 1 + i % (len(fields) - 1)) % len(fields))
                    links += [
                        through(event_id=event.pk, actionfield_id=fields[n].pk)
                        for n in chosen
                    ]
                through.objects.bulk_create(links, batch_size=1000)
    return published.count()


def draft_field_page() -> str:
    """The address of the example draft's action field that the benchmark
    fills with contributions: the one the example workshop works on (a
    measured page, so its events stay whatever the number of events)."""
    from handlungsfelder.models import ActionField

    fields = (
        ActionField.objects.filter(
            edition__is_example=True, edition__status="consultation"
        )
        .select_related("edition")
        .order_by("order", "pk")
    )
    field = fields.filter(events__slug="beispiel-workshop").first() or fields.first()
    if field is None:
        raise SetupError("load_examples made no draft edition in consultation")
    return f"/leitbild/{field.edition.year}/handlungsfelder/{field.slug}/"


def contributions_set_total(total: int) -> int:
    """Make exactly `total` contributions published on the draft field the
    benchmark measures (created in bulk, as confirmed comments, some with
    supporters and answers). Returns the new total."""
    from django.db import transaction
    from django.utils import timezone

    from contributions.models import Contribution
    from handlungsfelder.models import ActionField
    from registrations.models import District, StakeholderGroup

    year, slug = draft_field_page().strip("/").split("/")[1::2]
    field = ActionField.objects.get(edition__year=year, slug=slug)
    on_field = Contribution.objects.filter(action_field=field)
    public = on_field.public()
    with transaction.atomic():
        count = public.count()
        if count > total:
            ids = list(public.order_by("-id").values_list("id", flat=True))
            on_field.filter(id__in=ids[: count - total]).delete()
        elif count < total:
            now = timezone.now()
            groups = [*StakeholderGroup.objects.filter(city=field.edition.city), None]
            districts = [*District.objects.filter(city=field.edition.city), None]
            states = [
                Contribution.State.PUBLISHED,
                Contribution.State.PUBLISHED,
                Contribution.State.NOT_TAKEN_UP,
            ]
            rows = []
            for i in range(total - count):
                state = states[i % len(states)]
                when = now - dt.timedelta(minutes=i)
                rows.append(
                    Contribution(
                        edition=field.edition,
                        action_field=field,
                        body=f"Bench-Beitrag {i + 1}: eine **Idee** für das Feld.",
                        author_name=f"Bench {i + 1}",
                        email=f"bench{i + 1}@example.org",
                        stakeholder_group=groups[i % len(groups)],
                        district=districts[i % len(districts)],
                        consent_at=when,
                        confirmed_at=when,
                        published_at=when,
                        state_changed_at=when,
                        state=state,
                        reason="Bereits enthalten." if i % 3 == 2 else "",
                        answer="Danke für die Anregung." if i % 5 == 0 else "",
                        answered_at=when if i % 5 == 0 else None,
                        support_count=i % 7,
                    )
                )
            Contribution.objects.bulk_create(rows, batch_size=500)
    return public.count()


@dataclass
class QueryCount:
    status: int
    queries: int
    ms: float
    sql: list[str]


def count_queries(client, path: str) -> QueryCount:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.cache import content_changed

    client.get(path)  # warm caches (the city is cached in Django's cache)
    # Count what rendering the page costs, not a hit of the page cache: a new
    # content version makes the next request render again.
    content_changed()
    with CaptureQueriesContext(connection) as context:
        started = time.perf_counter()
        response = client.get(path)
        elapsed = (time.perf_counter() - started) * 1000
    return QueryCount(
        status=response.status_code,
        queries=len(context.captured_queries),
        ms=elapsed,
        sql=[query["sql"] for query in context.captured_queries],
    )


def sql_shape(sql: str) -> str:
    shape = re.sub(r"'[^']*'", "?", sql)
    shape = re.sub(r"\b\d+\b", "?", shape)
    return re.sub(r"\(\?(, \?)*\)", "(…)", shape)


def run_query_counts(pages: list[str]) -> bool:
    from django.test import Client

    keep = {match[1] for page in pages if (match := EVENT_PAGE.fullmatch(page))}
    client = Client(raise_request_exception=False)
    results: dict[int, dict[str, QueryCount]] = {}
    for total in EVENT_TOTALS:
        started = time.monotonic()
        reached = events_set_total(total, keep)
        log(
            f"  {reached} published events "
            f"(set up in {time.monotonic() - started:.1f} s)"
        )
        if reached != total:
            raise SetupError(f"could not reach {total} published events")
        results[total] = {path: count_queries(client, path) for path in pages}

    ok = _query_table(pages, results, EVENT_TOTALS, "published events")
    ok &= _language_table(pages, results[EVENT_TOTALS[-1]])
    field_page = draft_field_page()
    if field_page in pages:
        by_size: dict[int, dict[str, QueryCount]] = {}
        for total in CONTRIBUTION_TOTALS:
            reached = contributions_set_total(total)
            log(f"  {reached} published contributions on {field_page}")
            if reached != total:
                raise SetupError(f"could not reach {total} contributions")
            by_size[total] = {field_page: count_queries(client, field_page)}
        ok &= _query_table(
            [field_page], by_size, CONTRIBUTION_TOTALS, "published contributions"
        )
    return ok


def _query_table(
    pages: list[str],
    results: dict[int, dict[str, QueryCount]],
    totals: tuple[int, int],
    what: str,
) -> bool:
    """Print the query counts at two sizes; True when none grows."""
    low, high = totals
    width = max(len(path) for path in pages)
    log("")
    log(f"SQL queries per page ({low} vs {high:,} {what})")
    header = (
        f"{'page':<{width}}  {f'q@{low}':>6}  {f'q@{high}':>7}  "
        f"{f'ms@{low}':>7}  {f'ms@{high}':>8}  bar"
    )
    log(header)
    log("-" * len(header))
    ok = True
    for path in pages:
        a, b = results[low][path], results[high][path]
        if a.status != 200 or b.status != 200:
            verdict = f"FAIL (HTTP {a.status}/{b.status})"
        elif a.queries == b.queries:
            verdict = "PASS"
        else:
            verdict = "FAIL"
        ok &= verdict == "PASS"
        log(
            f"{path:<{width}}  {a.queries:>6}  {b.queries:>7}  "
            f"{a.ms:>7.1f}  {b.ms:>8.1f}  {verdict}"
        )
    for path in pages:
        a, b = results[low][path], results[high][path]
        if a.status == b.status == 200 and a.queries != b.queries:
            log(f"\n{path}: most repeated queries at {high:,} events")
            for shape, times in Counter(map(sql_shape, b.sql)).most_common(3):
                log(f"  {times:>5} x {shape[:300]}")
    return ok


def _language_table(pages: list[str], counts: dict[str, QueryCount]) -> bool:
    """Print the queries of each page under a language prefix beside its
    German page's (measured too); True when they are equal: a translation
    is a column of the same rows, never a query more."""
    pairs = []
    for path in pages:
        match = re.fullmatch(r"/([a-z]{2})(/.*)", path)
        if match and match[1] in OTHER_LANGUAGES and match[2] in counts:
            pairs.append((path, match[2]))
    if not pairs:
        return True
    width = max(len(path) for path, _german in pairs)
    log("")
    log("SQL queries per language (the page in German, without a prefix)")
    header = f"{'page':<{width}}  {'q':>4}  {'q de':>5}  bar"
    log(header)
    log("-" * len(header))
    ok = True
    for path, german in pairs:
        a, b = counts[path], counts[german]
        if a.status != 200 or b.status != 200:
            verdict = f"FAIL (HTTP {a.status}/{b.status})"
        else:
            verdict = "PASS" if a.queries == b.queries else "FAIL"
        ok &= verdict == "PASS"
        log(f"{path:<{width}}  {a.queries:>4}  {b.queries:>5}  {verdict}")
    return ok


# --------------------------------------------------------------------------
# Main


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Load-test the portal's public pages against a template-only "
        "baseline and count their SQL queries.",
    )
    parser.add_argument(
        "--duration", type=float, default=10, help="seconds of load per page (10)"
    )
    parser.add_argument(
        "--warmup", type=float, default=2, help="seconds of warm-up per page (2)"
    )
    parser.add_argument(
        "--pages", nargs="+", default=DEFAULT_PAGES, metavar="PATH",
        help="paths to measure (default: all public pages)",
    )  # fmt: skip
    parser.add_argument("--db-name", default=DEFAULT_DB, help="database to (re)create")
    parser.add_argument(
        "--events", type=int, metavar="N",
        help="published events during the load test (default: as loaded)",
    )  # fmt: skip
    parser.add_argument(
        "--contributions", type=int, default=CONTRIBUTIONS, metavar="N",
        help="published contributions on the draft field page during the load "
        f"test ({CONTRIBUTIONS})",
    )  # fmt: skip
    parser.add_argument(
        "--keep-db", action="store_true", help="do not drop the database at the end"
    )
    parser.add_argument("--no-load", action="store_true", help="skip the wrk part")
    parser.add_argument(
        "--no-queries", action="store_true", help="skip the query counts"
    )
    args = parser.parse_args(argv)
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", args.db_name):
        parser.error("--db-name: lower-case letters, digits and _ only")
    for path in args.pages:
        if not path.startswith("/") and path != DRAFT_FIELD_PAGE:
            parser.error(f"--pages: {path!r} must start with /")
    if args.duration <= 0 or args.duration > 600:
        parser.error("--duration: between 0 and 600 seconds")
    if args.warmup < 0 or args.warmup > 60:
        parser.error("--warmup: between 0 and 60 seconds")
    return args


def load_test(args, env: dict[str, str], wrk_path: str, tmp: Path, servers) -> bool:
    portal = Server("portal", "config.wsgi:application", env, tmp / "portal.log")
    baseline_env = {**env, "DJANGO_SETTINGS_MODULE": "baseline.settings"}
    baseline = Server(
        "baseline",
        "baseline.wsgi:application",
        baseline_env,
        tmp / "baseline.log",
        extra_args=["--pythonpath", str(BENCH_DIR)],
    )
    servers += [portal, baseline]
    for server in servers:
        server.start()
    for server in servers:
        server.wait_ready()
        log(f"  {server.name} on {server.url} ({WORKERS} workers)")

    failures = pages_failing(portal.url, args.pages)
    if http_status(baseline.url + "/") != 200:
        failures.append(("baseline /", http_status(baseline.url + "/")))
    if failures:
        report_failing(failures, portal)
        return False

    log(
        f"\nwrk -t{THREADS} -c{CONNECTIONS} -d{args.duration:g}s --latency "
        f"(warm-up {args.warmup:g} s)"
    )
    note_load("other work is running, figures will be noisy")
    # The baseline before and after the pages, against drift in machine load.
    before = measure(wrk_path, baseline.url + "/", args.duration, args.warmup)
    rows = []
    for path in args.pages:
        result = measure(wrk_path, portal.url + path, args.duration, args.warmup)
        rows.append((path, result))
    after = measure(wrk_path, baseline.url + "/", args.duration, args.warmup)
    reference = (before.rps + after.rps) / 2

    label = "baseline (template only)"
    width = max(len(label) + 9, *(len(p) for p in args.pages))
    header = (
        f"{'page':<{width}}  {'req/s':>8}  {'p50 ms':>7}  {'p99 ms':>7}  "
        f"{'ratio':>5}  bar (>= {BAR_RATIO} x baseline)"
    )
    log("")
    log(header)
    log("-" * len(header))
    for name, result in ((f"{label}, before", before), (f"{label}, after", after)):
        log(
            f"{name:<{width}}  {result.rps:>8.1f}  {result.p50_ms:>7.2f}  "
            f"{result.p99_ms:>7.2f}  {result.rps / reference:>5.2f}"
        )
    ok = True
    for result in (before, after):
        if result.bad_responses or result.socket_errors:
            log("FAIL: the baseline had errors under load")
            ok = False
    for path, result in rows:
        ratio = result.rps / reference if reference else 0.0
        verdict = "PASS" if ratio >= BAR_RATIO else "FAIL"
        if result.bad_responses or result.socket_errors:
            verdict = (
                f"FAIL ({result.bad_responses} non-2xx, "
                f"{result.socket_errors} socket errors)"
            )
        ok &= verdict == "PASS"
        log(
            f"{path:<{width}}  {result.rps:>8.1f}  {result.p50_ms:>7.2f}  "
            f"{result.p99_ms:>7.2f}  {ratio:>5.2f}  {verdict}"
        )
    log(f"(ratio: to the mean baseline, {reference:.1f} req/s)")
    if abs(before.rps - after.rps) > 0.2 * reference:
        log("  note: the baseline drifted by over 20 %: the machine load changed")
    return ok


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    wrk_path = shutil.which("wrk")
    if wrk_path is None and Path("/usr/bin/wrk").exists():
        wrk_path = "/usr/bin/wrk"
    if not args.no_load and wrk_path is None:
        log("wrk is not installed. Install it with:\n  apt-get install -y wrk")
        return EXIT_NO_WRK

    def on_term(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    env = portal_env(args.db_name)
    servers: list[Server] = []
    ok = True
    db_created = False
    with tempfile.TemporaryDirectory(prefix="leitbild-bench-") as tmp:
        try:
            log(f"Database {args.db_name} on {HOST}:{PG_PORT}")
            db_create(args.db_name)
            db_created = True
            for command in ("migrate", "load_muenster", "load_examples"):
                manage(command, env)
            django_setup(env)
            args.pages = [
                draft_field_page() if path == DRAFT_FIELD_PAGE else path
                for path in args.pages
            ]
            if draft_field_page() in args.pages:
                reached = contributions_set_total(args.contributions)
                log(f"  {reached} published contributions on {draft_field_page()}")
            if args.events is not None:
                keep = {m[1] for p in args.pages if (m := EVENT_PAGE.fullmatch(p))}
                events_set_total(args.events, keep)
            log(f"  {published_count()} published events")
            django_close()

            if not args.no_load:
                ok &= load_test(args, env, wrk_path, Path(tmp), servers)
                for server in servers:
                    server.stop()
            if not args.no_queries:
                ok &= run_query_counts(args.pages)
        except SetupError as error:
            log(f"\nSETUP FAILED: {error}")
            return EXIT_SETUP
        except KeyboardInterrupt:
            log("\nInterrupted.")
            return 130
        finally:
            for server in servers:
                server.stop()
            django_close()
            if db_created:
                db_release(args.db_name, keep=args.keep_db)
    log("\nALL BARS MET" if ok else "\nSOME BARS FAILED")
    return 0 if ok else EXIT_FAIL


if __name__ == "__main__":
    sys.exit(main())
