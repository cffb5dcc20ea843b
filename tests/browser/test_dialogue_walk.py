"""Issue 13's "Done means" in a real browser: residents send questions to a citizen–government dialogue of Phường
Ea Kao from their phones, one of them anonymously; the Fatherland Front runs the dialogue through its agenda,
records the answers, the concerns, the small groups' recommendations and three commitments, closes it and
downloads the minutes; the commune leader finds an overdue commitment on his home page and records it kept; a
citizen later reads on the commune's public page one commitment kept and one overdue.

The dialogue was held a month ago (the Front records it afterwards), so two of its commitments are already due.
The server is a demo of its own: the walk adds a dialogue and commitments that other walks' pages would show.
Screenshots and the minutes go to $SEDP_SCREENSHOTS when set (else a temporary folder); the test prints where.
"""

import re
import subprocess
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.browser.conftest import new_page, screenshot_folder, serve_the_demo
from tests.browser.test_commune_plan import docx_text, messages
from tests.browser.test_village_figures import fits_the_phone, sign_in

expect = pytest.importorskip("playwright.sync_api").expect

pytestmark = pytest.mark.browser

TODAY = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).date()
HELD_ON = TODAY - timedelta(days=30)
NAMED = "Khi nào phường làm lại đường vào điểm trường Buôn Ea Kmát? Mùa mưa trẻ đi học rất vất vả."
ANONYMOUS = "Vì sao tiền hỗ trợ làm nhà năm ngoái có hộ được có hộ không? Danh sách có công khai không?"
CARD = "Cán bộ buôn có thu thêm tiền khi làm giấy tờ không?"
KEPT = "Nạo vét 600 m kênh đầu buôn, buôn góp 120 ngày công"
LATE = "Niêm yết danh sách hộ được hỗ trợ làm nhà tại nhà văn hóa buôn"
ROAD = "Làm lại đường vào điểm trường Buôn Ea Kmát"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture(scope="module")
def live_server_url(tmp_path_factory):
    yield from serve_the_demo(tmp_path_factory)


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    return screenshot_folder(tmp_path_factory, "dialogue")


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-", "-"], input=data, capture_output=True, check=True)
    return " ".join(out.stdout.decode().split())


