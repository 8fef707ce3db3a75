"""Background tasks of the rapportage app (django-tasks; settings.TASKS chooses the backend:
in-process by default, ``django_tasks_db.DatabaseBackend`` with TASKS_BACKEND=database)."""

from django_tasks import task


@task()
def rapport_maken(rapport_id: int) -> bool:
    """Make one queued report; does nothing for a row that is not in the queue."""
    from .services import rapport_maken_uitvoeren

    return rapport_maken_uitvoeren(rapport_id)
