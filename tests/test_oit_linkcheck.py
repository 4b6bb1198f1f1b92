"""The OIT link checker (issue 21, item 4): every verdict and every refusal against a web site
the test starts on 127.0.0.1; the checks kept as history, run on save, on demand and nightly;
the owners told when a good link breaks; bounded concurrency."""

import datetime
import socket
import time

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from actionplans.models import Division
from oit import linkcheck
from oit.checks import CONCURRENCY, check_links
from oit.models import LinkCheck, OitLink
from tests.oit_helpers import item, tracker_of
from tests.oit_site import Handler, Site

HOSTS = {"donsak.test": "127.0.0.1", "elsewhere.test": "127.0.0.1"}


@pytest.fixture
def site(settings):
    settings.OIT_LINKCHECK_HOSTS = HOSTS
    with Site() as s:
        yield s


@pytest.fixture
def org(demo):
    organization = demo.organization
    organization.website_domains = "donsak.test"
    organization.save()
    return organization


def judged(site, org, path, host="donsak.test", years=(2569,)):
    fetched = linkcheck.fetch(site.url(path, host))
    return fetched, linkcheck.judge(fetched, organization=org, years=years, own_website=True)


def test_a_good_page_is_good_with_everything_recorded(site, org):
    fetched, verdict = judged(site, org, "/good")
    assert (verdict.verdict, verdict.problems) == ("ok", [])
    assert fetched.status == 200 and fetched.final_url == site.url("/good")
    assert fetched.content_type.startswith("text/html")
    assert verdict.on_own_site is True and verdict.year_found is True
    assert 0 <= fetched.elapsed_ms < 5000
    assert judged(site, org, "/good-arabic")[1].verdict == "ok"  # 2569 in Arabic digits too


def test_a_404_is_a_broken_link(site, org):
    _, verdict = judged(site, org, "/missing")
    assert verdict.verdict == "broken"
    assert verdict.problems[0] == "ลิงก์เสีย: เว็บไซต์ตอบรหัส 404"


def test_a_redirect_off_the_agencys_domain_is_named(site, org):
    fetched, verdict = judged(site, org, "/moved-away")
    assert fetched.final_url == site.url("/good", "elsewhere.test")
    assert verdict.verdict == "off_site" and verdict.on_own_site is False
    assert verdict.problems == ["อยู่นอกเว็บไซต์หลักของหน่วยงาน: ปลายทางอยู่ที่ elsewhere.test"]


def test_a_pdf_without_the_year_and_one_with_it(site, org):
    fetched, verdict = judged(site, org, "/pdf-no-year")
    assert fetched.content_type == "application/pdf"
    assert verdict.verdict == "no_year" and verdict.year_found is False
    assert verdict.problems == ["ไม่พบปี พ.ศ. ๒๕๖๙ ในเอกสาร"]
    assert judged(site, org, "/pdf-year")[1].verdict == "ok"


def test_an_html_page_of_another_year(site, org):
    assert judged(site, org, "/old-year")[1].problems == ["ไม่พบปี พ.ศ. ๒๕๖๙ ในเอกสาร"]


def test_a_login_page_is_a_login_wall(site, org):
    fetched, verdict = judged(site, org, "/members")
    assert fetched.final_url.endswith("/login?next=/members")
    assert verdict.verdict == "login" and verdict.login_wall
    assert verdict.problems[0].startswith("ต้องเข้าสู่ระบบ")


def test_other_content_is_not_read_for_a_year(site, org):
    _, verdict = judged(site, org, "/image")
    assert verdict.verdict == "ok" and verdict.year_found is None


@pytest.mark.parametrize(
    "url,message",
    [
        ("ftp://donsak.test/file", "รับเฉพาะลิงก์ http และ https"),
        ("file:///etc/passwd", "รับเฉพาะลิงก์ http และ https"),
        ("http://127.0.0.2/", "loopback"),
        ("http://[::1]/", "loopback"),
        ("http://10.1.2.3/", "private"),
        ("http://192.168.1.1/", "private"),
        ("http://169.254.169.254/latest/meta-data/", "link-local"),
        ("http://224.0.0.1/", "multicast"),
        ("http://240.0.0.1/", "reserved"),
        ("http://0.0.0.0/", "ไม่ตรวจ"),
        ("http://user:pass@donsak.test/", "ชื่อผู้ใช้หรือรหัสผ่าน"),
    ],
)
def test_refused_addresses_are_never_connected_to(site, org, url, message):
    fetched = linkcheck.fetch(url)
    assert fetched.refused and fetched.status is None
    assert message in fetched.error and fetched.error.startswith("ไม่ตรวจ")
    assert Handler.seen == []
    verdict = linkcheck.judge(fetched, organization=org, years=(2569,))
    assert verdict.verdict == "refused"


