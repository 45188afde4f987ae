from django import template

from cop_portal import mail

register = template.Library()


@register.filter
def full_url(obj) -> str:
    """An object's page as a whole address, in the language the email is written in."""
    return mail.absolute_url(obj.get_absolute_url())
