"""Demo data that looks real (figures are illustrative, not official statistics).

- Phường Ea Kao (Đắk Lắk, current two-tier structure) with nine buôn and thôn, Ê Đê and Kinh names.
- Phường Trường Thi of Thành phố Nam Định (legacy three-tier structure) with its residential groups: the ward of
  the 2010 example plan in source 000.
"""

DEMO_PASSWORD = "demo-opensedp"

EA_KAO = {"province_code": "66", "commune_code": "24169"}
# name, kind, households, population, poor households, ethnic-minority share (%)
EA_KAO_VILLAGES = [
    ("Buôn Ea Kmát", "buon", 212, 1034, 31, 96.5),
    ("Buôn Kô Tam", "buon", 186, 902, 24, 94.0),
    ("Buôn H'Drát", "buon", 158, 771, 27, 98.1),
    ("Buôn Kram", "buon", 143, 690, 22, 97.2),
    ("Buôn Ea Kao", "buon", 201, 968, 18, 91.4),
    ("Thôn 1", "thon", 264, 1012, 9, 6.8),
    ("Thôn 2", "thon", 238, 925, 11, 4.2),
    ("Thôn 3", "thon", 197, 781, 14, 12.5),
    ("Thôn Cao Thắng", "thon", 176, 702, 8, 3.1),
]

TRUONG_THI = {"district_code": "356", "commune_code": "13657"}
# Twelve residential groups adding up to the source's 125 poor households (3,06 % of about 4.085).
TRUONG_THI_GROUPS = [
    (f"Tổ dân phố số {n}", "to_dan_pho", hh, pop, poor, 0.0)
    for n, (hh, pop, poor) in enumerate(
        [
            (352, 1290, 12),
            (331, 1208, 9),
            (368, 1341, 13),
            (340, 1236, 10),
            (327, 1187, 11),
            (345, 1254, 8),
            (336, 1219, 12),
            (359, 1302, 10),
            (322, 1170, 9),
            (348, 1262, 11),
            (330, 1201, 10),
            (327, 1188, 10),
        ],
        start=1,
    )
]

# username, full name, role, where ("village:<name>", "commune", "province", "legacy-district",
# "legacy-commune", or None for the whole country)
USERS = [
    ("truongbuon", "Y Bhim Mlô", "village_head", "village:Buôn Ea Kmát"),
    ("tocongtac", "H'Len Niê", "village_working_group", "village:Buôn Ea Kmát"),
    ("canboxa", "Nguyễn Thị Hoa", "commune_planner", "commune"),
    ("chutichxa", "Trần Văn Nam", "commune_leader", "commune"),
    ("mattran", "Lê Thị Thu", "front_representative", "commune"),
    ("duan", "Phạm Minh Đức", "donor_facilitator", "commune"),
    ("tinh", "Võ Thanh Sơn", "province_officer", "province"),
    ("huyen", "Đặng Quốc Việt", "district_officer", "legacy-district"),
    ("truongthi", "Vũ Thị Lan", "commune_planner", "legacy-commune"),
    ("quantri", "Quản trị hệ thống", "admin", None),
]
