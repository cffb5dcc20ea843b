from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from sedp.db import analyze
from sedp.demo.synth import build_province, default_jobs


class Command(BaseCommand):
    help = (
        "Build a synthetic province through the app's own actions (villages' meetings, needs, score sheets and "
        "adopted plans; communes' plans with every need's fate, consulted on, approved and submitted), "
        "deterministic for a seed: the benchmarks' data (docs/scale.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=150)
        parser.add_argument("--villages-per-commune", type=int, default=17, help="on average (±4 from 8 up)")
        parser.add_argument("--needs-per-village", type=int, default=30)
        parser.add_argument("--seed", type=int, default=2027)
        parser.add_argument(
            "--legacy-districts", type=int, default=0, help="a legacy three-tier province with D districts"
        )
        parser.add_argument(
            "--year", type=int, default=None, help="the plan year (default: the one in the making)"
        )
        parser.add_argument("--code", default="SYN", help="the province's code (unique among provinces)")
        parser.add_argument(
            "--waiting", type=int, default=0, help="the last W communes leave their plan at draft (not sent)"
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=None,
            help="build the communes in N processes (default: one per core on PostgreSQL, 1 on SQLite)",
        )

    def handle(self, *args, **o):
        translation.activate("vi")
        if min(o["communes"], o["villages_per_commune"], o["needs_per_village"]) < 1:
            raise CommandError(
                "--communes, --villages-per-commune and --needs-per-village must be at least 1."
            )
        if o["needs_per_village"] > 99:
            raise CommandError("--needs-per-village: at most 99.")
        jobs = default_jobs() if o["jobs"] is None else o["jobs"]
        if jobs < 1:
            raise CommandError("--jobs: at least 1.")
        try:
            s = build_province(
                communes=o["communes"],
                villages_per_commune=o["villages_per_commune"],
                needs_per_village=o["needs_per_village"],
                seed=o["seed"],
                legacy_districts=o["legacy_districts"],
                year=o["year"],
                code=o["code"],
                waiting=o["waiting"],
                jobs=jobs,
                progress=lambda line: self.stdout.write("  " + line),
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        analyze()  # PostgreSQL: statistics of every table the province filled, before anyone reads it
        self.stdout.write(
            f"{s.province.name} ({s.province.code}), năm kế hoạch {s.year}: {s.communes} xã, {s.villages} thôn, "
            f"{s.needs} nhu cầu; {s.submitted} xã đã gửi kế hoạch."
        )
        self.stdout.write(f"Cán bộ tỉnh: {s.officer.username} (chỉ đăng nhập được khi SEDP_DEMO=1)")
        if s.province_plan is not None:
            self.stdout.write(f"Kế hoạch tỉnh (dự thảo): /plans/commune/{s.province_plan.pk}/")
        self.stdout.write("Thời gian: " + ", ".join(f"{k} {v:.1f} s" for k, v in s.seconds.items()))
        self.stdout.write("Tài liệu .pdf/.docx của các kế hoạch chưa tạo sẵn: chạy `sedp warm-documents`.")
