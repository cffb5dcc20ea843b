from django.db import migrations
from django.db.models import OuterRef, Subquery


def date_by_meeting(apps, schema_editor):
    """Plans adopted before this carried the day they were typed in; the adoption meeting's date is the right one."""
    Plan = apps.get_model("plans", "Plan")
    Meeting = apps.get_model("meetings", "Meeting")
    starts = Meeting.objects.filter(pk=OuterRef("adopted_at")).values("starts_at")[:1]
    Plan.objects.filter(adopted_at__isnull=False).update(adopted_on=Subquery(starts))


class Migration(migrations.Migration):
    dependencies = [("plans", "0006_figures_belong_to_the_village_and_year"), ("meetings", "0002_alter_meeting_kind")]

    operations = [migrations.RunPython(date_by_meeting, migrations.RunPython.noop)]