@pytest.mark.parametrize(
    "path,message",
    [
        ("/to-private", "private"),
        ("/to-metadata", "link-local"),
        ("/to-ftp", "รับเฉพาะลิงก์ http และ https"),
    ],
)
def test_a_redirect_to_a_refused_address_is_refused_after_the_hop(site, org, path, message):
    fetched = linkcheck.fetch(site.url(path))
    assert fetched.refused and message in fetched.error
    assert [p for p, _h in Handler.seen] == [path]  # only the first hop was fetched


def test_a_name_resolving_to_a_refused_address_is_refused(site, org, settings):
    settings.OIT_LINKCHECK_HOSTS = {**HOSTS, "intranet.test": "10.0.0.5"}
    fetched = linkcheck.fetch("http://intranet.test/")
    assert fetched.refused and "private" in fetched.error


def test_the_address_checked_is_the_one_connected_to(site, org, monkeypatch):
    """DNS rebinding: a name that answers a public address, then a private one, is resolved once
    per hop, and the connection goes to the address that was checked."""
    calls = []

    real = socket.getaddrinfo

    def resolver(host, port, *args, **kwargs):
        if host == "127.0.0.1":  # the connection itself (urllib3 given the address)
            return real(host, port, *args, **kwargs)
        calls.append(host)
        address = "127.0.0.1" if len(calls) == 1 else "10.0.0.1"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolver)
    fetched = linkcheck.fetch(f"http://rebind.test:{site.port}/good")
    assert fetched.status == 200 and calls == ["rebind.test"]
    assert Handler.seen[0][1]["Host"] == f"rebind.test:{site.port}"


def test_at_most_ten_redirects(site, org):
    assert linkcheck.MAX_REDIRECTS == 10
    assert linkcheck.fetch(site.url("/hops10")).status == 200
    fetched = linkcheck.fetch(site.url("/loop"))
    assert fetched.error == "ลิงก์เสีย: เปลี่ยนเส้นทางเกิน 10 ครั้ง" and fetched.status is None
    assert len(Handler.seen) == 10 + 1 + 11  # hops10 (11 requests) then the loop's 11


def test_at_most_20_mb(site, org):
    assert linkcheck.MAX_BYTES == 20 * 1024 * 1024
    fetched = linkcheck.fetch(site.url("/huge"))
    assert fetched.truncated and len(fetched.body) <= linkcheck.MAX_BYTES
    assert "ไฟล์ใหญ่เกิน 20 MB" in fetched.error


def test_at_most_15_seconds(site, org):
    assert linkcheck.TIMEOUT == 15.0
    started = time.monotonic()
    fetched = linkcheck.fetch(site.url("/slow"), timeout=1)
    assert time.monotonic() - started < 2.5
    assert fetched.error == "ลิงก์เสีย: เว็บไซต์ไม่ตอบภายใน 1 วินาที"
    verdict = linkcheck.judge(fetched, organization=org, years=(2569,))
    assert verdict.verdict == "broken"


def test_no_cookies_no_credentials_and_a_user_agent_naming_the_portal(site, org):
    fetched = linkcheck.fetch(site.url("/set-cookie"))
    assert fetched.status == 200
    for _path, headers in Handler.seen:
        assert "Cookie" not in headers and "Authorization" not in headers
        assert headers["User-Agent"].startswith("ITA-Portal-LinkChecker")


# --- the checks as jobs -----------------------------------------------------------------------


@pytest.fixture
def tracker(org):
    return tracker_of(2569, org.assessments.get(fiscal_year=2568))


def test_saving_a_link_checks_it_and_the_history_is_kept(
    site, tracker, settings, django_capture_on_commit_callbacks
):
    settings.OIT_CHECK_ON_SAVE = True
    o7 = item(tracker, "o7")
    from oit.services import link_attach

    with django_capture_on_commit_callbacks(execute=True):
        link = link_attach(item=o7, url=site.url("/good"))
    link.refresh_from_db()
    assert link.last_check.verdict == "ok" and link.last_check.status_code == 200
    check_links([link.pk])
    assert LinkCheck.objects.filter(link=link).count() == 2


