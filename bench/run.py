"""`make bench`: the portal's figures beside their baselines, measured in one run.

On a shared 2-core machine absolute times drift from run to run; a figure next to a baseline
measured in the same run, the same way, means something. So each row of the table is a ratio:

- page server time (in-process, through the whole middleware stack, django.test.Client) against
  /healthz, with the demo data and with a large data set (20 years of results, 500 action
  items, 5,000 progress updates), and the page's SQL query count;
- throughput under gunicorn (2 workers, deploy/gunicorn.conf.py) with wrk on loopback (or a
  bounded Python load generator without wrk) against /healthz's;
- the report PDF: a cold render through the view against WeasyPrint rendering the same HTML
  from a file; a cached download against /healthz;
- the plan's 6-month results report with the large data set (500 items, 5,000 updates): the
  published page cached and just after a change against /healthz, its PDF cold through the
  view against WeasyPrint alone and cached against /healthz; the plan page at 500 items;
- a 5,000-row score spreadsheet checked by the import service against openpyxl only reading it;
  load_demo against load_demo finding the year already there;
- the OIT demo year: /actions/ with its panel and the readiness page kept, against /healthz;
  a nightly check of 78 URLs on a local server answering in 50 ms, against the sum of those.

In-process figures use a throwaway SQLite file; throughput uses a throwaway PostgreSQL 15 cluster
when run as root with the server binaries present (as .ci/run does), SQLite otherwise. The table
goes to stdout and to bench/results.md. Exits non-zero only when the bench could not run.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import common  # noqa: E402
from bench.common import log  # noqa: E402

WORKDIR = Path(tempfile.mkdtemp(prefix="ita-bench."))
os.environ.update(common.django_env(f"sqlite:///{WORKDIR / 'bench.sqlite3'}", WORKDIR))

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

YEAR = 2568
REPORT = f"/reports/{YEAR}/"
PDF = f"/reports/{YEAR}/report.pdf"
THROUGHPUT_SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = 8

rows = []  # (figure, value, baseline, ratio, note)
facts = []


def row(figure, value, baseline, ratio, note=""):
    rows.append((figure, value, baseline, ratio, note))
    log(f"{figure}: {value} vs {baseline} = {ratio} {note}")


def against_healthz(figure, seconds, base, note=""):
    """A row of a server time beside /healthz's (`base`), measured in the same run."""
    row(figure, ms(seconds), f"/healthz {ms(base)}", f"{seconds / base:.1f}×", note)


def ms(seconds):
    return f"{seconds * 1000:.2f} ms" if seconds < 1 else f"{seconds:.2f} s"


def p95(samples):
    return statistics.quantiles(samples, n=20)[-1]


def timed(fn):
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


def interleaved(client, urls, rounds):
    """Server times of each URL, requested in turn round after round, so that a noisy neighbour
    slows them all alike. Returns {url: [seconds]} and {url: query count}."""
    for url in urls:  # warm caches, template loaders, connections
        assert client.get(url).status_code == 200, url
    times = {url: [] for url in urls}
    for _ in range(rounds):
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            times[url].append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
    queries = {}
    for url in urls:
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        queries[url] = len(q)
    return times, queries


