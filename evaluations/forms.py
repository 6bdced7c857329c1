from django import forms

from common.text import VisibleTextForm
from evaluations.models import Evaluation


class EvaluationForm(VisibleTextForm, forms.ModelForm):
    strip_invisible = ("readiness_notes", "narrative")  # long text, often pasted

    class Meta:
        model = Evaluation
        fields = [
            "network_ready",
            "devices_ready",
            "applications_ready",
            "readiness_notes",
            "narrative",
        ]
        widgets = {
            "readiness_notes": forms.Textarea(attrs={"rows": 3}),
            "narrative": forms.Textarea(attrs={"rows": 6}),
        }
