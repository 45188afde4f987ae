from django import forms
from django.utils.translation import gettext_lazy as _


class EvaluationForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How useful was this event for you?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is the best."),
        error_messages={"required": _("Choose a rating from 1 to 5.")},
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Only the organisers read the comments."),
    )