def page_rows(label, rounds):
    client = Client()
    urls = ["/healthz", REPORT, f"/reports/{YEAR}/plan/"]
    times, queries = interleaved(client, urls, rounds)
    base = times["/healthz"]
    base_med, base_p95 = statistics.median(base), p95(base)
    for url, name in [(REPORT, "report page"), (f"/reports/{YEAR}/plan/", "plan progress page")]:
        med, high = statistics.median(times[url]), p95(times[url])
        against_healthz(f"{name}, {label}: median server time", med, base_med)
        against_healthz(f"{name}, {label}: p95 server time", high, base_p95)
        row(
            f"{name}, {label}: SQL queries",
            str(queries[url]),
            f"/healthz {queries['/healthz']}",
            f"{queries[url] / max(1, queries['/healthz']):.0f}×",
        )
    # The same page when its cache has just been emptied (the first request after a change).
    from django.core.cache import cache

    misses = []
    for _ in range(max(10, rounds // 5)):
        cache.clear()
        started = time.perf_counter()
        client.get(REPORT)
        misses.append(time.perf_counter() - started)
    cache.clear()
    with CaptureQueriesContext(connection) as q:
        client.get(REPORT)
    med = statistics.median(misses)
    against_healthz(
        f"report page, {label}: first request after a change (rendered), median",
        med,
        base_med,
        f"{len(q)} queries",
    )
    return queries[REPORT]


# ---------------------------------------------------------------- the OIT tracker


def oit_rows(rounds=100):
    """The OIT demo year (load_oit_demo): /actions/ with the tracker's panel and the readiness
    page, kept (core.private_pages), against /healthz; and a nightly check of 26 items × 3 URLs
    against a local server that answers each in 50 ms, against the sum of those 50 ms."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    from django.conf import settings
    from django.contrib.auth import get_user_model

    from actionplans.models import Division
    from oit.checks import CONCURRENCY, check_links
    from oit.models import OitLink, OitTracker

    call_command("load_oit_demo", verbosity=0)
    user_model = get_user_model()
    staff = user_model.objects.create_user("bench-staff", is_staff=True, is_superuser=True)
    head = user_model.objects.create_user("bench-head")
    Division.objects.get(name="งานธุรการ").heads.add(head)
    readiness = "/actions/oit/2569/readiness/"
    for who, user, url in [("head", head, "/actions/"), ("staff", staff, readiness)]:
        client = Client()
        client.force_login(user)
        times, queries = interleaved(client, ["/healthz", url], rounds)
        base = statistics.median(times["/healthz"])
        name = "actions page with the OIT panel" if url == "/actions/" else "OIT readiness page"
        against_healthz(
            f"{name} ({who}), kept: median server time",
            statistics.median(times[url]),
            base,
            f"{queries[url]} queries (the sign-in's)",
        )

    delay = 0.05

    class Slow(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            time.sleep(delay)
            body = "<p>รายงาน ปีงบประมาณ พ.ศ. ๒๕๖๙</p>".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.OIT_LINKCHECK_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    settings.OIT_LINKCHECK_HOSTS = {"donsak.test": "127.0.0.1"}
    tracker = OitTracker.objects.get(assessment__fiscal_year=2569)
    ids = [
        OitLink.objects.create(
            item=item, url=f"http://donsak.test:{server.server_address[1]}/{item.pk}/{n}"
        ).pk
        for item in tracker.items.all()
        for n in range(3)
    ]
    took, checks = timed(lambda: check_links(ids))
    server.shutdown()
    server.server_close()
    own = len(ids) * delay
    row(
        f"nightly OIT check, {len(ids)} URLs at {delay * 1000:.0f} ms each",
        ms(took),
        f"sum of the server's times {ms(own)}",
        f"{took / own:.2f}×",
        f"{CONCURRENCY} at a time; {sum(c.verdict == 'ok' for c in checks)} good",
    )


# ---------------------------------------------------------------- the large data set


def make_large_dataset(years=20, items=500, updates=5000):
    """Copies the demo year into earlier years until there are `years` of results, then gives
    the demo year's plan `items` action items with `updates` progress updates among them."""
    from django.contrib.auth import get_user_model

    from actionplans.models import ActionItem, PlanMethod, PlanTopic, ProgressUpdate
    from assessments.models import (
        Assessment,
        Finding,
        Guideline,
        IndicatorScore,
        QuestionScore,
        ToolScore,
    )

    demo = Assessment.objects.get(fiscal_year=YEAR)
    through = Finding.questions.through
    owners_through = PlanTopic.owners.through
    for n in range(1, years):
        a = Assessment.objects.get(pk=demo.pk)
        a.pk, a.id, a.fiscal_year = None, None, YEAR - n
        a.save()
        for model in (QuestionScore, IndicatorScore, ToolScore, Guideline):
            copies = []
            for obj in model.objects.filter(assessment=demo):
                obj.pk, obj.id, obj.assessment = None, None, a
                copies.append(obj)
            model.objects.bulk_create(copies)
        for f in Finding.objects.filter(assessment=demo).prefetch_related("questions"):
            questions = list(f.questions.all())
            f.pk, f.id, f.assessment = None, None, a
            f.save()
            through.objects.bulk_create(through(finding=f, question=q) for q in questions)
        for t in PlanTopic.objects.filter(assessment=demo).prefetch_related(
            "methods", "items", "owners"
        ):
            methods, steps = list(t.methods.all()), list(t.items.all())
            owners = list(t.owners.all())
            t.pk, t.id, t.assessment = None, None, a
            t.start_date = t.start_date.replace(year=t.start_date.year - n)
            t.end_date = t.end_date.replace(year=t.end_date.year - n)
            t.save()
            owners_through.objects.bulk_create(
                owners_through(plantopic=t, division=d) for d in owners
            )
            for m in methods:
                m.pk, m.id, m.topic = None, None, t
            PlanMethod.objects.bulk_create(methods)
            for s in steps:
                s.pk, s.id, s.topic, s.due_date = None, None, t, t.end_date
                s.status = ActionItem.Status.DONE
                s.percent = 100
            ActionItem.objects.bulk_create(steps)

    topics = list(PlanTopic.objects.filter(assessment=demo).prefetch_related("items", "owners"))
    existing = sum(len(t.items.all()) for t in topics)
    new = []
    for i in range(items - existing):
        topic = topics[i % len(topics)]
        number = len(topic.items.all()) + 1 + i // len(topics)
        new.append(
            ActionItem(
                topic=topic,
                number=number,
                text=f"ขั้นตอนเพิ่มเติมที่ {number}: จัดทำและเผยแพร่ข้อมูลตามแผน พร้อมรายงานผลต่อผู้บริหาร",
                owner=topic.owners.all()[0],
                due_date=topic.end_date,
            )
        )
    ActionItem.objects.bulk_create(new)
    author = get_user_model().objects.create_user("bench-head", password=None)
    plan_items = list(ActionItem.objects.filter(topic__assessment=demo))
    start = datetime(2025, 10, 1, 9, 0, tzinfo=UTC)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            item=plan_items[k % len(plan_items)],
            author=author,
            created_at=start + timedelta(days=k % 300, minutes=k),
            status=ActionItem.Status.IN_PROGRESS,
            percent=min(99, k % 100),
            public_summary=f"ดำเนินการแล้ว ร้อยละ {k % 100} ตามแผน",
        )
        for k in range(updates)
    )
    # Written with bulk_create, which no signal sees: the kept pages are dropped as a service
    # that writes in bulk does it (publishing.caching).
    from publishing import caching

    caching.invalidate()
    return {
        "years": Assessment.objects.count(),
        "items": ActionItem.objects.filter(topic__assessment=demo).count(),
        "all_items": ActionItem.objects.count(),
        "updates": ProgressUpdate.objects.count(),
    }


