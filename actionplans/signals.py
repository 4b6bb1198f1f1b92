"""What actionplans announces to the apps above it (which it never imports)."""

from django.dispatch import Signal

# `manage.py send_action_reminders` ran for `today` (a date) with `base_url`: the apps above
# queue their own reminders (the survey drive's IIT reminder) and return the lines the command
# prints (Thai), as a list of strings.
reminders_requested = Signal()

# `manage.py load_demo` loaded the demo (`example`: with the example data, DEBUG on; `reset`):
# the apps above load their own demo rows and return the lines the command prints.
demo_loaded = Signal()
