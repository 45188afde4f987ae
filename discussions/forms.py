from django import forms
from django.utils.translation import gettext_lazy as _

from cop_portal.markdown import validate_markdown_length
from discussions.models import TITLE_MAX_LENGTH, Room

MAX_TAGS = 8
TAG_MAX_LENGTH = 40


class PostForm(forms.Form):
    body = forms.CharField(
        label=_("Message"),
        validators=[validate_markdown_length],  # COP_MARKDOWN_MAX_LENGTH
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Markdown works: **bold**, *italic*, lists, links, `code`. "
            "Mention a member with @ and their handle, for example @amina-diallo."
        ),  # fmt: skip
        error_messages={"required": _("Please write a message.")},
    )
    reply_to = forms.IntegerField(required=False, widget=forms.HiddenInput)


class TopicForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Please give the topic a title.")},
    )
    body = PostForm.base_fields["body"]
    tags = forms.CharField(
        label=_("Tags"),
        required=False,
        max_length=400,
        help_text=_("Optional, separated by commas, e.g. mobile money, openIMIS."),
    )

    def clean_tags(self) -> list[str]:
        tags = []
        for raw in self.cleaned_data["tags"].split(","):
            tag = " ".join(raw.split())
            if not tag:
                continue
            if len(tag) > TAG_MAX_LENGTH:
                raise forms.ValidationError(
                    _("Each tag may have at most %(limit)d characters."),
                    params={"limit": TAG_MAX_LENGTH},
                )
            if tag.lower() not in (t.lower() for t in tags):
                tags.append(tag)
        if len(tags) > MAX_TAGS:
            raise forms.ValidationError(
                _("Please use at most %(limit)d tags."), params={"limit": MAX_TAGS}
            )
        return tags


class FlagForm(forms.Form):
    reason = forms.CharField(
        label=_("Why should a moderator look at this post?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Please say what is wrong with this post.")},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason (kept in the moderation log)"), max_length=500,
                             required=False)  # fmt: skip


class MoveForm(ReasonForm):
    room = forms.ModelChoiceField(label=_("Move to room"), queryset=Room.objects.none())

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        if rooms is not None:
            self.fields["room"].queryset = rooms