# ---------------------------------------------------------------- the PDF


def weasy_reading(html_file):
    """WeasyPrint alone, reading our HTML from a file with the portal's asset fetcher: what a
    PDF row is measured against."""
    import weasyprint

    from publishing import pdf

    return weasyprint.HTML(
        filename=str(html_file), base_url=pdf.BASE_URL, url_fetcher=pdf.LocalFetcher()
    )


def pdf_rows():
    from django.conf import settings
    from django.template.loader import render_to_string

    from assessments.models import Assessment
    from publishing import documents, pdf

    client = Client()
    cache_dir = Path(settings.MEDIA_ROOT) / pdf.CACHE_DIR
    assessment = Assessment.objects.select_related("organization", "framework").get(
        fiscal_year=YEAR
    )
    html_file = WORKDIR / "report.html"

    def html():
        return render_to_string("publishing/report_pdf.html", documents.report_context(assessment))

    html_file.write_text(html(), encoding="utf-8")

    def ours():
        shutil.rmtree(cache_dir, ignore_errors=True)
        response = client.get(PDF)
        assert response.status_code == 200
        return response.content

    def weasy_only():
        return weasy_reading(html_file).write_pdf()

    ours()  # the first render in a process also loads fonts and pythainlp: not counted
    weasy_only()
    cold, plain = [], []
    for _ in range(3):
        cold.append(timed(ours)[0])
        plain.append(timed(weasy_only)[0])
    document = weasy_reading(html_file).render()
    pages = len(document.pages)
    html_times = [timed(html)[0] for _ in range(10)]
    layout = [timed(lambda: weasy_reading(html_file).render())[0] for _ in range(2)]
    write = [timed(document.write_pdf)[0] for _ in range(2)]
    cold_med, plain_med = statistics.median(cold), statistics.median(plain)
    row(
        f"report PDF ({pages} pages): cold render through the view",
        ms(cold_med),
        f"WeasyPrint alone, same HTML from a file {ms(plain_med)}",
        f"{cold_med / plain_med:.2f}×",
        f"our HTML {ms(statistics.median(html_times))}; WeasyPrint layout "
        f"{ms(statistics.median(layout))} + PDF output {ms(statistics.median(write))}",
    )
    facts.append(f"report PDF: {pages} pages, {len(ours()) // 1024} KiB")

    ours()
    times, _ = interleaved(client, ["/healthz", PDF], 100)
    med, base = statistics.median(times[PDF]), statistics.median(times["/healthz"])
    against_healthz("report PDF: cached download, median server time", med, base)
    return pages


