"""`manage.py db_worker` whose PDF renders take SLOW_RENDER_SECONDS longer: the worker that the
crash test (test_worker_crash.py) kills mid-render. Arguments are db_worker's."""

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

from publishing import pdf  # noqa: E402

render = pdf.render_pdf


def slow_render(html):
    print("rendering", flush=True)
    time.sleep(float(os.environ["SLOW_RENDER_SECONDS"]))
    return render(html)


pdf.render_pdf = slow_render
call_command("db_worker", *sys.argv[1:])
