from django import template

from members.models import Organisation

register = template.Library()


@register.simple_tag
def organisations_waiting() -> int:
    """How many organisations members typed wait for the steering committee (admin index)."""
    return Organisation.objects.waiting().count()
