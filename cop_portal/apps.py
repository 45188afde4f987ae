from django.apps import AppConfig


class CopPortalConfig(AppConfig):
    name = "cop_portal"

    def ready(self) -> None:
        from cop_portal import (
            checks,  # noqa: F401  (registers the system checks)
            pagecache,
        )

        pagecache.connect()
