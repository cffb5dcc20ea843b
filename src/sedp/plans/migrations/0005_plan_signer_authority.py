"""The signature block gets its own authority field (TM./KT./Q.); titles typed with their authority line, and
document numbers typed with their symbol ("25/KH-UBND"), are split the way the forms now split them."""

import re

from django.db import migrations, models


def split_existing(apps, schema_editor):
    Plan = apps.get_model("plans", "Plan")
    for plan in Plan.objects.exclude(signer_title="", doc_number=""):
        authority, titles = "TM", []
        for line in plan.signer_title.splitlines():
            line = " ".join(line.split()).upper()
            if not line or line.startswith("TM.") or line.startswith("TM "):
                continue
            if line.startswith("KT."):
                authority = "KT"
                continue
            if line.startswith("Q."):
                authority, line = "Q", line[2:].strip()
            titles.append(line)
        number = re.sub(r"^s[ốo]\s*:?\s*", "", " ".join(plan.doc_number.split()), flags=re.IGNORECASE)
        plan.signer_authority, plan.signer_title = authority, " ".join(titles)
        plan.doc_number = number.split("/", 1)[0].strip()
        plan.save(update_fields=["signer_authority", "signer_title", "doc_number"])


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_plan_subtitle"),
    ]

    operations = [
        migrations.AddField(
            model_name="plan",
            name="signer_authority",
            field=models.CharField(
                choices=[
                    ("TM", "TM. — the chair signs for the committee"),
                    ("KT", "KT. — a vice-chair signs for the chair"),
                    ("Q", "Q. — the acting chair signs"),
                ],
                default="TM",
                max_length=2,
                verbose_name="signing authority",
            ),
        ),
        migrations.RunPython(split_existing, migrations.RunPython.noop),
    ]
