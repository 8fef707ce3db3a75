"""Background tasks of the overleg app (django-tasks; settings.TASKS chooses the backend)."""

from django_tasks import task


@task()
def herinnering_versturen(herinnering_id: int) -> bool:
    """Send one queued reminder or notice; sends nothing if it was sent already."""
    from .herinneringen import versturen

    return versturen(herinnering_id)
