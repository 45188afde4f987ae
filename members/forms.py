from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.services import member_complete_signup


class SignupForm(forms.Form):
    """The profile questions asked at sign-up; allauth adds email and passwords."""

    display_name = forms.CharField(
        label=_("Display name"),
        max_length=80,
        help_text=_("How other members see you, for example “Amina Diallo”."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Member.Role.choices)
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    country = Member._meta.get_field("country").formfield(label=_("Country"), required=False)
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"),
        choices=settings.LANGUAGES,
        help_text=_("Pages and emails are shown to you in this language."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name:
            raise forms.ValidationError(_("Please enter the name other members will see."))
        return name

    def signup(self, request, user: Member) -> None:
        """Called by allauth once the account row exists: store the profile answers."""
        profile_fields = ["display_name", "role", "organisation_name", "country"]
        member_complete_signup(
            member=user,
            preferred_language=self.cleaned_data["preferred_language"],
            **{field: self.cleaned_data[field] for field in profile_fields},
        )
