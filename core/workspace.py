"""Panels beside the division heads' action items on /actions/, offered by higher apps.

actionplans owns /actions/ but may not know the apps above it (docs/architecture.md): an app
registers a panel here in its AppConfig.ready(), and the actions page renders every registered
panel. A panel is a callable `(request) -> str` returning HTML (empty when it has nothing to
show for that user); its queries are its own and fixed in number.
"""

_panels = []


def register_panel(panel):
    if panel not in _panels:
        _panels.append(panel)


def render_panels(request):
    """The HTML of every panel for this request, in registration order, empty ones left out."""
    return [html for panel in _panels if (html := panel(request))]
