"""A health check for the load balancer and the throughput bench's baseline: it answers
through the whole middleware stack and touches neither the database nor a template."""

from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def health(request):
    return HttpResponse("ok", content_type="text/plain")
