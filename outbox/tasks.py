from celery import shared_task


@shared_task(acks_late=True)
def deliver(message_id: int) -> bool:
    """Run one outbox message's task (once, however often the message is handed over)."""
    from .services import run

    return run(message_id)


@shared_task
def redispatch_outbox() -> int:
    """Every minute: hand the messages that are not done yet to the worker again."""
    from .services import redispatch_waiting

    return redispatch_waiting()
