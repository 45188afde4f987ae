from django.http import Http404
from django.shortcuts import get_object_or_404, render

from members import permissions
from members.models import Member


def profile(request, pk: int):
    member = get_object_or_404(Member.objects.select_related("organisation"), pk=pk)
    if not permissions.can_view_profile(request.user, member):
        raise Http404
    return render(request, "members/profile.html", {"profile": member})
