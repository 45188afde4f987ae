"""Queue a Celery task by its name, so the module that queues it need not import it.

A service imports nothing from its app's `tasks` module (tasks import services); it names
the task instead. Eager mode (tests, no Redis) still runs the task in the process.
"""

import importlib

from celery import current_app


def enqueue(task_name: str, /, **kwargs) -> None:
    # The web process imports task modules on first use (the worker imports them all).
    importlib.import_module(task_name.rpartition(".")[0])
    current_app.tasks[task_name].delay(**kwargs)
