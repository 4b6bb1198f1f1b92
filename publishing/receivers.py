"""Publishing listens to the domain apps' signals: they announce what happened, it keeps its
documents true."""

from django.dispatch import receiver

from assessments.signals import publication_changed
from core import jobs

from . import tasks


@receiver(publication_changed)
def year_publication_changed(sender, assessment, **kwargs):
    # Published: its draft PDFs are needed no more. Withdrawn: its public PDFs must not linger.
    jobs.enqueue_on_commit(tasks.prune_pdf_cache)
    # The year's documents as they now stand, rendered before the first visitor asks.
    tasks.year_pdfs_queue(assessment=assessment)
