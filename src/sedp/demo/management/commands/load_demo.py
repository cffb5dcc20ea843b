from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from sedp.demo.data import DEMO_PASSWORD
from sedp.demo.loader import load_demo


class Command(BaseCommand):
    help = "Load the demo data (a Đắk Lắk ward with nine buôn/thôn, Trường Thi ward 2010) and one login per role."

    def handle(self, *args, **options):
        translation.activate("vi")
        logins = load_demo(timezone.localdate())
        self.stdout.write("Tài khoản thử nghiệm (chỉ dùng được khi SEDP_DEMO=1) — mật khẩu: " + DEMO_PASSWORD)
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<16} {role} — {unit}")
