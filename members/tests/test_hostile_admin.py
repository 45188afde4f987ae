"""The steering admin attacked: decisions made twice at once, actions run by a steering
member who is staff but not superuser, merges confirmed twice."""

import threading

import pytest
from django.db import connections

from cop_portal.models import OutgoingEmail
from members import services
from members.models import Member, Organisation
from members.tests.factories import MemberFactory, OrganisationFactory


def _decision_emails(address: str) -> list[str]:
    return list(OutgoingEmail.objects.filter(recipient=address).values_list("key", flat=True))


@pytest.mark.django_db
def test_approve_and_decline_from_two_stale_pages_decide_once_and_send_one_email():
    """Two committee members opened the pending list; one approves, the other declines."""
    applicant = MemberFactory(approval="pending", email="applicant@example.org")
    seen_by_first = Member.objects.get(pk=applicant.pk)
    seen_by_second = Member.objects.get(pk=applicant.pk)
    assert services.members_approve(members=[seen_by_first]) == [seen_by_first]
    assert services.members_decline(members=[seen_by_second]) == []
    applicant.refresh_from_db()
    assert applicant.approval == "approved"
    assert applicant.is_active
    assert len(_decision_emails("applicant@example.org")) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_approve_clicked_twice_at_once_sends_one_email():
    applicants = [MemberFactory(approval="pending") for _ in range(4)]
    barrier = threading.Barrier(2)
    results, errors = [], []

    def approve():
        try:
            loaded = list(Member.objects.filter(pk__in=[a.pk for a in applicants]))
            barrier.wait()
            results.append(len(services.members_approve(members=loaded)))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=approve) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sum(results) == 4
    for applicant in applicants:
        assert len(_decision_emails(applicant.email)) == 1


@pytest.mark.django_db
def test_a_merge_confirmed_twice_from_the_same_page_merges_once_without_error():
    keep, other = OrganisationFactory(), OrganisationFactory()
    members = MemberFactory.create_batch(2, organisation=other)
    stale_keep, stale_other = (
        Organisation.objects.get(pk=keep.pk),
        Organisation.objects.get(pk=other.pk),
    )
    services.organisation_merge(keep=keep, other=other)
    assert services.organisation_merge(keep=stale_keep, other=stale_other).pk == keep.pk
    assert not Organisation.objects.filter(pk=other.pk).exists()
    assert set(Member.objects.filter(organisation=keep).values_list("pk", flat=True)) == {
        m.pk for m in members
    }


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_merge_confirmed_twice_at_once_merges_once_without_error():
    keep, other = OrganisationFactory(), OrganisationFactory()
    members = MemberFactory.create_batch(3, organisation=other)
    barrier = threading.Barrier(2)
    errors = []

    def merge():
        try:
            pair = (Organisation.objects.get(pk=keep.pk), Organisation.objects.get(pk=other.pk))
            barrier.wait()
            services.organisation_merge(keep=pair[0], other=pair[1])
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=merge) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert list(
        Organisation.objects.filter(pk__in=[keep.pk, other.pk]).values_list("pk", flat=True)
    ) == [keep.pk]
    assert Member.objects.filter(organisation=keep).count() == 3 == len(members)
