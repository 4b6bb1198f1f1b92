"""Phase 4 of `make loadtest`: several division heads and staff edit the same items at once.

Heads post progress reports through /actions/<id>/ (each form once, some of them sent twice, as a
double click does); staff save the items' admin change form, each save adding one to a counter
at the end of the item's text ("… [n]"), read from the form they opened. A save refused because
the item changed meanwhile (the Thai stale-save message) is re-done as a person would: reload,
apply again (a head's report is sent again as the refused form keeps it; a staff member reloads
and adds one to the counter as it is now). Afterwards, from the database:

- lost updates: accepted staff saves not counted in the final text (a save built on an old form
  that undid another), plus items whose status/percent is not that of their newest report;
- duplicates: reports saved more than once (a double submit, or a retried post);
- 500s: answers of 500 or more, of all requests of the phase.
"""

import html
import random
import re
import threading
import time
from html.parser import HTMLParser

STALE = "มีผู้อื่นแก้ไข"
COUNTER = re.compile(r" \[(\d+)\]$")


class FormFields(HTMLParser):
    """The controls a browser would send from the page's forms (all of them: the admin change
    page has one form besides the log-out button)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.fields = []
        self._select = None
        self._options = []
        self._textarea = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            self.fields.append((name, a.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._options = name, []
        elif tag == "option" and self._select is not None:
            self._options.append((a.get("value", ""), "selected" in a))
        elif tag == "textarea" and name:
            self._textarea, self._text = name, []

    def handle_endtag(self, tag):
        if tag == "select" and self._select is not None:
            chosen = [v for v, sel in self._options if sel] or [v for v, _ in self._options[:1]]
            self.fields.extend((self._select, v) for v in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text)
            self.fields.append((self._textarea, text[1:] if text.startswith("\n") else text))
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None:
            self._text.append(data)


def form_fields(page):
    parser = FormFields()
    parser.feed(page)
    return parser.fields


def hidden(page):
    return {
        n: html.unescape(v)
        for n, v in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    }


class Tally:
    def __init__(self):
        self.lock = threading.Lock()
        self.requests = 0
        self.server_errors = 0
        self.stale_refusals = 0
        self.other_refusals = 0
        self.reports = []  # (marker, percent) accepted
        self.double_submits = 0
        self.staff_saves = {}  # item -> accepted count

    def answer(self, status):
        with self.lock:
            self.requests += 1
            if status >= 500:
                self.server_errors += 1


def head_worker(client, items, name, stop, tally):
    n = 0
    while not stop.is_set():
        n += 1
        item = random.choice(items)
        path = f"/actions/{item}/"
        marker, percent = f"edit-{name}-{n:04d}", random.randint(1, 99)
        status, page = client.request(path)
        tally.answer(status)
        for _ in range(20):
            data = {
                **hidden(page),
                "status": "in_progress",
                "percent": str(percent),
                "public_summary": marker,
            }
            status, page = client.request(path, data)
            tally.answer(status)
            if status == 302:
                with tally.lock:
                    tally.reports.append((marker, percent))
                if random.random() < 0.25:  # a double click: the same form once more
                    again, _ = client.request(path, data)
                    tally.answer(again)
                    with tally.lock:
                        tally.double_submits += 1
                break
            if status == 200 and STALE in page:
                with tally.lock:
                    tally.stale_refusals += 1
                continue  # the refused form has the newer state and a fresh token: send again
            with tally.lock:
                tally.other_refusals += 1
            break
        time.sleep(random.uniform(0.05, 0.2))


def staff_worker(client, items, stop, tally):
    while not stop.is_set():
        item = random.choice(items)
        path = f"/admin/actionplans/actionitem/{item}/change/"
        status, page = client.request(path)
        tally.answer(status)
        for _ in range(20):
            fields = [(n, v) for n, v in form_fields(page) if n != "_save"]
            text = dict(fields).get("text", "")
            match = COUNTER.search(text)
            count = int(match.group(1)) if match else 0
            base = text[: match.start()] if match else text
            fields = [(n, v) for n, v in fields if n != "text"]
            fields += [("text", f"{base} [{count + 1}]"), ("_save", "บันทึก")]
            status, page = client.request(path, fields)
            tally.answer(status)
            if status == 302:
                with tally.lock:
                    tally.staff_saves[item] = tally.staff_saves.get(item, 0) + 1
                break
            if status == 200 and STALE in page:
                with tally.lock:
                    tally.stale_refusals += 1
                # Reload and add one to the counter as it is now (the refused form keeps what
                # was typed, which here already holds the old count plus one).
                status, page = client.request(path)
                tally.answer(status)
                continue
            with tally.lock:
                tally.other_refusals += 1
            break
        time.sleep(random.uniform(0.1, 0.3))


CHECK = """
import json, re
from actionplans.models import ActionItem, ProgressUpdate
rows = {{}}
reports = ProgressUpdate.objects.filter(public_summary__startswith="edit-")
for marker, percent in reports.values_list("public_summary", "percent"):
    rows.setdefault(marker, []).append(percent)
items = {{}}
for item in ActionItem.objects.filter(pk__in={items}):
    newest = item.updates.order_by("-created_at", "-pk").first()
    m = re.search(r" \\[(\\d+)\\]$", item.text)
    items[item.pk] = {{
        "counter": int(m.group(1)) if m else 0,
        "state": [item.status, item.percent],
        "newest": [newest.status, newest.percent] if newest else None,
    }}
print(json.dumps({{"rows": rows, "items": items}}))
"""


def run(make_client, heads, staff, items, seconds, run_script):
    """Runs the phase; returns (tally, verdict dict)."""
    tally, stop = Tally(), threading.Event()
    threads = []
    for i, (username, password) in enumerate(heads):
        client = make_client()
        client.sign_in(username, password)
        threads.append(threading.Thread(target=head_worker, args=(client, items, i, stop, tally)))
    for username, password in staff:
        client = make_client()
        client.sign_in(username, password, login_path="/admin/login/")
        threads.append(threading.Thread(target=staff_worker, args=(client, items, stop, tally)))
    for t in threads:
        t.start()
    time.sleep(seconds)
    stop.set()
    for t in threads:
        t.join(timeout=60)
    check = run_script(CHECK.format(items=list(items)))
    rows = check["rows"]
    missing = [m for m, _ in tally.reports if m not in rows]
    duplicates = sum(len(v) - 1 for v in rows.values() if len(v) > 1)
    # Each accepted save adds exactly one: a counter short of its saves lost some.
    lost_staff = sum(
        abs(tally.staff_saves.get(int(pk), 0) - info["counter"])
        for pk, info in check["items"].items()
    )
    rolled_back = [pk for pk, info in check["items"].items() if info["state"] != info["newest"]]
    return tally, {
        "lost": lost_staff + len(missing) + len(rolled_back),
        "lost_staff": lost_staff,
        "missing_reports": len(missing),
        "rolled_back": len(rolled_back),
        "duplicates": duplicates,
        "rows": sum(len(v) for v in rows.values()),
        "staff_saves": sum(tally.staff_saves.values()),
        "counters": sum(info["counter"] for info in check["items"].values()),
    }
