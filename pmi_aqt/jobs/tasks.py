from celery import shared_task

from . import services


@shared_task(name=services.RUN_JOB, acks_late=True)
def run_job(job_id: int) -> str:
    """Produce the job's file (once, however often the message is delivered)."""
    return services.job_run(job_id=job_id)


@shared_task(name="pmi_aqt.jobs.tasks.sweep_jobs")
def sweep_jobs() -> dict[str, int]:
    """Periodic: expired files deleted, lost jobs queued again."""
    return services.jobs_sweep()
