import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("coordination")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

if app.conf.broker_url.startswith("filesystem://"):
    for folder in app.conf.broker_transport_options.values():
        if isinstance(folder, str):
            os.makedirs(folder, exist_ok=True)
    # The file-system transport has no broadcast exchange worth relying on:
    # skip the worker-to-worker chatter that needs one.
    app.conf.worker_enable_remote_control = False
    app.conf.worker_send_task_events = False
