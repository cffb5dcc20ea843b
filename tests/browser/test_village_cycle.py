"""A full village cycle in a real browser on a 360-px phone, on the demo data, as the head of Buôn Ea Kmát:
meeting 1 with attendance, the working group with two PRA findings, eight needs, three score sheets, meeting 2,
the mid-term plan adopted, an annual plan whose Part 2 refuses a third activity, and Biểu 4 exported and imported
back unchanged."""

import io
import re

import pytest

pytestmark = pytest.mark.browser

NEEDS = [
    "Sửa kênh mương nội đồng",
    "Làm đường bê tông liên buôn",
    "Tập huấn nước sạch và vệ sinh",
    "Hỗ trợ giống cà phê ghép",
    "Lập tổ tín dụng phụ nữ",
    "Sửa nhà văn hóa buôn",
    "Khuyến nông chăn nuôi bò",
    "Giếng nước sạch cho cụm dân cư",
]
MEN_DOTS = [9, 12, 1, 7, 2, 4, 5, 6]
WOMEN_DOTS = [10, 2, 11, 5, 8, 1, 3, 9]


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def new_meeting(page, village_url, kind, chair_role, day=None):
    """A village meeting of this kind; on `day` (dd/mm/yyyy) if given, else the form's default."""
    page.goto(village_url)
    page.get_by_role("link", name="Cuộc họp mới").click()
    page.get_by_label("Loại cuộc họp").select_option(kind)
    if day:
        page.get_by_label("Ngày", exact=True).fill(day)
    page.get_by_label("Địa điểm").fill("Nhà văn hóa buôn")
    page.get_by_label("Người chủ trì", exact=True).fill("Y Bhim Mlô")
    page.get_by_label("Người chủ trì là").select_option(chair_role)
    page.get_by_label("Thư ký").fill("H'Len Niê")
    page.get_by_label("Chương trình (mỗi dòng một nội dung, số phút ở cuối)").fill(
        "Khai mạc - 10\nThảo luận - 60"
    )
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/attendance/$"))
    return re.search(r"/meetings/(\d+)/", page.url)[1]


def count_people(page, men, women):
    page.get_by_label("Nam", exact=True).fill(str(men))
    page.get_by_label("Nữ", exact=True).fill(str(women))
    fits_the_phone(page)
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))


def add_sheet(page, meeting_url, group, label, mode, values):
    page.goto(meeting_url)
    page.get_by_role("link", name="Thêm phiếu chấm điểm").click()
    page.get_by_label("Nhóm chấm điểm").select_option(group)
    page.get_by_label("Tên nhóm").fill(label)
    page.get_by_label("Cách chấm").select_option(mode)
    page.get_by_role("button", name="Lưu").click()
    page.wait_for_url(re.compile(r"/needs/sheets/\d+/$"))
    fits_the_phone(page)
    inputs = page.locator("fieldset.score input")
    assert inputs.count() == len(values)
    for i, value in enumerate(values):
        inputs.nth(i).fill(str(value))
    page.get_by_role("button", name="Lưu điểm").click()
    page.wait_for_url(re.compile(r"/needs/unit/\d+/ranking/"))


def cells(path):
    from openpyxl import load_workbook

    with open(path, "rb") as f:
        wb = load_workbook(io.BytesIO(f.read()))
    return {
        ws.title: [[c.value for c in row] for i, row in enumerate(ws.iter_rows(), start=1) if i != 4]
        for ws in wb.worksheets
    }


