"""The portal's production settings, for the bench, with one difference: static files are
served without the manifest, because `collectstatic` with the manifest storage currently fails
on the vendored chart.js (its `sourceMappingURL` names a .map file that is not vendored).
Everything else (DEBUG off, the cached template loader, Redis, the middleware) is production's.
"""

from pmi_aqt.settings import *  # noqa: F403
from pmi_aqt.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
