"""Percentages and ratios rolled up from their numerators and denominators, and min/max.

Existing measures keep their rule, except the default poverty rate ("Tỷ lệ hộ nghèo"), which was the mean of the
villages' rates weighted by households: it becomes a percentage of the poor households over the households, the
two default Biểu 1 counts it is made of (where both exist and the rule was not changed since). The other default
rates (clean water, latrines, electricity, schooling, cultural families) have no count of their numerator in the
default list and stay as they are."""

import django.db.models.deletion
from django.db import migrations, models


POVERTY = ("poverty_rate", "mean_households", "poor_households", "households")


def poverty_rate_as_percent(apps, schema_editor):
    Measure = apps.get_model("plans", "Measure")
    key, old, num, den = POVERTY
    defaults = {m.key: m for m in Measure.objects.filter(unit=None, key__in=[key, num, den])}
    rate = defaults.get(key)
    if rate is None or rate.rollup != old or num not in defaults or den not in defaults:
        return
    rate.rollup = "percent"
    rate.numerator = defaults[num]
    rate.denominator = defaults[den]
    rate.save(update_fields=["rollup", "numerator", "denominator"])


def poverty_rate_as_mean(apps, schema_editor):
    Measure = apps.get_model("plans", "Measure")
    Measure.objects.filter(rollup__in=["percent", "ratio"]).update(
        rollup=POVERTY[1], numerator=None, denominator=None
    )
    Measure.objects.filter(rollup__in=["min", "max"]).update(rollup="mean")


class Migration(migrations.Migration):

    dependencies = [
        ('places', '0001_initial'),
        ('plans', '0008_plan_item_labour_value'),
    ]

    operations = [
        migrations.AddField(
            model_name='measure',
            name='denominator',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='plans.measure', verbose_name='denominator'),
        ),
        migrations.AddField(
            model_name='measure',
            name='numerator',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='plans.measure', verbose_name='numerator'),
        ),
        migrations.AlterField(
            model_name='measure',
            name='rollup',
            field=models.CharField(choices=[('sum', 'sum'), ('mean', 'average of the villages'), ('mean_households', 'average weighted by households'), ('mean_population', 'average weighted by population'), ('percent', 'percentage of the total numerator over the total denominator'), ('ratio', 'ratio of the total numerator to the total denominator'), ('min', 'smallest value of the villages'), ('max', 'largest value of the villages')], default='sum', max_length=20, verbose_name='rolled up as'),
        ),
        migrations.RunPython(poverty_rate_as_percent, poverty_rate_as_mean),
        migrations.AddConstraint(
            model_name='measure',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('rollup__in', ['percent', 'ratio']), _negated=True), models.Q(('denominator__isnull', False), ('numerator__isnull', False)), _connector='OR'), name='measure_fraction_has_numerator_and_denominator'),
        ),
    ]
