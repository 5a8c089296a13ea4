"""The Celery tasks that services hand work to, by name.

Tasks sit above the services they wrap (projects/tasks.py imports them), so a service never
imports the tasks module: it queues a task under the name given here, which projects/tasks.py
declares the task with. Arguments are ids and plain values only: the worker reads the rest from
the database.
"""

from celery import current_app

NOTIFY_TEAM_OF_INTAKE = "projects.tasks.notify_team_of_intake"
REFRESH_PROGRAMME_FIGURES = "projects.tasks.refresh_programme_figures"


def enqueue(task_name: str, **arguments: int | str | bool | None) -> None:
    """Queue the task named `task_name`; raises what the broker raises when it is unreachable.

    The app's ready() registers the tasks in every process; an eager Celery (the tests) runs
    the task at once.
    """
    current_app.tasks[task_name].delay(**arguments)
