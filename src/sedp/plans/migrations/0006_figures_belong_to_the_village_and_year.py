"""A figure belongs to a unit and a plan year, no longer to a plan: a village enters its Biểu 1/2 before (or
without) an annual plan, and the commune reads every village's figures for the year.

Figures kept on plans move to the plan's unit and first year; where several versions of a plan (or a mid-term and
an annual plan of the same year) held the same measure, the latest plan's value wins."""

import django.db.models.deletion
from django.db import migrations, models


def plans_to_units(apps, schema_editor):
    Figure = apps.get_model("plans", "Figure")
    seen = set()
    for f in Figure.objects.select_related("plan").order_by("-plan__version", "-plan_id", "-id"):
        key = (f.plan.unit_id, f.plan.year_from, f.measure_id)
        if key in seen:
            f.delete()
            continue
        seen.add(key)
        f.unit_id, f.year = key[0], key[1]
        f.save(update_fields=["unit", "year"])


class Migration(migrations.Migration):
    dependencies = [
        ("places", "0001_initial"),
        ("plans", "0005_plan_signer_authority"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="figure", name="figure_once_per_plan"),
        migrations.AddField(
            model_name="figure",
            name="unit",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="figures",
                to="places.unit",
                verbose_name="unit",
            ),
        ),
        migrations.AddField(
            model_name="figure",
            name="year",
            field=models.PositiveSmallIntegerField(null=True, verbose_name="plan year"),
        ),
        migrations.AddField(
            model_name="figure",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.RunPython(plans_to_units, migrations.RunPython.noop),
        migrations.RemoveField(model_name="figure", name="plan"),
        migrations.AlterField(
            model_name="figure",
            name="unit",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="figures",
                to="places.unit",
                verbose_name="unit",
            ),
        ),
        migrations.AlterField(
            model_name="figure",
            name="year",
            field=models.PositiveSmallIntegerField(verbose_name="plan year"),
        ),
        migrations.AlterModelOptions(
            name="figure",
            options={"ordering": ["unit", "year", "measure__form", "measure__order", "measure_id"]},
        ),
        migrations.AddConstraint(
            model_name="figure",
            constraint=models.UniqueConstraint(
                fields=("unit", "year", "measure"), name="figure_once_per_unit_year"
            ),
        ),
    ]