def test_on_demand_from_the_item_page(
    site, tracker, staff_client, django_capture_on_commit_callbacks
):
    link = OitLink.objects.create(
        item=item(tracker, "o7"), url=site.url("/missing"), is_answer=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(reverse("oit:check", args=[link.pk]))
    page = staff_client.get(reverse("oit:item", args=[link.item_id])).content.decode()
    assert "ลิงก์เสีย: เว็บไซต์ตอบรหัส 404" in page


def test_nightly_command_for_a_year(site, tracker):
    for path in ("/good", "/missing", "/moved-away", "/pdf-no-year", "/members"):
        OitLink.objects.create(item=item(tracker, "o7"), url=site.url(path))
    call_command("check_oit_links", "--year", "2569", verbosity=0)
    verdicts = {c.url.rsplit("/", 1)[1]: c.verdict for c in LinkCheck.objects.all()}
    assert verdicts == {
        "good": "ok",
        "missing": "broken",
        "moved-away": "off_site",
        "pdf-no-year": "no_year",
        "members": "login",
    }
    call_command("check_oit_links", "--year", "2570", verbosity=0)
    assert LinkCheck.objects.count() == 5


def test_the_owners_are_emailed_when_a_good_link_breaks(
    site, tracker, alice, django_capture_on_commit_callbacks
):
    o7 = item(tracker, "o7")
    o7.owners.set([Division.objects.get(name="งานธุรการ")])
    link = OitLink.objects.create(item=o7, url=site.url("/good"), is_answer=True)
    with django_capture_on_commit_callbacks(execute=True):
        check_links([link.pk])
    assert mail.outbox == []
    link.url = site.url("/missing")
    link.save()
    with django_capture_on_commit_callbacks(execute=True):
        check_links([link.pk])
        check_links([link.pk])  # still broken: no second e-mail
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert "ลิงก์เสีย: เว็บไซต์ตอบรหัส 404" in mail.outbox[0].body


def test_submitted_links_are_watched_until_the_date_and_alerts_say_so(
    site, tracker, alice, staff, django_capture_on_commit_callbacks
):
    from oit.services import tracker_submit

    o7 = item(tracker, "o7")
    o7.owners.set([Division.objects.get(name="งานธุรการ")])
    link = OitLink.objects.create(item=o7, url=site.url("/good"), is_answer=True)
    check_links([link.pk])
    tracker_submit(
        tracker=tracker, user=staff, watch_until=datetime.date.today() + datetime.timedelta(days=30)
    )
    link.refresh_from_db()
    assert link.submitted_url == site.url("/good")
    # the page moves; the portal's link is changed; ITAS still has the old one
    link.url = site.url("/good-arabic")
    link.save()
    check_links([link.pk])
    assert {c.url for c in LinkCheck.objects.filter(link=link)} == {
        site.url("/good"),
        site.url("/good-arabic"),
    }
    from oit.checks import links_to_check

    assert links_to_check(year=2569) == [link.pk]
    assert (
        links_to_check(year=2569, today=datetime.date.today() + datetime.timedelta(days=31)) == []
    )


def test_78_urls_at_50_ms_within_twice_the_servers_own_time(site, tracker):
    assert CONCURRENCY == 6
    Handler.delay = 0.05
    ids = []
    for n, it in enumerate(tracker.items.all()):
        for k in range(3):
            ids.append(OitLink.objects.create(item=it, url=site.url(f"/good?{n}-{k}")).pk)
    assert len(ids) == 78
    started = time.monotonic()
    checks = check_links(ids)
    took = time.monotonic() - started
    assert [c.problems for c in checks if c.verdict != "ok"] == []
    assert took < 2 * 78 * 0.05, took
    assert LinkCheck.objects.filter(verdict="ok").count() == 78


def test_https_is_verified_for_the_name_on_the_address_checked(org, settings, tmp_path):
    """An https link is fetched from the address that was checked, with the host name sent for
    SNI and the certificate check: a self-signed certificate is refused in Thai."""
    import http.server
    import ssl
    import subprocess
    import threading

    settings.OIT_LINKCHECK_HOSTS = HOSTS
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", "/CN=donsak.test", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        fetched = linkcheck.fetch(f"https://donsak.test:{server.server_address[1]}/good")
    finally:
        server.shutdown()
        server.server_close()
    assert fetched.error == "ลิงก์เสีย: ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ไม่ถูกต้อง"
    assert names == ["donsak.test"]
    assert linkcheck.judge(fetched, organization=org, years=(2569,)).verdict == "broken"
