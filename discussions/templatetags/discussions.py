from django import template

from discussions import permissions

register = template.Library()


@register.filter
def editable_by(post, member) -> bool:
    return permissions.can_edit_post(member, post)


@register.filter
def reactable_by(post, member) -> bool:
    return permissions.can_react(member, post)


@register.filter
def flaggable_by(post, member) -> bool:
    return permissions.can_flag(member, post)
