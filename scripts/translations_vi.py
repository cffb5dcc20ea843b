"""Fill the Vietnamese .po file from this table (run by `make messages` after makemessages).

Kept as code so a reviewer sees every Vietnamese string in one place; the .po/.mo files are what Django reads.
"""

VI = {
    "People and roles": "Người dùng và vai trò",
    "full name": "họ và tên",
    "phone": "điện thoại",
    "demo account": "tài khoản thử nghiệm",
    "role": "vai trò",
    "unit": "đơn vị",
    "role grant": "phân quyền",
    "Only a system administrator may hold a role without a unit.": "Chỉ quản trị hệ thống mới được giữ vai trò không gắn với đơn vị nào.",
    "This role cannot be granted on a unit of this level.": "Không thể giao vai trò này ở đơn vị cấp này.",
    "village head": "trưởng thôn/buôn",
    "village working group": "tổ công tác thôn/buôn",
    "commune planning-team member": "thành viên tổ lập kế hoạch xã",
    "commune planning-team leader": "tổ trưởng tổ lập kế hoạch xã",
    "district planning officer": "cán bộ kế hoạch huyện",
    "province planning officer": "cán bộ kế hoạch tỉnh",
    "Fatherland Front representative": "đại diện Mặt trận Tổ quốc",
    "donor project facilitator": "cán bộ thúc đẩy của dự án",
    "system administrator": "quản trị hệ thống",
    "view": "xem",
    "change": "sửa",
    "comment": "góp ý",
    "manage": "điều hành",
    "Sign in": "Đăng nhập",
    "Username": "Tên đăng nhập",
    "Password": "Mật khẩu",
    "Demo mode: the demo logins are printed by “make demo” and listed in the README.": "Chế độ thử nghiệm: các tài khoản thử được in ra khi chạy “make demo” và có trong README.",
    "Wrong username or password. Both are case-sensitive.": "Sai tên đăng nhập hoặc mật khẩu. Cả hai đều phân biệt chữ hoa, chữ thường.",
    "This account cannot sign in.": "Tài khoản này không đăng nhập được.",
    "Audit log": "Nhật ký thay đổi",
    "time": "thời gian",
    "by": "người thực hiện",
    "action": "thao tác",
    "object type": "loại đối tượng",
    "object id": "mã đối tượng",
    "object": "đối tượng",
    "before": "trước",
    "after": "sau",
    "reason": "lý do",
    "audit entry": "mục nhật ký",
    "audit entries": "nhật ký",
    "%(unit)s already has a cycle for %(year)d.": "%(unit)s đã có chu kỳ kế hoạch năm %(year)d.",
    "The deadline is before the start.": "Hạn chót trước ngày bắt đầu.",
    "Planning cycles": "Chu kỳ kế hoạch",
    "Enter a date as dd/mm/yyyy, e.g. 05/02/2026.": "Hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/02/2026.",
    "This date is required.": "Cần nhập ngày này.",
    "Starts on": "Bắt đầu",
    "Due on": "Hạn chót",
    "Done on": "Ngày hoàn thành",
    "Note": "Ghi chú",
    "Plan year": "Năm kế hoạch",
    "Enter a year such as 2027.": "Hãy nhập một năm, ví dụ 2027.",
    "Enter the plan year.": "Hãy nhập năm kế hoạch.",
    "The plan year must be 2000 or later.": "Năm kế hoạch phải từ 2000 trở đi.",
    "The plan year must be 2100 or earlier.": "Năm kế hoạch không được sau 2100.",
    "Publish the calendar to citizens": "Công khai lịch cho người dân",
    "year before the plan year": "năm trước năm kế hoạch",
    "plan year": "năm kế hoạch",
    "From (dd/mm)": "Từ (dd/mm)",
    "of": "của",
    "To (dd/mm)": "Đến (dd/mm)",
    "Enter a day and month as dd/mm, e.g. 15/04.": "Hãy nhập ngày và tháng theo dạng dd/mm, ví dụ 15/04.",
    "The end is before the start.": "Ngày kết thúc trước ngày bắt đầu.",
    "1. Preparation": "1. Chuẩn bị",
    "2. Planning": "2. Lập kế hoạch",
    "3. Plan assignment": "3. Giao kế hoạch",
    "4. Implementation and monitoring": "4. Tổ chức thực hiện và giám sát",
    "5. Evaluation": "5. Đánh giá",
    "Training of facilitation teams (mid-April)": "Tập huấn tổ thúc đẩy (giữa tháng 4)",
    "Village mid-term plans (10–20 May)": "Kế hoạch trung hạn thôn, buôn (10–20/5)",
    "Village annual plans (20–30 May)": "Kế hoạch hằng năm thôn, buôn (20–30/5)",
    "Commune plan (early June)": "Kế hoạch cấp xã (đầu tháng 6)",
    "District or province plan (20 June – 15 July)": "Kế hoạch cấp huyện hoặc tỉnh (20/6 – 15/7)",
    "Plan assigned to communes (early January)": "Giao kế hoạch cho xã (đầu tháng 1)",
    "Plan assigned to villages (end of January)": "Xã giao kế hoạch cho thôn, buôn (cuối tháng 1)",
    "Implementation, monthly and quarterly reports": "Tổ chức thực hiện, báo cáo hằng tháng và quý",
    "Six-month evaluation": "Đánh giá 6 tháng đầu năm",
    "Year-end evaluation (December)": "Đánh giá cả năm (tháng 12)",
    "Province plan (20 June – 15 July)": "Kế hoạch cấp tỉnh (20/6 – 15/7)",
    "District plan (20 June – 15 July)": "Kế hoạch cấp huyện (20/6 – 15/7)",
    "Province assigns the plan to communes (early January)": "Tỉnh giao kế hoạch cho xã (đầu tháng 1)",
    "District assigns the plan to communes (early January)": "Huyện giao kế hoạch cho xã (đầu tháng 1)",
    "planning process": "quy trình lập kế hoạch",
    "published": "đã công khai",
    "planning cycle": "chu kỳ kế hoạch",
    "Plan %(year)d — %(unit)s": "Kế hoạch năm %(year)d — %(unit)s",
    "phase": "giai đoạn",
    "starts on": "bắt đầu",
    "due on": "hạn chót",
    "done on": "ngày hoàn thành",
    "note": "ghi chú",
    "Planning calendar": "Lịch lập kế hoạch",
    "Defaults follow Decision 2134/QĐ-UBND (Đắk Lắk, 2007). New cycles in the province take these dates; existing cycles keep theirs.": "Mặc định theo Quyết định 2134/QĐ-UBND (Đắk Lắk, 2007). Các chu kỳ mới trong tỉnh dùng các ngày này; chu kỳ đã có giữ nguyên ngày của mình.",
    "Milestone": "Mốc công việc",
    "Save": "Lưu",
    "New planning cycle": "Chu kỳ kế hoạch mới",
    "Create": "Tạo",
    "Current phase:": "Giai đoạn hiện tại:",
    "not started yet": "chưa bắt đầu",
    ("%(n)s milestone overdue", "%(n)s milestones overdue"): "%(n)s mốc công việc quá hạn",
    "Edit this province's calendar": "Sửa lịch của tỉnh",
    "Phase": "Giai đoạn",
    "From": "Từ",
    "Due": "Hạn",
    "Done": "Xong",
    "overdue": "quá hạn",
    "Edit": "Sửa",
    "Unit": "Đơn vị",
    "Published": "Công khai",
    "yes": "có",
    "no": "không",
    "No planning cycle to show.": "Chưa có chu kỳ kế hoạch nào.",
    "Cancel": "Hủy",
    "Saved.": "Đã lưu.",
    "The calendar is saved. New cycles in this province will use it.": "Đã lưu lịch. Các chu kỳ mới trong tỉnh sẽ dùng lịch này.",
    "Home": "Trang chủ",
    "Hello, %(name)s": "Xin chào, %(name)s",
    "Today is %(d)s.": "Hôm nay là %(d)s.",
    "Your roles:": "Vai trò của bạn:",
    "You have no role on any unit yet. Ask your commune or province administrator to grant you one.": "Bạn chưa có vai trò ở đơn vị nào. Hãy đề nghị quản trị của xã hoặc tỉnh phân quyền cho bạn.",
    "Due next:": "Việc sắp đến hạn:",
    ("%(n)s overdue:", "%(n)s overdue:"): "%(n)s việc quá hạn:",
    "due": "hạn",
    "Cycle complete": "Chu kỳ đã hoàn thành",
    "Nothing overdue": "Không có việc quá hạn",
    "No planning cycle covers this unit yet.": "Chưa có chu kỳ kế hoạch nào cho đơn vị này.",
    "Places": "Đơn vị hành chính",
    "province": "tỉnh",
    "district": "huyện",
    "commune": "xã",
    "village": "thôn",
    "two-tier (province → commune, since 1 July 2025)": "hai cấp (tỉnh → xã, từ 01/7/2025)",
    "three-tier (province → district → commune)": "ba cấp (tỉnh → huyện → xã)",
    "Village list (.xlsx or .csv)": "Danh sách thôn (.xlsx hoặc .csv)",
    "Columns: Tên thôn, Loại, Số hộ, Số dân, Số hộ nghèo, Tỷ lệ DTTS (%); other columns are kept.": "Các cột: Tên thôn, Loại, Số hộ, Số dân, Số hộ nghèo, Tỷ lệ DTTS (%); các cột khác được giữ lại.",
    "Choose a file to import.": "Hãy chọn tệp cần nhập.",
    "Only .xlsx and .csv files can be imported.": "Chỉ nhập được tệp .xlsx và .csv.",
    "The file is larger than 5 MB.": "Tệp lớn hơn 5 MB.",
    "sheet '%(sheet)s'": "trang tính '%(sheet)s'",
    "row %(row)d": "dòng %(row)d",
    "column %(column)s": "cột %(column)s",
    "The file is not a readable Excel workbook (.xlsx): %(error)s": "Tệp không phải là bảng tính Excel (.xlsx) đọc được: %(error)s",
    "The CSV file is not in UTF-8. Save it again as 'CSV UTF-8'.": "Tệp CSV không ở dạng UTF-8. Hãy lưu lại dưới dạng 'CSV UTF-8'.",
    "The file has no rows.": "Tệp không có dòng nào.",
    "column '%(column)s' is missing from the header row.": "thiếu cột '%(column)s' ở dòng tiêu đề.",
    "The file has a header but no villages.": "Tệp có dòng tiêu đề nhưng không có thôn nào.",
    "no commune has the code '%(code)s'.": "không có xã nào mang mã '%(code)s'.",
    "no commune is named '%(name)s'.": "không có xã nào tên '%(name)s'.",
    "%(count)d communes are named '%(name)s'; give the commune code (column 'Mã xã') or the province.": "%(count)d xã trùng tên '%(name)s'; hãy ghi mã xã (cột 'Mã xã') hoặc tỉnh.",
    "the commune is empty: give its code or its name.": "chưa có xã: hãy ghi mã hoặc tên xã.",
    "the village name is empty.": "tên thôn đang để trống.",
    "the village name is longer than 200 characters.": "tên thôn dài hơn 200 ký tự.",
    "the kind is empty.": "loại đang để trống.",
    "'%(value)s' is not a kind of village; use one of: %(allowed)s.": "'%(value)s' không phải là loại thôn; hãy dùng một trong: %(allowed)s.",
    "the cell is empty; write a whole number (0 if none).": "ô đang để trống; hãy ghi số nguyên (0 nếu không có).",
    "'%(value)s' is not a whole number.": "'%(value)s' không phải là số nguyên.",
    "%(value)s is negative.": "%(value)s là số âm.",
    "%(value)s is not a percentage between 0 and 100.": "%(value)s không phải là tỷ lệ phần trăm từ 0 đến 100.",
    "'%(value)s' is not a number.": "'%(value)s' không phải là số.",
    "%(poor)d poor households is more than the %(all)d households.": "%(poor)d hộ nghèo nhiều hơn tổng số %(all)d hộ.",
    "a population of %(people)d is fewer than the %(households)d households.": "số dân %(people)d ít hơn %(households)d hộ.",
    "'%(name)s' of %(commune)s already appears in row %(row)d.": "'%(name)s' của %(commune)s đã có ở dòng %(row)d.",
    "File not found: %(file)s": "Không tìm thấy tệp: %(file)s",
    "%(count)d errors; nothing was saved.": "%(count)d lỗi; chưa lưu gì.",
    "%(created)d villages added, %(updated)d updated.": "Đã thêm %(created)d thôn, cập nhật %(updated)d thôn.",
    "Current structure: %(created)d units added, %(updated)d updated.": "Cơ cấu hiện hành: thêm %(created)d đơn vị, cập nhật %(updated)d.",
    "Legacy structure: %(created)d units added, %(updated)d updated, %(links)d merger links.": "Cơ cấu trước sáp nhập: thêm %(created)d đơn vị, cập nhật %(updated)d, %(links)d liên kết sáp nhập.",
    "level": "cấp",
    "kind": "loại",
    "official code": "mã chính thức",
    "name": "tên",
    "parent": "thuộc",
    "legacy (before 1 July 2025)": "trước sáp nhập (trước 01/7/2025)",
    "valid from": "hiệu lực từ",
    "valid until": "hiệu lực đến",
    "merged into": "sáp nhập vào",
    "Set on provinces.": "Đặt ở cấp tỉnh.",
    "households": "số hộ",
    "population": "số dân",
    "poor households": "số hộ nghèo",
    "ethnic-minority share (%)": "tỷ lệ dân tộc thiểu số (%)",
    "other figures": "số liệu khác",
    "administrative unit": "đơn vị hành chính",
    "administrative units": "đơn vị hành chính",
    "This kind does not belong to this level.": "Loại này không thuộc cấp này.",
    "A unit of this level cannot sit under that parent.": "Đơn vị cấp này không thể trực thuộc đơn vị đó.",
    "A unit cannot be placed under itself.": "Một đơn vị không thể trực thuộc chính nó.",
    "Poor households exceed all households.": "Số hộ nghèo nhiều hơn tổng số hộ.",
    "before 1 July 2025": "trước 01/7/2025",
    "code": "mã",
    "Households": "Số hộ",
    "Population": "Số dân",
    "Poor households": "Số hộ nghèo",
    "Ethnic minorities": "Dân tộc thiểu số",
    "Merged into:": "Sáp nhập vào:",
    "Formed from:": "Hình thành từ:",
    "Import villages": "Nhập danh sách thôn",
    "Units below": "Đơn vị trực thuộc",
    "Name": "Tên",
    "Kind": "Loại",
    "previous": "trước",
    "next": "sau",
    (
        "The file has %(n)s error; nothing was saved.",
        "The file has %(n)s errors; nothing was saved.",
    ): "Tệp có %(n)s lỗi; chưa lưu gì.",
    "Import": "Nhập",
    "Administrative units before 1 July 2025": "Đơn vị hành chính trước 01/7/2025",
    "Administrative units": "Đơn vị hành chính",
    "Find a unit by name (with or without diacritics)": "Tìm đơn vị theo tên (có dấu hoặc không dấu)",
    "Search": "Tìm",
    "Show today's 34 provinces": "Xem 34 tỉnh, thành phố hiện nay",
    "Show the 63 provinces before the 2025 merger": "Xem 63 tỉnh, thành phố trước sáp nhập năm 2025",
    "Code": "Mã",
    "Level": "Cấp",
    "Part of": "Thuộc",
    "No unit matches.": "Không có đơn vị nào phù hợp.",
    "Participatory socio-economic development planning": "Lập kế hoạch phát triển kinh tế - xã hội có sự tham gia",
    "Villages meet, record their needs, and rank them — men and women separately. Communes bring the villages' plans together, consult on the draft, and adopt it. openSEDP keeps every step, so each figure in a plan can be traced back to the village meeting that asked for it.": "Thôn, buôn họp dân, ghi lại nhu cầu và xếp thứ tự ưu tiên — nam và nữ riêng. Xã tổng hợp kế hoạch của các thôn, lấy ý kiến dự thảo và thông qua. openSEDP lưu lại từng bước, để mỗi con số trong kế hoạch đều truy được về cuộc họp thôn đã đề xuất nó.",
    "Go to your home page": "Vào trang của bạn",
    "Browse the administrative units": "Xem các đơn vị hành chính",
    "Published planning calendars": "Lịch lập kế hoạch đã công khai",
    "Nothing published yet.": "Chưa có gì được công khai.",
    "openSEDP": "openSEDP",
    "Main menu": "Trình đơn chính",
    "Sign out": "Đăng xuất",
}


def all_translations() -> dict:
    """This table plus every `scripts/translations_vi_*.py` (one per app, so parallel work does not collide)."""
    import importlib.util
    from pathlib import Path

    table = dict(VI)
    for path in sorted(Path(__file__).parent.glob("translations_vi_*.py")):
        spec = importlib.util.spec_from_file_location(path.stem, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        table.update(module.VI)
    return table


if __name__ == "__main__":
    import sys

    import polib

    VI = all_translations()

    path = sys.argv[1]
    po = polib.pofile(path)
    missing = []
    for entry in po:
        key = (entry.msgid, entry.msgid_plural) if entry.msgid_plural else entry.msgid
        if entry.msgctxt:  # a msgid with a context is keyed "context\x04msgid", as gettext stores it
            key = f"{entry.msgctxt}\x04{entry.msgid}"
        text = VI.get(key)
        if text is None:
            if not (entry.msgstr or any(entry.msgstr_plural.values())):
                missing.append(entry.msgid)
            continue
        if entry.msgid_plural:
            entry.msgstr_plural = {0: text}
        else:
            entry.msgstr = text
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.metadata["Content-Type"] = "text/plain; charset=UTF-8"
    po.save(path)
    for m in missing:
        print("untranslated:", m)
