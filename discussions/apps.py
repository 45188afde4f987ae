from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Discussions")

    def ready(self):
        from discussions.export import export_member_data
        from discussions.profile import recent_posts_section
        from discussions.services import member_discussion_data_erase
        from members import registry

        registry.register_exporter("discussions", export_member_data)
        registry.register_profile_section(recent_posts_section)
        registry.register_eraser(member_discussion_data_erase)
