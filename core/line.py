"""The LINE Messaging API (line-bot-sdk, its v3 API): pushing a text message, reading a
group's name, and the webhook that records the groups the Official Account joined.

The channel secret and access token come from the environment only (settings
LINE_CHANNEL_SECRET, LINE_CHANNEL_ACCESS_TOKEN), never the database; LINE_API_HOST is LINE's
API host (tests point it at a local stand-in). Without a token LINE is off; without a secret
the webhook answers 404.
"""

import logging

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseBadRequest, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

logger = logging.getLogger(__name__)

TIMEOUT = 10  # seconds, for each call to LINE


class LineError(Exception):
    """A push or a call to LINE that failed; `status` is LINE's HTTP status (None when LINE
    could not be reached)."""

    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def configured():
    return bool(settings.LINE_CHANNEL_ACCESS_TOKEN)


def _configuration():
    from linebot.v3.messaging import Configuration

    return Configuration(
        host=settings.LINE_API_HOST, access_token=settings.LINE_CHANNEL_ACCESS_TOKEN
    )


def _call(method, *args):
    from linebot.v3.messaging import ApiClient, MessagingApi
    from linebot.v3.messaging.exceptions import ApiException

    try:
        with ApiClient(_configuration()) as client:
            return getattr(MessagingApi(client), method)(*args, _request_timeout=TIMEOUT)
    except ApiException as e:
        raise LineError(f"LINE ตอบ {e.status}: {(e.body or e.reason or '')[:200]}", e.status) from e
    except Exception as e:  # the host could not be reached, timed out, …
        raise LineError(f"ติดต่อ LINE ไม่ได้: {e.__class__.__name__}") from e


def push(to, text):
    """Push one text message to a user or group id; raises LineError."""
    from linebot.v3.messaging import PushMessageRequest, TextMessage

    _call("push_message", PushMessageRequest(to=to, messages=[TextMessage(text=text)]))


def group_name(group_id):
    """The group's name from LINE's group summary, or "" when LINE does not tell."""
    try:
        return _call("get_group_summary", group_id).group_name or ""
    except LineError as e:
        logger.warning("LINE group summary of %s: %s", group_id, e)
        return ""


# --- the webhook -----------------------------------------------------------------------------


def _record(events):
    from linebot.v3.webhooks import JoinEvent, LeaveEvent

    from .models import LineGroup

    now = timezone.now()
    for event in events:
        source = getattr(event, "source", None)
        group_id = getattr(source, "group_id", None)
        if not group_id:
            continue
        if isinstance(event, JoinEvent):
            group, created = LineGroup.objects.get_or_create(
                group_id=group_id, defaults={"joined_at": now}
            )
            group.joined_at, group.left_at = now, None
            group.name = group_name(group_id) or group.name
            group.save()
        elif isinstance(event, LeaveEvent):
            LineGroup.objects.filter(group_id=group_id).update(left_at=now)


@csrf_exempt
@require_POST
def webhook(request):
    """LINE's webhook: refuses a request without a signature (400) or with a wrong one (403),
    records the groups the account joins and leaves, and answers 200 to everything else."""
    from linebot.v3.exceptions import InvalidSignatureError
    from linebot.v3.webhook import WebhookParser

    if not settings.LINE_CHANNEL_SECRET:
        raise Http404("LINE is not configured")
    signature = request.headers.get("X-Line-Signature", "")
    if not signature:
        return HttpResponseBadRequest("missing X-Line-Signature")
    body = request.body.decode("utf-8", errors="replace")
    try:
        events = WebhookParser(settings.LINE_CHANNEL_SECRET).parse(body, signature)
    except InvalidSignatureError:
        logger.warning("LINE webhook: wrong signature refused")
        return HttpResponseForbidden("invalid signature")
    except (ValueError, KeyError, TypeError):
        return HttpResponseBadRequest("malformed body")
    _record(events)
    return HttpResponse("OK")
