"""Posting progress on /actions/<id>/ as the page does: with the form's hidden guards (the
one-time submission id and the stale-save token), which the server requires (issue 19)."""

from django.urls import reverse

from tests.livehttp import LiveBrowser


def form_guards(client, item):
    """The hidden fields of the item's page as `client` is shown it now."""
    page = client.get(reverse("actionplans:item", args=[item.pk])).content.decode()
    return LiveBrowser.hidden_fields(page)


def post_progress(client, item, data):
    """POST `data` to the item's page from a freshly opened form."""
    url = reverse("actionplans:item", args=[item.pk])
    return client.post(url, {**form_guards(client, item), **data})
