import pytest
from django.urls import reverse

from members.tests.factories import MemberFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_organisation_admin_shows_description_in_both_languages(admin_client):
    organisation = OrganisationFactory(description_en="A hub", description_fr="Un pôle")
    html = admin_client.get(
        reverse("admin:members_organisation_change", args=[organisation.pk])
    ).content.decode()
    assert 'name="description_en"' in html and 'name="description_fr"' in html
    assert "vendor/jquery-ui/jquery-ui.min" in html
    assert "googleapis" not in html


def test_member_admin_filters_by_approval_role_country_and_last_login(admin_client):
    MemberFactory(display_name="Pat Pending", approval="pending", country="ML")
    MemberFactory(display_name="Ada Approved")
    html = admin_client.get(
        reverse("admin:members_member_changelist") + "?approval__exact=pending"
    ).content.decode()
    assert "Pat Pending" in html and "Ada Approved" not in html
    for heading in ("By membership", "By role", "By country", "By last login"):
        assert heading in html


def test_member_admin_searches_by_name_email_and_organisation(admin_client):
    MemberFactory(display_name="Kwame Asante", organisation=OrganisationFactory(name="MTN MoMo"))
    url = reverse("admin:members_member_changelist")
    assert "Kwame Asante" in admin_client.get(url + "?q=momo").content.decode()


def test_steering_member_can_grant_themself_nothing(client):
    from members.tests.factories import SteeringMemberFactory

    steering = SteeringMemberFactory(is_staff=True)
    admin = MemberFactory(is_staff=True, is_superuser=True)
    client.force_login(steering)
    change = reverse("admin:members_member_change", args=[steering.pk])
    html = client.get(change).content.decode()
    assert 'name="is_superuser"' not in html
    client.post(change, {"is_superuser": "on", "email": steering.email})
    steering.refresh_from_db()
    assert not steering.is_superuser
    response = client.post(
        f"/admin/members/member/{admin.pk}/password/",
        {"password1": "taken-over-2026!", "password2": "taken-over-2026!"},
    )
    assert response.status_code == 403
    admin.refresh_from_db()
    assert not admin.check_password("taken-over-2026!")


def test_admin_avatar_upload_passes_the_image_validator(admin_client, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    from cop_portal.tests.test_uploads import image_bytes

    settings.MEDIA_ROOT = tmp_path
    member = MemberFactory()
    change = reverse("admin:members_member_change", args=[member.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "avatar"}
    data.update(
        {
            "groups": [],
            "user_permissions": [],
            "avatar": SimpleUploadedFile("x.jpg", image_bytes((1200, 800)), "image/jpeg"),
            "last_login_0": "",
            "last_login_1": "",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        }
    )
    response = admin_client.post(change, data)
    assert response.status_code == 302
    member.refresh_from_db()
    with Image.open(member.avatar.path) as stored:
        assert stored.size == (256, 256)


def test_admin_bio_edit_updates_the_profile(admin_client):
    member = MemberFactory(bio="Old", bio_html="<p>Old</p>")
    change = reverse("admin:members_member_change", args=[member.pk])
    form = admin_client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "avatar"}
    data.update(
        {
            "bio": "**New** bio",
            "groups": [],
            "user_permissions": [],
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
        }
    )
    admin_client.post(change, data)
    member.refresh_from_db()
    assert member.bio_html == "<p><strong>New</strong> bio</p>"


@pytest.mark.parametrize(
    ("action", "decided"), [("decline_members", "declined"), ("approve_members", "approved")]
)
def test_membership_actions_change_only_pending_applications(
    client, action, decided, mailoutbox, django_capture_on_commit_callbacks
):
    from members.tests.factories import SteeringMemberFactory

    steering = SteeringMemberFactory(is_staff=True)
    waiting = MemberFactory(approval="pending")
    approved = MemberFactory(approval="approved")
    superuser = MemberFactory(approval="approved", is_staff=True, is_superuser=True)
    declined = MemberFactory(approval="declined", is_active=False)
    client.force_login(steering)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:members_member_changelist"),
            {
                "action": action,
                "_selected_action": [waiting.pk, approved.pk, superuser.pk, declined.pk],
            },
            follow=True,
        )
    rows = {
        m.pk: (m.approval, m.is_active, m.is_superuser)
        for m in type(waiting).objects.filter(
            pk__in=[waiting.pk, approved.pk, superuser.pk, declined.pk]
        )
    }
    assert rows == {
        waiting.pk: (decided, decided == "approved", False),
        approved.pk: ("approved", True, False),
        superuser.pk: ("approved", True, True),
        declined.pk: ("declined", False, False),
    }
    assert [m.to for m in mailoutbox] == [[waiting.email]]
    shown = [str(m) for m in response.context["messages"]]
    assert (
        "3 selected members were skipped: only pending applications can be approved or declined."
        in shown
    )
