from django import forms

from evaluations.models import Evaluation


class EvaluationForm(forms.ModelForm):
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
