"""HTML forms of the review: comments and the reason for returning a masterplan."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kotacerdas.lib.forms import Form, ModelForm

from .models import Comment


class CommentForm(ModelForm):
    class Meta:
        model = Comment
        fields = ["section", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class ReturnForm(Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
