"""Fetching and judging the OIT evidence links: addresses people typed, so fetched with care.

`fetch(url)` follows at most MAX_REDIRECTS redirects itself and, for every hop:
- refuses any scheme but http and https, and URLs carrying a user name or password;
- resolves the host once and refuses it when any of its addresses is loopback, private,
  link-local, multicast, reserved or unspecified (settings.OIT_LINKCHECK_ALLOWED_NETWORKS lets
  named networks through: the tests allow 127.0.0.1 only);
- connects to the very address it checked (no second lookup a DNS rebinding could answer
  differently), sending the host name in Host and, for https, in SNI and the certificate check;
- sends no cookies, no credentials, and a User-Agent that names the portal;
- reads at most MAX_BYTES and gives up after TIMEOUT seconds for the whole URL.

`judge(...)` turns what was fetched into a verdict and the Thai sentences that explain it.
"""

import html
import ipaddress
import re
import socket
import subprocess
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import urllib3
from django.conf import settings

from core.thai import arabic_digits, thai_digits

MAX_REDIRECTS = 10
MAX_BYTES = 20 * 1024 * 1024
TIMEOUT = 15.0
USER_AGENT = "ITA-Portal-LinkChecker/1.0 (+OIT evidence check; ITA Portal)"
REDIRECTS = {301, 302, 303, 307, 308}


class Refused(Exception):
    """A URL the checker will not fetch (the message is Thai and user-facing)."""


@dataclass
class Fetched:
    url: str
    status: int | None = None
    final_url: str = ""
    content_type: str = ""
    body: bytes = b""
    elapsed_ms: int = 0
    error: str = ""  # Thai: why nothing usable came back
    refused: bool = False
    truncated: bool = False
    hops: list = field(default_factory=list)


def _allowed_networks():
    return [
        ipaddress.ip_network(n) for n in getattr(settings, "OIT_LINKCHECK_ALLOWED_NETWORKS", [])
    ]


def address_refused(ip):
    """Why the checker will not connect to `ip` (Thai), or "" when it may."""
    address = ipaddress.ip_address(ip)
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    if any(address in net for net in _allowed_networks()):
        return ""
    for flag, text in (  # the most particular first: link-local and reserved are private too
        ("is_unspecified", "ที่อยู่ไม่ระบุ"),
        ("is_loopback", "ที่อยู่ภายในเครื่อง (loopback)"),
        ("is_link_local", "ที่อยู่ link-local"),
        ("is_multicast", "ที่อยู่ multicast"),
        ("is_reserved", "ที่อยู่สงวน (reserved)"),
        ("is_private", "ที่อยู่เครือข่ายภายใน (private)"),
    ):
        if getattr(address, flag):
            return f"ไม่ตรวจ: {text} {address}"
    if not address.is_global:
        return f"ไม่ตรวจ: ที่อยู่ที่ไม่ใช่อินเทอร์เน็ตสาธารณะ {address}"
    return ""


def _resolve(host, port):
    """One address for `host`, every address it resolves to checked first.

    settings.OIT_LINKCHECK_HOSTS maps names to fixed addresses before DNS is asked (like
    /etc/hosts or curl's --resolve: an intranet name, a local test site); those addresses are
    checked like any other."""
    fixed = getattr(settings, "OIT_LINKCHECK_HOSTS", {}).get(host.lower())
    if fixed:
        why = address_refused(fixed)
        if why:
            raise Refused(why)
        return fixed
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise Refused(f"ลิงก์เสีย: ไม่พบชื่อโดเมน {host}") from None
    addresses = list(dict.fromkeys(info[4][0] for info in infos))
    for ip in addresses:
        why = address_refused(ip)
        if why:
            raise Refused(why)
    return addresses[0]


