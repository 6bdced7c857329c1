from django import forms

from opd.models import AsnType, PositionType, Unit


class EmployeeFilterForm(forms.Form):
    """Filters of a staff list; invalid filters are ignored rather than breaking the page."""

    q = forms.CharField(label="Nama atau NIP", required=False, max_length=100)
    unit = forms.ModelChoiceField(label="Unit", queryset=Unit.objects.none(), required=False)
    asn_type = forms.ChoiceField(
        label="Jenis ASN", choices=[("", "Semua")] + AsnType.choices, required=False
    )
    position_type = forms.ChoiceField(
        label="Jenis jabatan", choices=[("", "Semua")] + PositionType.choices, required=False
    )

    def __init__(self, *args, opd, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(opd=opd).order_by("name")
        self.fields["unit"].empty_label = "Semua unit"

    def filter(self, employees):
        if not self.is_bound:
            return employees
        self.is_valid()  # a bad filter (e.g. another OPD's unit) drops only itself
        data = {name: self.cleaned_data.get(name) for name in self.fields}
        if data["q"]:
            employees = employees.search(data["q"])
        if data["unit"]:
            employees = employees.filter(unit=data["unit"])
        if data["asn_type"]:
            employees = employees.filter(asn_type=data["asn_type"])
        if data["position_type"]:
            employees = employees.filter(position_type=data["position_type"])
        return employees
