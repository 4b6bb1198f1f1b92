"""The one signal every domain app sends when it writes something a published document may
print, so that publishing (at the top of the stack) can drop what it cached without any app
below it importing publishing.

Publishing also listens to the rows' own post_save, post_delete and m2m_changed: a write through
`Model.save()`, `delete()` or a many-to-many change is seen without a word from its app. What
those signals never see is for the writer to announce: `QuerySet.update()`, `bulk_create()`
(and simple_history's `bulk_create_with_history`), SQL, a restored database. The services send
it too, so that a write path says in its own code that the public documents follow it.
"""

from django.db import transaction
from django.dispatch import Signal

# Something a public page or PDF may print has changed; sent after the commit (at once outside
# a transaction). Sender: the model (or app) whose data changed; no other arguments.
content_changed = Signal()


def content_changed_on_commit(*, sender):
    """Send `content_changed` once the current transaction commits (nothing if it rolls back)."""
    transaction.on_commit(lambda: content_changed.send(sender=sender))