# ---------------------------------------------------------------- the results report


RESULTS = f"/reports/{YEAR}/results/6m/"
RESULTS_PDF = f"/reports/{YEAR}/results/6m.pdf"


def results_rows():
    """The 6-month results report of the large plan (500 items, 5,000 updates): published
    (frozen) page and PDF, cold and cached, against /healthz and WeasyPrint alone; the staff
    preview computed live; the plan page's first request after a change."""
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.template.loader import render_to_string

    from actionplans.models import ResultsRound
    from assessments.models import Assessment
    from publishing import pdf
    from publishing.rounds import find_round, results_round_publish, round_context

    assessment = Assessment.objects.select_related("organization", "framework").get(
        fiscal_year=YEAR
    )
    # the memo's ที่ and วันที่, without which a round is not published
    rnd = ResultsRound(
        assessment=assessment,
        kind="6m",
        memo_reference_no="สฎ ๕๒๙๐๘/๑๒๐",
        memo_date=date(2026, 4, 30),
    )
    rnd.full_clean()
    rnd.save()
    publish_t, _ = timed(lambda: results_round_publish(rnd=rnd))
    rnd = find_round(assessment, "6m", rnd.cutoff)
    snap = rnd.snapshot["results"]
    summaries = sum(len(i["summaries"]) for t in snap["topics"] for i in t["items"])
    facts.append(
        f"results report 6m of the large plan: {snap['totals']['count']} items, {summaries:,} "
        f"public summaries up to the cut-off; publishing (computing and freezing) took "
        f"{ms(publish_t)}"
    )

    client = Client()
    staff = Client()
    bench_staff = get_user_model().objects.create_user("bench-staff", is_staff=True)
    # Previews need the permission to view years and rounds (issue 19): the ITA staff group.
    from django.apps import apps as django_apps

    from core.roles import staff_group_grant

    bench_staff.groups.add(staff_group_grant(django_apps))
    staff.force_login(bench_staff)

    # A staff preview of a round not yet published (12m): computed live on every request.
    preview = f"/reports/{YEAR}/results/12m/"
    live = [timed(lambda: staff.get(preview))[0] for _ in range(5)]
    with CaptureQueriesContext(connection) as q:
        staff.get(preview)
    live_queries = len(q)

    times, queries = interleaved(client, ["/healthz", RESULTS], 40)
    base = statistics.median(times["/healthz"])
    med = statistics.median(times[RESULTS])
    against_healthz(
        "results page 6m (500 items, 5,000 updates): cached, median server time",
        med,
        base,
        f"{queries[RESULTS]} queries",
    )
    cold = []
    for _ in range(10):
        cache.clear()
        cold.append(timed(lambda: client.get(RESULTS))[0])
    cache.clear()
    with CaptureQueriesContext(connection) as q:
        client.get(RESULTS)
    med_cold = statistics.median(cold)
    against_healthz(
        "results page 6m: first request after a change (rendered from the frozen figures)",
        med_cold,
        base,
        f"{len(q)} queries; the staff preview computing the figures live "
        f"{ms(statistics.median(live))} ({live_queries} queries)",
    )

    cache_dir = Path(settings.MEDIA_ROOT) / pdf.CACHE_DIR
    html_file = WORKDIR / "results.html"
    html_file.write_text(
        render_to_string(
            "publishing/results/results_pdf.html",
            round_context(assessment, "6m", rnd.cutoff, rnd),
        ),
        encoding="utf-8",
    )

    def ours():
        shutil.rmtree(cache_dir, ignore_errors=True)
        cache.clear()
        response = client.get(RESULTS_PDF)
        assert response.status_code == 200
        return response.content

    def weasy_only():
        return weasy_reading(html_file).write_pdf()

    # One render each: a long document takes long on a shared machine, and the ratio of the
    # two, taken back to back, is what the row says.
    cold_t, data = timed(ours)
    plain_t, _ = timed(weasy_only)
    pages = _pdf_pages(data)
    row(
        f"results PDF 6m ({pages} pages): cold render through the view",
        ms(cold_t),
        f"WeasyPrint alone, same HTML from a file {ms(plain_t)}",
        f"{cold_t / plain_t:.2f}×",
        f"{len(data) // 1024} KiB",
    )
    times, _ = interleaved(client, ["/healthz", RESULTS_PDF], 60)
    med, base = statistics.median(times[RESULTS_PDF]), statistics.median(times["/healthz"])
    against_healthz("results PDF 6m: cached download, median server time", med, base)

    plan = f"/reports/{YEAR}/plan/"
    misses = []
    for _ in range(10):
        cache.clear()
        misses.append(timed(lambda: client.get(plan))[0])
    cache.clear()
    med = statistics.median(misses)
    against_healthz(
        "plan progress page (500 items): first request after a change (rendered), median",
        med,
        base,
    )