def test_a_village_head_walks_a_full_planning_cycle_on_a_phone(page, live_server_url, tmp_path):
    page.goto(live_server_url + "/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill("truongbuon")
    page.get_by_label("Mật khẩu").fill("demo-opensedp")
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(re.compile(r"/home/$"))
    page.get_by_role("link", name="Lập kế hoạch thôn, buôn").click()
    village_url = page.url
    unit_pk = re.search(r"/meetings/unit/(\d+)/", village_url)[1]

    # Village meeting 1: women are 38 % of the attendees, so no warning.
    new_meeting(page, village_url, "village_meeting_1", "head")
    count_people(page, 62, 38)
    assert "Đạt mọi quy định về sự tham gia." in page.locator("main").inner_text()

    # The working group meets: 13 men and 7 women, 3 trained in planning; two sub-groups, two findings.
    new_meeting(page, village_url, "working_group", "other")
    page.get_by_label("Nam", exact=True).fill("13")
    page.get_by_label("Nữ", exact=True).fill("7")
    page.locator("summary").click()
    page.get_by_label("Số thành viên tổ công tác đã được tập huấn lập kế hoạch").fill("3")
    page.get_by_role("button", name="Lưu điểm danh").click()
    page.wait_for_url(re.compile(r"/meetings/\d+/$"))
    wg_url = page.url
    for name, theme, women in (("Nhóm sản xuất", "Sản xuất", False), ("Nhóm phụ nữ", "Nước sạch", True)):
        page.get_by_role("link", name="Thêm nhóm").click()
        page.get_by_label("Nhóm", exact=True).fill(name)
        page.get_by_label("Nhóm trưởng").fill("Y Kông" if not women else "H'Hoa Niê")
        page.get_by_label("Chủ đề").fill(theme)
        page.get_by_label("Sơ đồ tài nguyên thôn").check()
        page.get_by_label("Cây vấn đề").check()
        if women:
            page.get_by_label("Nhóm phụ nữ").last.check()
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url(wg_url)
    for group, situation in (("Nhóm sản xuất", "Kênh mương bồi lấp"), ("Nhóm phụ nữ", "Giếng nước ô nhiễm")):
        page.get_by_role("link", name="Thêm kết quả đánh giá").click()
        page.get_by_label("Nhóm", exact=True).select_option(label=group)
        page.get_by_label("Lĩnh vực").select_option(index=1)
        page.get_by_label("Thực trạng").fill(situation)
        page.get_by_label("Vấn đề").fill("Thiếu nước")
        page.get_by_role("button", name="Lưu").click()
        page.wait_for_url(wg_url)
    text = page.locator("main").inner_text()
    assert "Kênh mương bồi lấp" in text and "Giếng nước ô nhiễm" in text

    # Eight needs raised at the working-group meeting.
    page.get_by_role("link", name="Thêm nhu cầu").click()
    for i, title in enumerate(NEEDS):
        page.get_by_label("Tên hoạt động").fill(title)
        page.get_by_label("Lĩnh vực").select_option(index=1)
        page.get_by_label("Kinh phí dự kiến (đồng)").fill(f"{(i + 1) * 15}.000.000")
        page.get_by_label("Dân góp: tiền (đồng)").fill(f"{i + 1}000000")
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu và thêm nhu cầu khác").click()
        assert f"Đã lưu nhu cầu N{i + 1}." in page.locator(".messages").inner_text()

    # The working group scores each need on four of the five criteria, 1 to 5: "proposed by women" is taken from
    # each need's tick, not scored again.
    scores = [max(1, 5 - i // 2) for i in range(8) for _ in range(4)]
    add_sheet(page, wg_url, "working_group", "Tổ công tác", "scores", scores)

    # Village meeting 2: the men's and the women's groups vote with pebbles. A draft survives a reload.
    new_meeting(page, village_url, "village_meeting_2", "deputy")
    page.get_by_label("Nam", exact=True).fill("55")
    page.reload()
    assert page.get_by_label("Nam", exact=True).input_value() == "55"
    assert page.locator(".draft-note").count() == 1
    count_people(page, 55, 45)
    m2_url = page.url
    add_sheet(page, m2_url, "men", "Nhóm nam", "dots", MEN_DOTS)
    add_sheet(page, m2_url, "women", "Nhóm nữ", "dots", WOMEN_DOTS)
    columns = page.locator(".columns section")
    assert columns.count() == 3
    assert [columns.nth(i).locator("h2").inner_text() for i in range(3)] == [
        "Nhóm nam",
        "Nhóm nữ",
        "Tổng hợp",
    ]
    assert page.locator(".combined li.disagree").count() >= 1

    # The combined list becomes the mid-term plan, adopted at meeting 2.
    page.get_by_role("link", name="Lập dự thảo kế hoạch trung hạn từ bảng xếp hạng này").click()
    page.get_by_role("button", name="Lập dự thảo").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.locator("#items tbody tr").count() == 8
    page.get_by_label("Thông qua tại cuộc họp").select_option(label="họp thôn lần 2 — Buôn Ea Kmát")
    page.get_by_role("button", name="Thông qua và khóa").click()
    assert "Kế hoạch đã được thông qua và khóa" in page.locator(".messages").inner_text()

    # The annual plan: two activities in Part 2, and a third is refused.
    page.get_by_role("button", name="Lập kế hoạch hằng năm").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    annual_url = page.url

    def add_activity(part):
        page.locator("#add-item select[name=need]").select_option(index=1)
        page.locator("#add-item select[name=part]").select_option(part)
        with page.expect_navigation():
            page.locator("#add-item").get_by_role("button", name="Thêm").click()

    add_activity("2")
    add_activity("2")
    add_activity("2")
    assert "Phần 2 chỉ được đề xuất tối đa 2 hoạt động" in page.locator(".messages").inner_text()
    add_activity("1")
    add_activity("1")
    assert page.locator("#part-2 tbody tr").count() == 2
    assert page.locator("#part-1 tbody tr").count() == 2

    # Biểu 4 out to Excel, and back in: the re-imported plan exports the same workbook.
    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất Biểu 4 (.xlsx)").click()
    first = tmp_path / "bieu4.xlsx"
    info.value.save_as(first)
    page.goto(f"{live_server_url}/plans/unit/{unit_pk}/")
    page.get_by_label("Bảng tính Biểu 3 hoặc Biểu 4 (.xlsx)").set_input_files(str(first))
    page.get_by_role("button", name="Nhập").click()
    page.wait_for_url(re.compile(r"/plans/\d+/$"))
    assert page.url != annual_url
    assert "Đã nhập bảng tính thành một dự thảo kế hoạch." in page.locator(".messages").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name="Xuất Biểu 4 (.xlsx)").click()
    second = tmp_path / "bieu4-again.xlsx"
    info.value.save_as(second)
    assert cells(second) == cells(first)
