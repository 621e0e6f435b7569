"""The Celery beat schedule: every periodic task of the portal, by the name of its task."""

from celery.schedules import crontab


def _daily(task: str, hour: int, minute: int) -> dict:
    return {"task": task, "schedule": crontab(hour=hour, minute=minute)}


# No schedule between 02:00 and 03:00 local time: that hour is skipped or doubled when the clocks change.

BEAT_SCHEDULE = {
    "clear-expired-sessions": _daily("accounts.tasks.clear_expired_sessions", 4, 15),
    "forget-old-login-failures": {"task": "accounts.tasks.forget_old_login_failures", "schedule": 3600.0},
    "round-closing-reminders": _daily("tenders.tasks.round_closing_reminders", 7, 0),
    "assessment-reminders": _daily("tenders.tasks.assessment_reminders", 7, 5),
    "information-request-reminders": _daily("tenders.tasks.information_request_reminders", 7, 10),
    "report-reminders": _daily("tenders.tasks.report_reminders", 7, 15),
    "decision-term-reminders": _daily("tenders.tasks.decision_term_reminders", 7, 17),
    "objection-term-reminders": _daily("tenders.tasks.objection_term_reminders", 7, 18),
    "reclaim-reminders": _daily("tenders.tasks.reclaim_reminders", 7, 19),
    "requeue-stalled-exports": {"task": "exports.tasks.requeue_stalled_exports", "schedule": 60.0},
    "redispatch-outbox": {"task": "outbox.tasks.redispatch_outbox", "schedule": 60.0},
    "delete-expired-exports": _daily("exports.tasks.delete_expired_exports", 4, 45),
    "keyperson-action-reminders": _daily("keypersons.tasks.action_reminders", 7, 20),
    "keyperson-consent-reminders": _daily("keypersons.tasks.consent_expiry_reminders", 7, 25),
    "keyperson-retention-reminders": _daily("keypersons.tasks.retention_review_reminders", 7, 30),
    "keyperson-signal-response-reminders": _daily("keypersons.tasks.signal_response_reminders", 7, 35),
    "keyperson-remove-expired-profiles": _daily("keypersons.tasks.remove_expired_profiles", 4, 30),
    "keyperson-pseudonymise-unreviewed": _daily("keypersons.tasks.pseudonymise_unreviewed", 4, 35),
    "keyperson-purge-access-log": _daily("keypersons.tasks.purge_access_log", 4, 40),
    "network-figures-per-quarter": _daily("progress.tasks.freeze_network_figures", 5, 0),
    "reminder-digests": _daily("reminders.tasks.send_reminder_digests", 7, 45),
}