def test_residents_ask_the_front_runs_the_dialogue_and_a_citizen_follows_its_commitments(
    browser, live_server_url, shots
):
    base = live_server_url
    office = new_page(browser, 1280, 900)

    def shot(page, name):
        page.screenshot(path=str(shots / f"{name}.png"), full_page=True)

    # --- The Front plans the dialogue --------------------------------------------------------------------------
    sign_in(office, base, "mattran")
    office.get_by_role("link", name="Đối thoại giữa chính quyền và người dân").first.click()
    unit_pk = re.search(r"/dialogues/unit/(\d+)/", office.url)[1]
    office.get_by_role("link", name="Lên kế hoạch đối thoại").click()
    office.get_by_label("chính quyền cấp xã với đại diện các hộ gia đình trong một thôn, buôn").check()
    office.get_by_label("Thôn, buôn (khi đối thoại với đại diện các hộ gia đình)").select_option(
        label="Buôn Ea Kmát"
    )
    office.get_by_label("quy trình và các ưu tiên của việc lập kế hoạch").check()
    office.get_by_label("phân bổ ngân sách của xã").check()
    office.get_by_label("Ngày", exact=True).fill(dmy(HELD_ON))
    office.get_by_label("Địa điểm").fill("Nhà văn hóa Buôn Ea Kmát")
    office.get_by_label("Chức vụ của thúc đẩy viên").fill("Phó Chủ tịch Ủy ban Mặt trận Tổ quốc phường")
    office.get_by_label("Người ghi biên bản", exact=True).fill("H'Mai Niê")
    shot(office, "01-front-plans")
    office.get_by_role("button", name="Lưu kế hoạch đối thoại").click()
    office.wait_for_url(re.compile(r"/dialogues/\d+/$"))
    dialogue_pk = re.search(r"/dialogues/(\d+)/$", office.url)[1]
    expect(messages(office)).to_contain_text("chương trình mẫu 150 phút")
    expect(office.locator("#agenda")).to_contain_text("Tổng cộng 150 phút")
    expect(office.locator("#agenda")).to_contain_text("08:30–09:15")
    ask_url = office.locator("#ask-link").get_attribute("href")

    # --- Residents send questions from their phones, without signing in -----------------------------------------
    phone = new_page(browser, 360, 740)
    phone.goto(base + ask_url)
    expect(phone.get_by_role("heading", level=1)).to_have_text("Gửi câu hỏi cho buổi đối thoại")
    fits_the_phone(phone)
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    expect(phone.locator("#ask-form")).to_contain_text("Hãy viết câu hỏi trước khi gửi.")
    phone.get_by_label("Câu hỏi của bạn").fill(NAMED)
    phone.get_by_label("Thôn, buôn của bạn (không bắt buộc)").select_option(label="Buôn Ea Kmát")
    phone.get_by_label("Họ và tên của bạn").fill("H'Bia Êban")
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn: câu hỏi đã được nhận")
    shot(phone, "02-resident-thanked")
    phone.get_by_role("link", name="Gửi câu hỏi khác").click()
    phone.get_by_label("Câu hỏi của bạn").fill(ANONYMOUS)
    phone.get_by_label("Gửi không ghi tên").check()
    shot(phone, "03-resident-anonymous")
    phone.get_by_role("button", name="Gửi câu hỏi").click()
    expect(phone.get_by_role("heading", level=1)).to_have_text("Cảm ơn bạn: câu hỏi đã được nhận")
    phone.context.close()

    # --- The Front reads them: the anonymous one has no name ------------------------------------------------------
    office.goto(f"{base}/dialogues/{dialogue_pk}/")
    named = office.locator("article.question", has_text=NAMED)
    anonymous = office.locator("article.question", has_text=ANONYMOUS)
    expect(named).to_contain_text("H'Bia Êban")
    expect(anonymous).to_contain_text("không ghi tên")
    expect(anonymous).to_contain_text("Gửi qua trang công khai")

    # --- The session, item by item -----------------------------------------------------------------------------
    office.get_by_role("link", name="Buổi đối thoại", exact=True).click()
    office.wait_for_url(re.compile(r"/session/"))
    expect(office.locator("#opening")).to_contain_text("Cam kết của buổi đối thoại trước")
    expect(office.locator("#previous-commitments")).to_contain_text("quá hạn")  # the demo's dialogue before
    office.locator("#p-committee_men").fill("2")
    office.locator("#p-committee_women").fill("1")
    office.locator("#p-front_women").fill("2")
    office.locator("#p-citizens_men").fill("31")
    office.locator("#p-citizens_women").fill("36")
    office.get_by_role("button", name="Lưu thành phần tham dự").click()
    expect(office.locator("#opening")).to_contain_text("72 người, trong đó 39 nữ.")

    def next_item(notes: str = ""):
        current = office.locator("#current-item")
        if notes:
            current.get_by_label("Diễn biến").fill(notes)
        current.get_by_role("button", name="Xong, sang nội dung tiếp theo").click()
        office.wait_for_load_state()

    next_item("Khai mạc, giới thiệu đại biểu; Mặt trận nêu mục tiêu buổi đối thoại.")
    next_item("Phó Chủ tịch UBND phường trình bày kế hoạch và ngân sách năm.")
    # Questions and answers: a card from the floor, each question answered by the body concerned.
    office.locator("#add-card summary").click()
    office.locator("#gather-source").select_option(label="thẻ câu hỏi")
    office.locator("#gather-text").fill(CARD)
    office.locator("#gather-anonymous").check()
    office.get_by_role("button", name="Ghi nhận câu hỏi").click()
    expect(messages(office)).to_have_text("Đã ghi nhận câu hỏi.")
    for text, answer in (
        (NAMED, "Phường đề nghị đưa đường vào kế hoạch năm tới, dân góp công san nền."),
        (ANONYMOUS, "Hỗ trợ theo danh sách buôn bình xét; phường sẽ niêm yết lại danh sách."),
        (CARD, "Không có khoản thu nào ngoài quy định; ai bị thu thêm báo ngay cho Mặt trận."),
    ):
        q = office.locator("article.question", has_text=text)
        q.get_by_label("Câu trả lời").fill(answer)
        q.get_by_label("Cơ quan trả lời").select_option(label="Ủy ban nhân dân")
        q.get_by_role("button", name="Lưu câu trả lời").click()
        expect(office.locator("article.question", has_text=text).locator("p.answer")).to_contain_text(answer)
    office.locator("#a0-summary").fill(
        "Đường vào điểm trường: kế hoạch năm tới. Hỗ trợ làm nhà: niêm yết lại."
    )
    office.locator("#a0-photo").set_input_files({"name": "a0.png", "mimeType": "image/png", "buffer": PNG})
    office.get_by_role("button", name="Lưu giấy A0").click()
    expect(messages(office)).to_have_text("Đã lưu giấy A0.")
    next_item("Hỏi đáp: ba câu hỏi, một thẻ không ghi tên.")
    next_item()  # the break
    # Synthesis of the issues: similar questions grouped into concerns.
    office.locator("#concern-title").fill("Công khai, minh bạch hỗ trợ hộ nghèo")
    concern_form = office.locator("#concern-form")
    concern_form.get_by_label(re.compile(re.escape(ANONYMOUS[:40]))).check()
    concern_form.get_by_label(re.compile(re.escape(CARD[:40]))).check()
    office.get_by_role("button", name="Thêm vấn đề").click()
    office.locator("#concern-title").fill("Đi lại của học sinh")
    office.locator("#concern-form").get_by_label(re.compile(re.escape(NAMED[:40]))).check()
    office.get_by_role("button", name="Thêm vấn đề").click()
    expect(office.locator("#concerns ol")).to_contain_text("Công khai, minh bạch hỗ trợ hộ nghèo")
    next_item()
    # The small groups' recommendations.
    for group, text in (
        ("Nhóm 1", "Nạo vét kênh đầu buôn trước mùa khô, dân góp công"),
        ("Nhóm 2", "Niêm yết danh sách hộ được hỗ trợ tại nhà văn hóa buôn"),
        ("Nhóm 3", "Làm lại đường vào điểm trường"),
    ):
        office.locator("#rec-group").fill(group)
        office.locator("#rec-text").fill(text)
        office.get_by_role("button", name="Thêm kiến nghị").click()
        expect(office.locator("#recommendations ol")).to_contain_text(text)
    next_item()
    next_item()
    # The committee's commitments, one for each recommendation; the road becomes a need of next year's plan.
    for rec, solution, deadline, cost, raise_need in (
        ("Nhóm 1", KEPT, HELD_ON + timedelta(days=10), "45.000.000", False),
        ("Nhóm 2", LATE, HELD_ON + timedelta(days=20), "", False),
        ("Nhóm 3", ROAD, TODAY + timedelta(days=90), "450.000.000", True),
    ):
        option = office.locator("#commitment-recommendation option", has_text=f"{rec}:")
        office.locator("#commitment-recommendation").select_option(option.get_attribute("value"))
        office.locator("#commitment-body").select_option(label="Ủy ban nhân dân")
        office.locator("#commitment-solution").fill(solution)
        office.locator("#commitment-deadline").fill(dmy(deadline))
        office.locator("#commitment-cost").fill(cost)
        if raise_need:
            office.locator("#commitment-raise_need").check()
        office.get_by_role("button", name="Ghi nhận cam kết").click()
        expect(office.locator("#commitments table")).to_contain_text(solution)
    expect(office.locator("#commitments table")).to_contain_text("450.000.000 đ")
    next_item()
    next_item("Bế mạc lúc 10 giờ 30.")
    shot(office, "04-session")
    expect(office.locator("#agenda")).to_contain_text("Đã xong tất cả các nội dung của chương trình.")
    office.locator("#close-ends_at").fill("10:30")
    office.get_by_role("button", name="Kết thúc buổi đối thoại").click()
    office.wait_for_url(re.compile(r"/commitments/$"))
    expect(messages(office)).to_contain_text("các cam kết đã được công khai")
    road = office.locator("section.card", has_text=ROAD)
    expect(road).to_contain_text("chờ kế hoạch tới xem xét")  # a need of the commune, waiting for its plan

    # --- The minutes ---------------------------------------------------------------------------------------------
    docx_href = office.get_by_role("link", name="Word (.docx)").get_attribute("href")
    pdf_href = office.get_by_role("link", name="PDF").first.get_attribute("href")
    docx = office.request.get(base + docx_href)
    pdf = office.request.get(base + pdf_href)
    assert docx.status == pdf.status == 200
    (shots / "bien-ban.docx").write_bytes(docx.body())
    (shots / "bien-ban.pdf").write_bytes(pdf.body())
    for text in (" ".join(docx_text(docx.body()).split()), pdf_text(pdf.body())):
        assert "BIÊN BẢN" in text and "72 người, trong đó 39 nữ" in text
        assert "người hỏi: không ghi tên" in text and "H'Bia Êban" in text
        assert "Công khai, minh bạch hỗ trợ hộ nghèo" in text
        assert "Nhóm 3: Làm lại đường vào điểm trường" in text
        assert KEPT in text and LATE in text and ROAD in text
        assert "NGƯỜI GHI BIÊN BẢN" in text and "THÚC ĐẨY VIÊN" in text and "H'Mai Niê" in text
    subprocess.run(
        ["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-", str(shots / "bien-ban")],
        input=pdf.body(),
        check=True,
    )
    office.context.close()

    # --- The commune leader finds the overdue commitments on his home page, records one kept ---------------------
    leader = new_page(browser, 1280, 900)
    sign_in(leader, base, "chutichxa")
    card = leader.locator(f"#overdue-commitments-{unit_pk}")
    expect(card).to_contain_text(KEPT)
    expect(card).to_contain_text(LATE)
    card.get_by_role("link", name=KEPT).click()
    section = leader.locator("section.card", has_text=KEPT)
    section.get_by_text("Cập nhật tình hình thực hiện").click()
    section.get_by_label("Ngày", exact=True).fill(dmy(HELD_ON + timedelta(days=9)))
    section.get_by_label("Tình trạng").select_option(label="đã thực hiện")
    section.get_by_label("Kết quả thực hiện").fill("Đã nạo vét xong 600 m, nghiệm thu cùng buôn.")
    section.get_by_label("Minh chứng (ảnh hoặc PDF, tối đa 5 MB)").set_input_files(
        {"name": "nghiem-thu.png", "mimeType": "image/png", "buffer": PNG}
    )
    section.get_by_role("button", name="Lưu tình hình thực hiện").click()
    expect(messages(leader)).to_have_text("Đã ghi nhận tình hình thực hiện cam kết 1.")
    leader.goto(base + "/home/")
    expect(leader.locator(f"#overdue-commitments-{unit_pk}")).not_to_contain_text(KEPT)
    leader.context.close()

    # --- Later, a citizen reads the commune's public page on a phone, without signing in -------------------------
    citizen = new_page(browser, 360, 740)
    citizen.goto(f"{base}/places/{unit_pk}/")
    citizen.get_by_role("link", name="Đối thoại với người dân và các cam kết của xã").click()
    expect(citizen.get_by_role("heading", level=1)).to_have_text("Đối thoại và cam kết của Phường Ea Kao")
    held = citizen.locator("section.card", has_text=f"Đối thoại ngày {dmy(HELD_ON)}")
    kept = held.locator("li", has_text=KEPT)
    expect(kept).to_contain_text("Đã thực hiện")
    expect(kept).to_contain_text("Đã nạo vét xong 600 m")
    expect(kept.get_by_role("link", name=re.compile("^minh chứng"))).to_have_count(1)
    late = held.locator("li", has_text=LATE)
    expect(late).to_contain_text("Chưa thực hiện")
    expect(late).to_contain_text("quá hạn")
    expect(held.locator("li", has_text=ROAD)).to_contain_text("Đã đưa vào kế hoạch thành nhu cầu")
    expect(citizen.locator("main")).not_to_contain_text(ANONYMOUS)  # questions stay with the Front
    fits_the_phone(citizen)
    shot(citizen, "05-public-commitments")
    citizen.context.close()
