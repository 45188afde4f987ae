from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigestsConfig(AppConfig):
    name = "digests"
    verbose_name = _("Weekly digest")

    def ready(self):
        import digests.tasks  # noqa: F401 (registered before a service queues one by name)
        from digests.services import erase_member_deliveries
        from members import registry

        registry.register_eraser(
            erase_member_deliveries, relations={"digests.DigestDelivery.member": "deleted"}
        )
        registry.exclude(
            "digests.DigestDelivery.member", purpose=registry.Purpose.EXPORT,
            reason="the record of which weekly digests were sent to the member: delivery "
            "bookkeeping, holding nothing they wrote",
        )  # fmt: skip
