import django_filters
from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from taggit.forms import TagField
from taggit.utils import edit_string_for_tags, parse_tags

from cop_portal.filters import CharFacet, ChoiceFacet, FacetFilterSet
from cop_portal.uploads import clean_image
from members import selectors
from members.models import Member, Organisation
from members.services import member_complete_signup


def _clean_name(value: str, message) -> str:
    name = " ".join(value.split())
    if not name:
        raise forms.ValidationError(message)
    return name


def interests_edit_string(tags) -> str:
    """The interests as the member would type them, "mobile money, openIMIS", without the
    straight quotes taggit puts around every name with a space. Quotes stay only where the
    text would not read back as the same names (a name with a comma or a quote); one name
    with a space ends with a comma, which keeps it one name."""
    names = sorted((tag.name for tag in tags), key=str.lower)
    plain = ", ".join(names) + ("," if len(names) == 1 and " " in names[0] else "")
    if sorted(parse_tags(plain)) == sorted(names):
        return plain
    return edit_string_for_tags(list(tags))


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
        return _clean_name(
            self.cleaned_data["display_name"], _("Please enter the name other members will see.")
        )

    def signup(self, request, user: Member) -> None:
        """Called by allauth once the account row exists: store the profile answers."""
        profile_fields = ["display_name", "role", "organisation_name", "country"]
        member_complete_signup(
            member=user,
            preferred_language=self.cleaned_data["preferred_language"],
            **{field: self.cleaned_data[field] for field in profile_fields},
        )


class ProfileForm(forms.ModelForm):
    organisation_name = forms.CharField(
        label=_("Organisation"),
        max_length=200,
        required=False,
        help_text=_("Pick a name from the suggestions or type a new one."),
        widget=forms.TextInput(attrs={"list": "organisation-names", "autocomplete": "off"}),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=Member.Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    interests = TagField(
        label=_("Interests"),
        required=False,
        help_text=_("Separate interests with commas, for example: mobile money, openIMIS."),
        widget=forms.TextInput(attrs={"list": "interest-suggestions", "autocomplete": "off"}),
    )
    avatar = forms.FileField(
        label=_("Avatar"),
        required=False,
        help_text=_("A JPEG, PNG or WebP image of at most 2 MB. It is cropped to a square."),
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Remove my avatar"), required=False)

    class Meta:
        model = Member
        fields = [
            "display_name",
            "handle",
            "role",
            "country",
            "bio",
            "preferred_language",
            "email_notifications",
            "email_digest",
            "profile_visibility",
        ]
        labels = {
            "display_name": _("Display name"),
            "handle": _("Handle"),
            "role": _("Role"),
            "country": _("Country"),
            "bio": _("Short bio"),
            "preferred_language": _("Preferred language"),
            "email_notifications": _("Emails when someone mentions me or replies to me"),
            "email_digest": _("Send me the weekly digest by email"),
            "profile_visibility": _("Who can see my profile"),
        }
        help_texts = {
            "handle": _(
                "Members mention you by typing @ and your handle, for example @amina-diallo. "
                "Letters a to z, digits, hyphens and underscores."
            ),
            "bio": _(
                "A few lines about your work. Markdown is allowed: **bold**, *italics*, links."
            ),
        }
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 5}),
            "email_notifications": forms.RadioSelect,
        }

    field_order = [
        "display_name",
        "handle",
        "role",
        "organisation_name",
        "country",
        "languages",
        "bio",
        "interests",
        "avatar",
        "remove_avatar",
        "preferred_language",
        "email_notifications",
        "email_digest",
        "profile_visibility",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        member = self.instance
        self.fields["handle"].required = False
        if not self.is_bound:
            self.initial["organisation_name"] = (
                member.organisation.name if member.organisation else ""
            )
            self.initial["languages"] = member.language_list
            self.initial["interests"] = interests_edit_string(member.interests.all())

    def clean_display_name(self):
        return _clean_name(
            self.cleaned_data["display_name"], _("Please enter the name other members will see.")
        )

    def clean_handle(self):
        """ "@amina" is taken as "amina"; left empty, the handle stays as it was."""
        handle = (self.cleaned_data["handle"] or "").strip().removeprefix("@")
        return handle or self.instance.handle

    def clean_interests(self):
        tags = [" ".join(tag.split())[:60] for tag in self.cleaned_data["interests"]]
        tags = sorted({tag for tag in tags if tag}, key=str.lower)
        if len(tags) > 20:
            raise forms.ValidationError(_("Please choose at most 20 interests."))
        return tags

    def clean_avatar(self):
        upload = self.cleaned_data.get("avatar")
        if not upload:
            return None
        return clean_image(upload)


def _member_search(queryset, _name, value):
    # A union of two lookups, each served by an index (the name's is a trigram index on
    # PostgreSQL): an OR across the organisation join read every member's name.
    by_name = Member.objects.filter(display_name__icontains=value).order_by().values("pk")
    by_organisation = (
        Member.objects.filter(
            organisation__in=Organisation.objects.filter(
                Q(name_en__icontains=value) | Q(name_fr__icontains=value)
            )
        )
        .order_by()
        .values("pk")
    )
    return queryset.filter(pk__in=by_name.union(by_organisation))


def _organisation_search(queryset, _name, value):
    """Either language's name finds an organisation, whatever the page's language."""
    return queryset.filter(Q(name_en__icontains=value) | Q(name_fr__icontains=value))


def _country_options(counts):
    """The countries somebody is in, named in the reader's language."""
    return [(code, countries.name(code)) for code in counts]


class MemberDirectoryFilter(FacetFilterSet):
    """The member directory's filters; the five facets are counted."""

    facets = ("role", "country", "kind", "language", "interest")

    q = django_filters.CharFilter(
        label=_("Name or organisation"), max_length=100, method=_member_search
    )
    role = ChoiceFacet(label=_("Role"), choices=Member.Role.choices)
    country = ChoiceFacet(
        label=_("Country"), choices=lambda: list(countries), options=_country_options, collate=True
    )
    kind = ChoiceFacet(
        label=_("Kind of organisation"),
        field_name="organisation__kind",
        choices=Organisation.Kind.choices,
    )
    language = ChoiceFacet(
        label=_("Language"),
        choices=Member.Language.choices,
        method=lambda qs, _name, value: qs.filter(languages__contains=f",{value},"),
        count=selectors.member_language_counts,
    )
    interest = CharFacet(
        label=_("Interest"),
        max_length=100,
        method=lambda qs, _name, value: qs.filter(pk__in=selectors.member_tagged_ids(value)),
        count=selectors.member_interest_counts,
        options=lambda counts: [(name, name) for name in counts],
    )


class OrganisationDirectoryFilter(FacetFilterSet):
    facets = ("kind", "country")

    q = django_filters.CharFilter(label=_("Name"), max_length=100, method=_organisation_search)
    kind = ChoiceFacet(label=_("Kind of organisation"), choices=Organisation.Kind.choices)
    country = ChoiceFacet(
        label=_("Country"),
        choices=lambda: list(countries),
        method=lambda qs, _name, value: qs.filter(Q(based_in=value) | Q(active_in__contains=value)),
        count=selectors.organisation_country_counts,
        options=_country_options,
        collate=True,
    )


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account and personal data will be erased."),
    )

    def __init__(self, *args, member: Member, **kwargs):
        self.member = member
        super().__init__(*args, **kwargs)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.member.check_password(password):
            raise forms.ValidationError(_("This is not your current password."))
        return password
