"""The default lists every unit starts from (editable: a unit adds its own sectors, tools and criteria)."""

from django.db import migrations

# Source 000 (PCM project, Nam Định, 2013): the six sectors of the needs conference.
SECTORS = [
    "Kinh tế và hạ tầng",
    "Giáo dục",
    "Y tế, vệ sinh môi trường, dân số và kế hoạch hóa gia đình",
    "Quản lý đô thị, quy hoạch sử dụng đất và đất đai",
    "Dân chủ cơ sở và cải cách hành chính một cửa",
    "Các vấn đề xã hội khác (an ninh, bảo trợ xã hội, người yếu thế, người có công)",
]
# Source 001: the PRA kit of 12 tools.
TOOLS = [
    "Sơ đồ tài nguyên thôn",
    "Đi lát cắt",
    "Lịch thời vụ",
    "Lược sử thôn",
    "Sơ đồ Venn",
    "Phân loại kinh tế hộ",
    "Cây vấn đề",
    "Xếp hạng cặp đôi",
    "Xếp hạng ma trận",
    "Lịch hoạt động hằng ngày",
    "Biểu đồ xu hướng",
    "Phân tích sinh kế",
]
# Source 001: the five priority criteria; equal weights (the source gives none). Keys match sedp.core.ranking.
CRITERIA = [
    ("urgency", "Mức độ cấp thiết"),
    ("ease", "Dễ thực hiện"),
    ("women", "Do phụ nữ đề xuất"),
    ("self_reliance", "Ít phụ thuộc bên ngoài"),
    ("village_fit", "Phù hợp cách làm của thôn"),
]


def add_defaults(apps, schema_editor):
    Sector = apps.get_model("needs", "Sector")
    PraTool = apps.get_model("needs", "PraTool")
    Criterion = apps.get_model("needs", "Criterion")
    for i, name in enumerate(SECTORS, start=1):
        Sector.objects.get_or_create(unit=None, name=name, defaults={"order": i})
    for i, name in enumerate(TOOLS, start=1):
        PraTool.objects.get_or_create(unit=None, name=name, defaults={"order": i})
    for i, (key, name) in enumerate(CRITERIA, start=1):
        Criterion.objects.get_or_create(unit=None, key=key, defaults={"name": name, "order": i, "weight": 1})


def remove_defaults(apps, schema_editor):
    for model in ("Sector", "PraTool", "Criterion"):
        apps.get_model("needs", model).objects.filter(unit=None).delete()


class Migration(migrations.Migration):
    dependencies = [("needs", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, remove_defaults)]
