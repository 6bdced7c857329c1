"""The staff import from Excel: BKPSDM only (the mayor's office reads, it does not import)."""

from tests.url_expectations import no_kwargs

BKPSDM_ONLY = {
    "anonymous": 302,
    "employee": 403,
    "head_a": 403,
    "head_b": 403,
    "mayor": 403,
}


def a_unit_mapping(fixture):
    from staff_import.models import UnitMapping

    mapping, _ = UnitMapping.objects.get_or_create(
        siasn_name="Puskesmas Makrayu (SIASN)", defaults={"unit": fixture("unit_a")}
    )
    return {"pk": mapping.pk}


EXPECTATIONS = {
    "opd:staff_import": {"kwargs": no_kwargs, "method": "get", **BKPSDM_ONLY, "bkpsdm": 200},
    "opd:staff_import_template": {
        "kwargs": no_kwargs,
        "method": "get",
        **BKPSDM_ONLY,
        "bkpsdm": 200,
    },
    # An empty form: no file is refused with the upload page again.
    "opd:staff_import_check": {
        "kwargs": no_kwargs,
        "method": "post",
        **BKPSDM_ONLY,
        "bkpsdm": 400,
    },
    # No token of this session: refused with the upload page again, nothing written.
    "opd:staff_import_confirm": {
        "kwargs": no_kwargs,
        "method": "post",
        **BKPSDM_ONLY,
        "bkpsdm": 400,
    },
    # No kept upload in this session: the upload page again with the reason.
    "opd:staff_import_preview": {
        "kwargs": no_kwargs,
        "method": "get",
        **BKPSDM_ONLY,
        "bkpsdm": 400,
    },
    "opd:unit_mapping_list": {"kwargs": no_kwargs, "method": "get", **BKPSDM_ONLY, "bkpsdm": 200},
    "opd:unit_mapping_add": {"kwargs": no_kwargs, "method": "get", **BKPSDM_ONLY, "bkpsdm": 200},
    "opd:unit_mapping_edit": {
        "kwargs": a_unit_mapping,
        "method": "get",
        **BKPSDM_ONLY,
        "bkpsdm": 200,
    },
    "opd:siasn_columns": {"kwargs": no_kwargs, "method": "get", **BKPSDM_ONLY, "bkpsdm": 200},
}
