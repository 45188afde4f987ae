from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, number) -> str:
    """A link to another page of the same list that keeps the filters in the query string."""
    request = context.get("request")
    query = request.GET.copy() if request else {}
    if request:
        query.pop("page", None)
        query["page"] = number
        return f"?{query.urlencode()}"
    return f"?page={number}"
