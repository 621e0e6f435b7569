from celery import shared_task


@shared_task(acks_late=True, reject_on_worker_lost=True)
def run_export(job_id: str) -> str:
    """Write an export file. Safe to run twice: a finished job is left alone (`services.write`).

    acks_late: a worker that dies mid-export leaves the message unacknowledged; the sweeper below does not
    wait for the broker's visibility timeout but queues the job again once its heartbeat is stale."""
    from .services import write

    return write(job_id).state


@shared_task
def delete_expired_exports() -> int:
    """Export files live for 7 days; then file and job go."""
    from .services import delete_expired

    return delete_expired()


@shared_task
def requeue_stalled_exports() -> int:
    """Every minute: exports whose worker stopped, or whose message was lost, are queued again."""
    from .services import requeue_stalled

    return requeue_stalled()
