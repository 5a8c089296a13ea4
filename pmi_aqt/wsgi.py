import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmi_aqt.settings")

application = get_wsgi_application()

from pmi_aqt.startup import require_secret_key  # noqa: E402 - once the settings are loaded

require_secret_key()
