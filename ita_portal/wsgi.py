import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ita_portal.settings")
application = get_wsgi_application()

# pythainlp's dictionary (1-4 s) loads now, as the serving process starts (gunicorn, and
# `runserver`, which loads this module too), not in the first request that prints Thai text.
# Management commands (migrate, load_demo, ...) never import this module and stay fast.
from core.templatetags.ita import warm_up  # noqa: E402

warm_up()
