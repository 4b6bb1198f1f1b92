from django.apps import AppConfig


class PublishingConfig(AppConfig):
    """Everything rendered, cached, exported or published: the report, the memo, the results
    rounds, the public pages, open data, the PDFs and their cache. At the top of the stack: it
    imports the domain apps, and nothing imports it."""

    name = "publishing"
    verbose_name = "การเผยแพร่"

    def ready(self):
        from . import oit_views, receivers  # noqa: F401  (connects the receivers; registers
        # the portal's own documents as OIT evidence)