def _pdf_pages(data):
    """The page count by poppler's pdfinfo, or "?" where it is not installed."""
    path = WORKDIR / "count.pdf"
    path.write_bytes(data)
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return "?"
    for line in out.stdout.splitlines():
        if line.startswith("Pages:"):
            return line.split()[-1]
    return "?"


# ---------------------------------------------------------------- import and load_demo


def import_rows():
    from django.core.exceptions import ValidationError
    from openpyxl import load_workbook

    from assessments.models import Assessment
    from tests.frameworks import xlsx_bytes
    from tests.import_helpers import import_scores

    assessment = Assessment.objects.get(fiscal_year=YEAR)
    codes = list(assessment.question_scores.values_list("question__code", "score"))
    sheet = [["รหัสข้อ", "คะแนน"]] + [
        [codes[i % len(codes)][0], str(codes[i % len(codes)][1])] for i in range(5000)
    ]
    data = xlsx_bytes({"s": sheet})

    def check():
        try:
            # What the admin's preview does: the guarded format, then the resource's dry run.
            import_scores(assessment, data, dry_run=True)
        except ValidationError as e:
            return len(e.messages)
        return 0

    def read_only():
        import io

        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        return sum(1 for _ in wb.active.iter_rows(values_only=True))

    ours, plain = [], []
    messages = 0
    # Nine rounds, not three: a full garbage collection of the whole process (about 70 ms here)
    # lands on whichever call sets it off, and the file's 5,000 rows set one off every other
    # call or so; the median of three swung from 1.0× to 2.4× between runs of the same code.
    for _ in range(9):
        t, messages = timed(check)
        ours.append(t)
        plain.append(timed(read_only)[0])
    med, base = statistics.median(ours), statistics.median(plain)
    row(
        "import: 5,000-row XLSX checked by the score import (django-import-export dry run)",
        ms(med),
        f"openpyxl reading it {ms(base)}",
        f"{med / base:.1f}×",
        f"{messages:,} rows refused (the file repeats the 51 seed codes, as the test's does)",
    )

    # A valid file: the year's own filled-in form (51 scores and the reported figures), as the
    # round trip re-imports it; a dry run, as the preview does (nothing changes).
    from assessments.resources import template_xlsx

    form = template_xlsx(assessment)

    def read_form():
        import io

        wb = load_workbook(io.BytesIO(form), read_only=True, data_only=True)
        return sum(1 for _ in wb.active.iter_rows(values_only=True))

    ours, plain = [], []
    for _ in range(5):
        ours.append(timed(lambda: import_scores(assessment, form, dry_run=True))[0])
        plain.append(timed(read_form)[0])
    med, base = statistics.median(ours), statistics.median(plain)
    row(
        f"import: the {YEAR} scores re-imported (preview: dry run with the year's figures)",
        ms(med),
        f"openpyxl reading it {ms(base)}",
        f"{med / base:.1f}×",
        "51 scores and 17 reported figures, nothing changes",
    )


