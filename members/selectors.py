from django.db.models import QuerySet

from members.models import Member
from members.permissions import STEERING_COMMITTEE


def steering_committee_members() -> QuerySet[Member]:
    return Member.objects.filter(groups__name=STEERING_COMMITTEE, is_active=True).order_by("pk")
