"""The default lines of Biểu 1 (baseline figures) and Biểu 2 (indicators) every village plan states and every
commune plan rolls up; a unit may add its own. Rules: see sedp.core.rollup."""

from django.db import migrations

MEASURES = [
    # key, form, name, unit of measure, rolled up as
    ("households", 1, "Tổng số hộ", "hộ", "sum"),
    ("population", 1, "Tổng số nhân khẩu", "người", "sum"),
    ("women", 1, "Số nữ", "người", "sum"),
    ("poor_households", 1, "Số hộ nghèo", "hộ", "sum"),
    ("near_poor_households", 1, "Số hộ cận nghèo", "hộ", "sum"),
    ("ethnic_households", 1, "Số hộ đồng bào dân tộc thiểu số", "hộ", "sum"),
    ("farmland", 1, "Diện tích đất sản xuất nông nghiệp", "ha", "sum"),
    ("rice_area", 1, "Diện tích lúa nước", "ha", "sum"),
    ("coffee_area", 1, "Diện tích cà phê", "ha", "sum"),
    ("cattle", 1, "Đàn trâu, bò", "con", "sum"),
    ("poverty_rate", 2, "Tỷ lệ hộ nghèo", "%", "mean_households"),
    ("clean_water", 2, "Tỷ lệ hộ dùng nước sinh hoạt hợp vệ sinh", "%", "mean_households"),
    ("latrines", 2, "Tỷ lệ hộ có nhà tiêu hợp vệ sinh", "%", "mean_households"),
    ("electricity", 2, "Tỷ lệ hộ dùng điện lưới", "%", "mean_households"),
    ("school_enrolment", 2, "Tỷ lệ trẻ em trong độ tuổi đến trường", "%", "mean_population"),
    ("income", 2, "Thu nhập bình quân đầu người", "triệu đồng/năm", "mean_population"),
    ("paved_roads", 2, "Đường thôn được cứng hóa", "km", "sum"),
    ("cultural_families", 2, "Tỷ lệ gia đình văn hóa", "%", "mean_households"),
]


def add_defaults(apps, schema_editor):
    Measure = apps.get_model("plans", "Measure")
    for order, (key, form, name, unit, rollup) in enumerate(MEASURES):
        Measure.objects.update_or_create(
            unit=None,
            key=key,
            defaults={"form": form, "name": name, "measure_unit": unit, "rollup": rollup, "order": order},
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("plans", "Measure").objects.filter(unit=None, key__in=[m[0] for m in MEASURES]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0002_commune_plan_logframe_traceability")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
