from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    COMMUNE = "commune", _("commune")
    VILLAGE = "village", _("village")


LEVEL_DEPTH = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2, Level.VILLAGE: 3}
# Which levels may sit directly under which: districts exist only in the legacy three-tier structure.
ALLOWED_PARENT = {
    Level.PROVINCE: (None,),
    Level.DISTRICT: (Level.PROVINCE,),
    Level.COMMUNE: (Level.PROVINCE, Level.DISTRICT),
    Level.VILLAGE: (Level.COMMUNE,),
}


class Kind(models.TextChoices):
    """The official name of each kind of unit, as written before the unit's name ('Xã Ea Kao')."""

    TINH = "tinh", "tỉnh"
    THANH_PHO_TRUNG_UONG = "thanh_pho_trung_uong", "thành phố trung ương"
    HUYEN = "huyen", "huyện"
    QUAN = "quan", "quận"
    THI_XA = "thi_xa", "thị xã"
    THANH_PHO = "thanh_pho", "thành phố"
    XA = "xa", "xã"
    PHUONG = "phuong", "phường"
    THI_TRAN = "thi_tran", "thị trấn"
    DAC_KHU = "dac_khu", "đặc khu"
    THON = "thon", "thôn"
    BUON = "buon", "buôn"
    BAN = "ban", "bản"
    AP = "ap", "ấp"
    LANG = "lang", "làng"
    XOM = "xom", "xóm"
    PLEI = "plei", "plei"
    TO_DAN_PHO = "to_dan_pho", "tổ dân phố"
    KHOI_PHO = "khoi_pho", "khối phố"
    KHU_PHO = "khu_pho", "khu phố"


KIND_LEVEL = {
    Kind.TINH: Level.PROVINCE,
    Kind.THANH_PHO_TRUNG_UONG: Level.PROVINCE,
    Kind.HUYEN: Level.DISTRICT,
    Kind.QUAN: Level.DISTRICT,
    Kind.THI_XA: Level.DISTRICT,
    Kind.THANH_PHO: Level.DISTRICT,
    Kind.XA: Level.COMMUNE,
    Kind.PHUONG: Level.COMMUNE,
    Kind.THI_TRAN: Level.COMMUNE,
    Kind.DAC_KHU: Level.COMMUNE,
}
VILLAGE_KINDS = [k for k in Kind if k not in KIND_LEVEL]
for _k in VILLAGE_KINDS:
    KIND_LEVEL[_k] = Level.VILLAGE


class Tiers(models.IntegerChoices):
    TWO = 2, _("two-tier (province → commune, since 1 July 2025)")
    THREE = 3, _("three-tier (province → district → commune)")
