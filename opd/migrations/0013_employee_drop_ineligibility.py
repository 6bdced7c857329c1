# The flag's values are records now (eligibility 0002): the column goes.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('opd', '0012_unit_heads_acting_scope'),
        ('eligibility', '0002_no_overlap_and_from_flag'),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='employee',
            name='employee_ineligibility_valid',
        ),
        migrations.RemoveField(
            model_name='employee',
            name='ineligibility',
        ),
    ]