def load_demo_row(first_seconds):
    second, _ = timed(lambda: call_command("load_demo", verbosity=0, no_accounts=True))
    row(
        "load_demo into a migrated empty database",
        ms(first_seconds),
        f"load_demo with the year already there {ms(second)}",
        f"{first_seconds / second:.0f}×",
    )


# ---------------------------------------------------------------- throughput


def throughput_rows(database):
    """gunicorn with 2 workers over `database` (a URL), wrk or threads on loopback."""
    env = common.django_env(database, WORKDIR / "served")
    common.manage(env, "migrate", "--noinput")
    common.manage(env, "load_demo", "--no-accounts")
    results = {}
    with common.Gunicorn(env, workers=2) as server:
        for path in ("/healthz", REPORT, PDF):
            for _ in range(3):
                common.get(server.port, path, timeout=60)  # warm: the PDF is rendered here
            results[path] = common.throughput(server.port, path, THROUGHPUT_SECONDS, CONNECTIONS)
            r = results[path]
            log(f"{path}: {r['rps']:.0f} req/s, p50 {r['p50_ms']:.1f} ms, errors {r['errors']}")
    base = results["/healthz"]
    for path, name in [(REPORT, "report page"), (PDF, "report PDF, cached")]:
        r = results[path]
        row(
            f"throughput, {name} (gunicorn 2 workers, {CONNECTIONS} connections)",
            f"{r['rps']:.0f} req/s (p50 {r['p50_ms']:.1f} ms)",
            f"/healthz {base['rps']:.0f} req/s (p50 {base['p50_ms']:.1f} ms)",
            f"{r['rps'] / base['rps']:.2f}×",
            f"{r['errors']} errors of {r['requests']:,}; {r['tool']}",
        )
    return results


def main():
    started = time.monotonic()
    log(f"bench in {WORKDIR}")
    call_command("migrate", verbosity=0)
    first, _ = timed(lambda: call_command("load_demo", verbosity=0, no_accounts=True))
    demo_queries = page_rows("demo data", rounds=150)
    pages = pdf_rows()
    import_rows()
    load_demo_row(first)
    oit_rows()

    log("building the large data set")
    t, sizes = timed(make_large_dataset)
    facts.append(
        f"large data set: {sizes['years']} years of results, {sizes['items']} action items in "
        f"{YEAR}'s plan ({sizes['all_items']:,} in all), {sizes['updates']:,} progress updates "
        f"(built in {t:.1f} s)"
    )
    large_queries = page_rows("large data", rounds=40)
    results_rows()

    if common.postgres_available():
        with common.Postgres() as pg:
            db = f"PostgreSQL {pg.version()} (throwaway cluster)"
            throughput_rows(pg.url)
    else:
        db = "SQLite (no PostgreSQL 15 server binaries, or not root)"
        throughput_rows(f"sqlite:///{WORKDIR / 'served.sqlite3'}")

    load_tool = "wrk" if common.wrk_available() else "Python threads (wrk not installed)"
    table = [
        "| figure | value | baseline (same run) | ratio | notes |",
        "|---|---|---|---|---|",
        *(f"| {' | '.join(r)} |" for r in rows),
    ]
    text = "\n".join(
        [
            f"## make bench, {date.today().isoformat()}",
            "",
            f"Machine: {common.machine()}. In-process figures: SQLite file, DEBUG off, "
            f"django.test.Client through the whole middleware stack (median of interleaved "
            f"rounds). Throughput: {db}, gunicorn 2 sync workers, {load_tool}, "
            f"{THROUGHPUT_SECONDS} s per URL, {CONNECTIONS} connections on 127.0.0.1. "
            f"Run time {time.monotonic() - started:.0f} s.",
            "",
            *table,
            "",
            *(f"- {f}" for f in facts),
            f"- report page query count: {demo_queries} with the demo data, {large_queries} "
            "with the large data set",
            f"- the report PDF has {pages} pages",
        ]
    )
    print("\n" + text + "\n")
    common.write_section("bench", text)
    log(f"written to {common.RESULTS.relative_to(common.ROOT)}")


if __name__ == "__main__":
    try:
        main()
    except (Exception, subprocess.CalledProcessError) as e:
        if isinstance(e, subprocess.CalledProcessError):
            print(e.stdout, e.stderr, file=sys.stderr)
        raise
    finally:
        shutil.rmtree(WORKDIR, ignore_errors=True)
