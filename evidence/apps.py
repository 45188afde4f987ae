from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def grant_curation(sender, **kwargs):
    """The Steering committee curates the library in admin (members' post_migrate creates
    the group first: INSTALLED_APPS order)."""
    from django.contrib.auth.models import Group, Permission

    from members.permissions import STEERING_COMMITTEE

    steering, _created = Group.objects.get_or_create(name=STEERING_COMMITTEE)
    steering.permissions.add(
        *Permission.objects.filter(content_type__app_label="evidence").exclude(
            codename__in=["add_statuschange", "change_statuschange", "delete_statuschange"]
        )
    )


class EvidenceConfig(AppConfig):
    name = "evidence"
    verbose_name = _("Evidence library")

    def ready(self):
        post_migrate.connect(grant_curation, sender=self)
        from cop_portal import links
        from evidence.links import evidence_cards

        links.register(evidence_cards)
        from cop_portal import promotions
        from evidence.services import item_from_presentation

        promotions.register("presentation", item_from_presentation)
        from members import registry

        export = registry.Purpose.EXPORT
        curation = (
            "the steering committee's curation record of a shared library item, not the "
            "member's own data"
        )
        kept = "kept; the member row is anonymised, so it reads as a former member"
        suggestion = (
            "a suggestion becomes the community's library item once curated; the suggester "
            "is credited on it, as on any published item"
        )
        relations = {"evidence.StatusChange.changed_by": curation}
        # The review queue is a proxy of the item: the same relations under its name.
        for model in ("EvidenceItem", "ItemInReview"):
            relations[f"evidence.{model}.curated_by"] = curation
            relations[f"evidence.{model}.suggested_by"] = suggestion
        for relation, reason in relations.items():
            registry.exclude(relation, purpose=export, reason=reason)
            registry.cover(relation, purpose=registry.Purpose.ERASURE, note=kept)
