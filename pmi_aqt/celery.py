import os

from celery import Celery
from celery.signals import beat_init, worker_init

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pmi_aqt.settings")

app = Celery("pmi_aqt")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_configure.connect
def _create_filesystem_broker_folders(sender: Celery, **kwargs) -> None:
    # The embedded broker (no Redis) needs its folders before the first message.
    options = sender.conf.broker_transport_options or {}
    for key in ("data_folder_in", "data_folder_out", "processed_folder", "control_folder"):
        if options.get(key):
            os.makedirs(options[key], exist_ok=True)


@worker_init.connect
@beat_init.connect
def _require_secret_key(**kwargs) -> None:
    from django.core.exceptions import ImproperlyConfigured

    from .startup import require_secret_key

    try:
        require_secret_key()
    except ImproperlyConfigured as error:
        # Celery logs what a signal handler raises and goes on: stop the process instead.
        raise SystemExit(str(error)) from error
