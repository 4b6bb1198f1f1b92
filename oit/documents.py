"""The portal's own published documents as OIT evidence (the analysis report is O25's evidence
in 2569, the results report O26's): a higher app (publishing) registers a provider here, so
that the readiness page offers them with one click without this app naming publishing's URLs.

A provider is a callable `(tracker) -> [(topic_key, label, absolute url), ...]`.
"""

_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)


def offered(tracker):
    """{topic_key: [(label, url), ...]} of every registered provider."""
    out = {}
    for provider in _providers:
        for topic_key, label, url in provider(tracker):
            out.setdefault(topic_key, []).append((label, url))
    return out
