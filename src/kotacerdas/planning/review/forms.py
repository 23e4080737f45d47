"""HTML forms of the review: comments and the reason for returning a masterplan."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Comment


class CommentForm(forms.ModelForm):
    class Meta:
        model = Comment
        fields = ["section", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
