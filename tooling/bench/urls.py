"""The bench's URL configuration: the portal's own URLs plus one trivial view.

Mounted only by the bench (override_settings(ROOT_URLCONF=...)), never in production: the trivial
view is the yardstick each page's time is divided by, so figures travel between machines.
"""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from pmi_aqt.urls import urlpatterns as portal_urlpatterns

TRIVIAL_PATH = "/__bench__/trivial/"
TRIVIAL_NAME = "bench_trivial"


@login_not_required
def trivial(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path(TRIVIAL_PATH.strip("/") + "/", trivial, name=TRIVIAL_NAME), *portal_urlpatterns]
