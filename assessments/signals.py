"""What happens to a year that other apps may want to know, without this app knowing them:
publishing listens to drop what it cached and render the year's documents again."""

from django.dispatch import Signal

# A year was published, withdrawn to a draft, or corrected (saved again while published);
# sent after the commit.
# Arguments: assessment.
publication_changed = Signal()