def _target(url):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise Refused(f"ไม่ตรวจ: รับเฉพาะลิงก์ http และ https (ลิงก์นี้เป็น {parts.scheme or 'ไม่มี'})")
    if parts.username is not None or parts.password is not None:
        raise Refused("ไม่ตรวจ: ลิงก์มีชื่อผู้ใช้หรือรหัสผ่านอยู่ในตัว")
    host = parts.hostname
    if not host:
        raise Refused("ลิงก์เสีย: ไม่มีชื่อโดเมน")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise Refused("ลิงก์เสีย: หมายเลขพอร์ตไม่ถูกต้อง") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    host_header = host if parts.port is None else f"{host}:{parts.port}"
    if ":" in host:  # an IPv6 literal
        host_header = f"[{host}]" if parts.port is None else f"[{host}]:{parts.port}"
    return parts.scheme, host, port, path, host_header


def _pool(scheme, ip, port, host, timeout):
    kwargs = {"timeout": timeout, "retries": False, "maxsize": 1}
    if scheme == "https":
        return urllib3.HTTPSConnectionPool(
            ip,
            port,
            server_hostname=host,
            assert_hostname=host,
            cert_reqs="CERT_REQUIRED",
            **kwargs,
        )
    return urllib3.HTTPConnectionPool(ip, port, **kwargs)


def fetch(url, *, timeout=TIMEOUT, max_bytes=MAX_BYTES, max_redirects=MAX_REDIRECTS):
    """GET `url` under the rules above; never raises for what the URL does (see Fetched)."""
    started = time.monotonic()
    result = Fetched(url=url)

    def remaining():
        left = timeout - (time.monotonic() - started)
        if left <= 0:
            raise TimeoutError
        return left

    current = url
    try:
        for _hop in range(max_redirects + 1):
            scheme, host, port, path, host_header = _target(current)
            ip = _resolve(host, port)
            result.hops.append(current)
            left = remaining()
            pool = _pool(scheme, ip, port, host, urllib3.Timeout(connect=left, read=left))
            try:
                response = pool.urlopen(
                    "GET",
                    path,
                    headers={
                        "Host": host_header,
                        "User-Agent": USER_AGENT,
                        "Accept": "text/html,application/pdf,*/*;q=0.8",
                        "Accept-Encoding": "identity",
                    },
                    redirect=False,
                    retries=False,
                    preload_content=False,
                    assert_same_host=False,
                )
                location = response.headers.get("Location")
                if response.status in REDIRECTS and location:
                    response.drain_conn()
                    current = urljoin(current, location.strip())
                    continue
                result.status = response.status
                result.final_url = current
                result.content_type = response.headers.get("Content-Type", "")[:200]
                chunks, size = [], 0
                for chunk in response.stream(64 * 1024, decode_content=False):
                    size += len(chunk)
                    if size > max_bytes:
                        result.truncated = True
                        break
                    chunks.append(chunk)
                    remaining()
                result.body = b"".join(chunks)
                response.release_conn()
                if result.truncated:
                    result.error = f"ไฟล์ใหญ่เกิน {max_bytes // (1024 * 1024)} MB จึงอ่านไม่ครบ"
                return result
            finally:
                pool.close()
        result.final_url = current
        result.error = f"ลิงก์เสีย: เปลี่ยนเส้นทางเกิน {max_redirects} ครั้ง"
    except Refused as e:
        result.error = str(e)
        result.refused = str(e).startswith("ไม่ตรวจ")
        result.final_url = current
    except (TimeoutError, urllib3.exceptions.TimeoutError):
        result.error = f"ลิงก์เสีย: เว็บไซต์ไม่ตอบภายใน {int(timeout)} วินาที"
        result.final_url = current
    except urllib3.exceptions.SSLError:
        result.error = "ลิงก์เสีย: ใบรับรองความปลอดภัย (HTTPS) ของเว็บไซต์ไม่ถูกต้อง"
        result.final_url = current
    except (urllib3.exceptions.HTTPError, OSError):
        result.error = "ลิงก์เสีย: เชื่อมต่อเว็บไซต์ไม่ได้"
        result.final_url = current
    finally:
        result.elapsed_ms = int((time.monotonic() - started) * 1000)
    return result


# --- judging -----------------------------------------------------------------------------------

