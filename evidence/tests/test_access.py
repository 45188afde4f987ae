"""The evidence read rule in its two shapes agrees for every role and every status."""

import pytest

from conftest import ROLES
from evidence.models import EvidenceItem
from evidence.permissions import can_read_evidence, evidence_rule, readable_evidence
from evidence.tests.factories import in_status
from members.models import Member
from members.tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

ALL_ROLES = [*ROLES, "plain_staff"]


@pytest.fixture
def world(db):
    return {status: in_status(status, title_en=status) for status in EvidenceItem.Status.values}


@pytest.fixture(params=ALL_ROLES)
def reader(request, world):
    if request.param == "visitor":
        return None
    if request.param == "plain_staff":
        return MemberFactory(display_name="Plain Staff", is_staff=True)
    return request.getfixturevalue(request.param)


def test_the_check_and_the_list_agree_for_every_role_and_status(reader):
    listed = set(
        EvidenceItem.objects.filter(readable_evidence(reader)).values_list("pk", flat=True)
    )
    for item in EvidenceItem.objects.all():
        assert can_read_evidence(reader, item) == (item.pk in listed), (item.status, reader)
        if reader is not None:
            readers = Member.objects.filter(evidence_rule.readers(item), pk=reader.pk)
            assert can_read_evidence(reader, item) == readers.exists(), (item.status, reader)


def _titles(reader):
    return set(
        EvidenceItem.objects.filter(readable_evidence(reader)).values_list("title_en", flat=True)
    )


def test_what_each_role_reads(world, pending, member, moderator, steering, staff):
    assert (
        _titles(None) == _titles(pending) == _titles(member) == _titles(moderator) == {"published"}
    )
    assert _titles(steering) == _titles(staff) == set(EvidenceItem.Status.values)
