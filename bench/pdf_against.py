"""The report PDF's cold render, this checkout against an older commit, in the same run.

usage: .venv/bin/python bench/pdf_against.py COMMIT [ROUNDS]     (default 4 rounds)

`make bench` gives each figure against a baseline measured in the same run, because this
machine's speed drifts by a third from one hour to the next. A figure of another day cannot be
compared with today's; the code of that day can be run today. This script checks COMMIT out in a
temporary git worktree, and in turn (ROUNDS times, interleaved) starts one process per tree that
loads the demo into its own SQLite file and renders /reports/2568/report.pdf twice through the
view with the PDF cache emptied, as `make bench`'s "cold render through the view" does (DEBUG
off, production settings). Both trees run with this checkout's virtualenv. Prints each tree's
median CPU time, its page count and the time per page.

Used for issue 11 ("not slower than today's per page"): COMMIT a341638, the code of the day the
issue was filed.
"""

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RENDERS = 2


def child(tree, workdir):
    """In a process of its own: render the demo's report PDF, print one line per render."""
    os.chdir(tree)
    sys.path.insert(0, str(tree))
    os.environ.update(
        DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        ALLOWED_HOSTS="testserver",
        SECURE_HTTPS="0",
        BEHIND_PROXY="0",
        STATIC_MANIFEST="0",
        DATABASE_URL=f"sqlite:///{workdir}/db.sqlite3",
        MEDIA_ROOT=f"{workdir}/media",
        EVIDENCE_ROOT=f"{workdir}/evidence",
        CACHE_DIR=f"{workdir}/cache",
        LOG_LEVEL="WARNING",
        PYTHAINLP_OFFLINE="1",
        PYTHAINLP_READ_ONLY="1",
        DJANGO_SETTINGS_MODULE="ita_portal.settings",
    )
    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    try:  # the PDF module's home since the publishing app (older commits: assessments)
        from publishing import pdf
    except ImportError:
        from assessments import pdf

    ready = Path(workdir) / "ready"
    if not ready.exists():
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
        ready.touch()
    client = Client()

    def render():
        shutil.rmtree(Path(settings.MEDIA_ROOT) / pdf.CACHE_DIR, ignore_errors=True)
        cache.clear()
        response = client.get("/reports/2568/report.pdf")
        assert response.status_code == 200, response.status_code
        if getattr(response, "streaming", False):
            return b"".join(response.streaming_content)
        return response.content

    body = render()  # fonts, pythainlp: not counted
    path = Path(workdir) / "report.pdf"
    path.write_bytes(body)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    pages = int(next(line.split()[1] for line in info.splitlines() if line.startswith("Pages:")))
    for _ in range(RENDERS):
        started = time.process_time()
        render()
        print(f"RENDER {time.process_time() - started:.4f} {pages}", flush=True)


def main():
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3])
        return
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    commit, rounds = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 4
    temp = Path(tempfile.mkdtemp(prefix="pdf-against-"))
    old = temp / "tree"
    add = ["git", "worktree", "add", "-q", "--detach", str(old), commit]
    subprocess.run(add, cwd=ROOT, check=True)
    trees = {commit: old, "this checkout": ROOT}
    times = {name: [] for name in trees}
    pages = {}
    try:
        for n in range(rounds):
            for name, tree in trees.items():
                workdir = temp / ("old" if tree == old else "new")
                workdir.mkdir(exist_ok=True)
                out = subprocess.run(
                    [sys.executable, __file__, "--child", str(tree), str(workdir)],
                    capture_output=True,
                    text=True,
                )
                if out.returncode:
                    sys.exit(f"{name}: render failed\n{out.stderr[-2000:]}")
                for line in out.stdout.split("\n"):
                    if line.startswith("RENDER "):
                        _, seconds, count = line.split()
                        times[name].append(float(seconds))
                        pages[name] = int(count)
            print(f"round {n + 1} of {rounds} done", file=sys.stderr)
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(old)], cwd=ROOT)
        shutil.rmtree(temp, ignore_errors=True)
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name}: report PDF cold, median CPU {median:.2f} s of {len(values)} renders, "
            f"{pages[name]} pages, {1000 * median / pages[name]:.1f} ms a page"
        )


if __name__ == "__main__":
    main()
