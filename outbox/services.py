"""The transactional outbox: background work that survives a broker outage.

`enqueue("app.tasks.name", *args)` inside the change's transaction writes a `Message`; after the commit
it is handed to the worker (`deliver`). If the broker is down then, nothing is lost: the beat hands every
message that is still not done to the worker again, with a growing pause between tries. The worker runs
the task's function under a lock on the message and marks it done, so two deliveries of one message
run it once. Tasks run this way must be safe to run again after a failure (they are: mail per message).
"""

import logging
from datetime import timedelta
from importlib import import_module

from celery import current_app
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import Message

logger = logging.getLogger(__name__)

# A message handed to the worker but not done after this long is handed again (then 2×, 4× … up to an hour).
RETRY_AFTER = timedelta(minutes=2)
MAX_PAUSE = timedelta(hours=1)
# A message that failed this often is given up (it stays, with its error, in the admin for the application
# manager); a done message is removed after this long, so addresses in it are not kept for ever (AVG art. 5(1)(e)).
MAX_FAILURES = 20
KEEP_DONE_FOR = timedelta(days=30)


def task_named(name: str):
    """The Celery task of that name, importing its module when this process has not yet."""
    if name not in current_app.tasks:
        import_module(name.rsplit(".", 1)[0])
    return current_app.tasks[name]


def enqueue(task: str, *args, **kwargs) -> Message:
    """Write the message in the current transaction; hand it to the worker once that commits."""
    try:
        task_named(task)
    except (ImportError, KeyError, ValueError) as error:
        raise ValueError(f"Unknown task {task!r}: define it in an app's tasks.py.") from error
    message = Message.objects.create(task=task, args=list(args), kwargs=kwargs)
    transaction.on_commit(lambda: dispatch(message.pk), robust=True)
    return message


def dispatch(message_id: int) -> bool:
    """Hand the message to the worker; False (logged) while the broker is away — the beat tries again."""
    from .tasks import deliver

    Message.objects.filter(pk=message_id).update(dispatched_at=timezone.now(), dispatches=F("dispatches") + 1)
    try:
        deliver.delay(message_id)
    except Exception as error:  # the broker is down: the message waits in the database
        logger.warning("Outbox message %s waits for the broker: %s", message_id, error)
        return False
    return True


def run(message_id: int) -> bool:
    """Run the message's task once (in the worker). True when it ran now, False when done or busy already."""
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, delivered_at__isnull=True)
            .first()
        )
        if message is None:
            return False
        try:
            with transaction.atomic():
                task_named(message.task).run(*message.args, **message.kwargs)
        except Exception as error:
            logger.exception("Outbox message %s (%s) failed; it is tried again", message.pk, message.task)
            Message.objects.filter(pk=message.pk).update(
                failures=F("failures") + 1, last_error=str(error)[:2000]
            )
            return False
        Message.objects.filter(pk=message.pk).update(delivered_at=timezone.now(), last_error="")
    return True


def redispatch_waiting(now=None) -> int:
    """Hand every message that is not done to the worker again, once its pause is over (run by the beat).

    Messages that failed MAX_FAILURES times are left (with their error, for the admin); done ones older than
    KEEP_DONE_FOR are removed.
    """
    now = now or timezone.now()
    Message.objects.filter(delivered_at__lt=now - KEEP_DONE_FOR).delete()
    count = 0
    waiting = Message.objects.filter(delivered_at__isnull=True, failures__lt=MAX_FAILURES)
    for message in waiting.only("pk", "dispatched_at", "dispatches"):
        pause = min(RETRY_AFTER * (2 ** max(0, message.dispatches - 1)), MAX_PAUSE)
        if message.dispatched_at is None or message.dispatched_at <= now - pause:
            count += dispatch(message.pk)
    return count
