"""Publishing listens to the domain apps' signals: they announce what happened, it keeps its
documents true."""

from django.dispatch import receiver

from assessments.signals import publication_changed

from . import pdf


@receiver(publication_changed)
def year_publication_changed(sender, assessment, **kwargs):
    # Published: its draft PDFs are needed no more. Withdrawn: its public PDFs must not linger.
    pdf.prune_cache()