LOGIN_WORDS = re.compile(
    r"(/login|/signin|/sign-in|/auth/|/sso/|accounts\.google\.com|/wp-login\.php)", re.I
)
PASSWORD_INPUT = re.compile(rb"<input[^>]+type\s*=\s*[\"']?password", re.I)
TAGS = re.compile(r"<(script|style)\b.*?</\1\s*>|<[^>]+>", re.I | re.S)
CHARSET = re.compile(rb"charset\s*=\s*[\"']?([\w-]+)", re.I)


def _html_text(body, content_type):
    match = CHARSET.search(content_type.encode()) or CHARSET.search(body[:4096])
    encoding = match.group(1).decode() if match else "utf-8"
    try:
        text = body.decode(encoding, errors="replace")
    except LookupError:
        text = body.decode("utf-8", errors="replace")
    return html.unescape(TAGS.sub(" ", text))


def _pdf_text(body):
    """The PDF's text by poppler's pdftotext (None when it is not installed or fails)."""
    try:
        done = subprocess.run(
            ["pdftotext", "-q", "-enc", "UTF-8", "-", "-"],
            input=body,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.decode("utf-8", errors="replace") if done.returncode == 0 else None


def document_text(fetched):
    """("html"|"pdf"|"", text or None): what the year check reads."""
    kind = fetched.content_type.split(";")[0].strip().lower()
    body = fetched.body
    if kind == "application/pdf" or body[:5] == b"%PDF-":
        return "pdf", _pdf_text(body)
    if kind in ("text/html", "application/xhtml+xml", "text/plain"):
        return "html", _html_text(body, fetched.content_type)
    return "", None


def year_shown(text, years):
    """Whether `text` shows one of the Buddhist-era `years`, in Thai or Arabic digits."""
    plain = arabic_digits(text)
    return any(re.search(rf"(?<!\d){year}(?!\d)", plain) for year in years)


@dataclass
class Verdict:
    verdict: str
    problems: list
    on_own_site: bool | None = None
    year_found: bool | None = None
    login_wall: bool = False


def judge(fetched, *, organization, years=(), own_website=True):
    """The verdict on one fetched URL and every problem seen, each a Thai sentence. The first
    problem names the verdict: ลิงก์เสีย, ต้องเข้าสู่ระบบ, อยู่นอกเว็บไซต์หลักของหน่วยงาน, ไม่พบปี."""
    problems = []
    kinds = []
    if fetched.refused:
        return Verdict("refused", [fetched.error])
    if fetched.error and fetched.status is None:
        return Verdict("broken", [fetched.error])
    host = urlsplit(fetched.final_url).hostname or ""
    on_site = organization.is_own_host(host) if organization.own_domains() else None
    login = (
        fetched.status in (401, 403)
        or bool(LOGIN_WORDS.search(fetched.final_url))
        or bool(PASSWORD_INPUT.search(fetched.body[:1_000_000]))
    )
    if fetched.status is not None and fetched.status >= 400 and fetched.status not in (401, 403):
        kinds.append("broken")
        problems.append(f"ลิงก์เสีย: เว็บไซต์ตอบรหัส {fetched.status}")
    if login:
        kinds.append("login")
        problems.append("ต้องเข้าสู่ระบบ: ผู้ตรวจของ ป.ป.ช. เปิดดูข้อมูลไม่ได้โดยไม่มีบัญชี")
    if own_website and on_site is False:
        kinds.append("off_site")
        problems.append(f"อยู่นอกเว็บไซต์หลักของหน่วยงาน: ปลายทางอยู่ที่ {host}")
    year_found = None
    if years and not kinds:
        _kind, text = document_text(fetched)
        if text is not None:
            year_found = year_shown(text, years)
            if not year_found:
                shown = " หรือ ".join(thai_digits(str(y)) for y in years)
                kinds.append("no_year")
                problems.append(f"ไม่พบปี พ.ศ. {shown} ในเอกสาร")
    if fetched.error:
        problems.append(fetched.error)
    return Verdict(
        kinds[0] if kinds else "ok",
        problems,
        on_own_site=on_site,
        year_found=year_found,
        login_wall=login,
    )
