from celery import shared_task


@shared_task(acks_late=True)
def run_export(job_id: str) -> str:
    """Write an export file. Safe to run twice: a finished job is left alone."""
    from .services import write

    return write(job_id).state


@shared_task
def delete_expired_exports() -> int:
    """Export files live for 7 days; then file and job go."""
    from .services import delete_expired

    return delete_expired()
