"""Publishing listens to the domain apps' signals: they announce what happened, it keeps its
documents true."""

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.dispatch import receiver

from assessments.signals import publication_changed
from core import jobs
from core.signals import content_changed

from . import caching, tasks

# The apps whose rows the public documents print.
DOCUMENT_APPS = ("indicators", "assessments", "actionplans", "oit")


@receiver(publication_changed)
def year_publication_changed(sender, assessment, **kwargs):
    caching.invalidate()
    # Published: its draft PDFs are needed no more. Withdrawn: its public PDFs must not linger.
    jobs.enqueue_on_commit(tasks.prune_pdf_cache)
    # The year's documents as they now stand, rendered before the first visitor asks.
    tasks.year_pdfs_queue(assessment=assessment)


@receiver(content_changed)
def documents_content_changed(sender, **kwargs):
    caching.invalidate()  # content_changed is sent after the commit


@receiver(post_migrate)
def migrated(sender, **kwargs):
    # A data migration writes through historical models, which the receivers below never see.
    if sender.label in DOCUMENT_APPS:
        caching.invalidate()


def row_written(sender, using=None, **kwargs):
    caching.invalidate_on_commit(using=using)


def rows_linked(sender, action, using=None, **kwargs):
    if action in ("post_add", "post_remove", "post_clear"):
        caching.invalidate_on_commit(using=using)


def connect_rows():
    """Every save, delete and many-to-many change of a row the documents may print invalidates
    once it commits: the admin (inlines included), the imports and the services, whatever the
    writer announces itself. History rows are left out: each comes with a row of its own."""
    for label in DOCUMENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if getattr(model, "instance_type", None) is not None:  # simple_history's record
                continue
            uid = f"publishing.caching:{model._meta.label}"
            if model._meta.auto_created:  # a many-to-many table
                m2m_changed.connect(rows_linked, sender=model, dispatch_uid=uid)
            else:
                post_save.connect(row_written, sender=model, dispatch_uid=uid)
                post_delete.connect(row_written, sender=model, dispatch_uid=uid)


connect_rows()
