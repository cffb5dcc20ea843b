"""Source 000's own example: the 2010 plan of phường Trường Thi (TP Nam Định), economy and infrastructure sector.

Transcribed from Appendix 1 of source 000 ("Phụ lục 1: Kế hoạch phát triển kinh tế văn hoá xã hội năm 2010 phường
Trường Thi – TP Nam Định (Ví dụ cho lĩnh vực phát triển kinh tế và cơ sở hạ tầng)"): the four key targets, the
two objectives, the four results with their indicators and budget sources, and the 19 activities with their
quarter marks and responsible bodies. Pure data: it imports only `sedp.core.logframe`.

What the source does not give, and what we chose (each choice is illustrative, not from the source):
- the document number ("15/KH-UBND"), the date (05/02/2010), the signer's name ("Nguyễn Văn A", the customary
  placeholder) and the recipients — an example plan needs them to be printed as a Decree 30 document;
- which objective each result serves: the source lists the two objectives and then the four results without
  linking them. Results 1, 2 and 4 (loans, jobs for poor youth, borrowers' training) serve objective 1 (fewer poor
  households); result 3 (boundaries in the detailed land-use plan) serves objective 2 (infrastructure). Results
  keep their source numbers, so documents still list them 1, 2, 3, 4;
- the quarter of each mark: the source text reached us flattened from a PDF table, so each activity keeps how
  many "x" it had but not under which quarter. We placed them in the order the work must happen (survey →
  plan → agree → notify → disburse → monitor → evaluate/report), noted activity by activity below;
- the responsible body is printed once per group in the source (a merged cell): UBND for results 1 and 3, BCH
  Đoàn phường for result 2, Hội nông dân for result 4. We repeat it on every activity of the group.

Typing slips corrected: "Quý IY" → "Quý IV" (a header), "năng cao năng lực" → "nâng cao năng lực" (result 4's
indicator); spacing before colons and trailing full stops in activity titles normalised.
"""

from __future__ import annotations

from datetime import date

from sedp.core.logframe import (
    Activity,
    Direction,
    Indicator,
    KeyTarget,
    LogframePlan,
    Objective,
    Result,
    Sector,
)

YEAR = 2010
BANK_LOANS = "Vay ngân hàng"
UBND = "UBND"
DOAN = "BCH Đoàn phường"  # Ban chấp hành Đoàn phường (the ward's Youth Union executive committee)
HND = "Hội nông dân"  # the ward's Farmers' Association


def _ind(name: str, unit: str, target: float | int | None, **kw) -> Indicator:
    return Indicator(name=name, unit=unit, target=target, target_year=YEAR, **kw)


KEY_TARGETS = (
    KeyTarget(
        "Giảm tỷ lệ nghèo từ 3,06% xuống còn 2,9% (từ 125 hộ xuống còn 118 hộ)",
        (
            _ind("Tỷ lệ hộ nghèo", "%", 2.9, baseline=3.06, direction=Direction.DECREASE),
            _ind("Số hộ nghèo", "hộ", 118, baseline=125, direction=Direction.DECREASE),
        ),
    ),
    KeyTarget(
        "Tỷ lệ trẻ em phổ cập giáo dục: đạt 100%",
        (_ind("Tỷ lệ trẻ em phổ cập giáo dục", "%", 100),),
    ),
    KeyTarget(
        "Giải quyết các kiến nghị của người dân về cải thiện cơ sở hạ tầng: đạt 70%",
        (_ind("Tỷ lệ kiến nghị của người dân về cải thiện cơ sở hạ tầng được giải quyết", "%", 70),),
    ),
    KeyTarget(
        "Tổng kế hoạch ngân sách để thực hiện kế hoạch: 17.052.000.000 VND "
        "(trong đó thu ngân sách ít nhất là: 1.563.000.000 VND)",
        (
            _ind("Tổng kế hoạch ngân sách", "đồng", 17_052_000_000, direction=Direction.MAINTAIN),
            _ind("Thu ngân sách", "đồng", 1_563_000_000),
        ),
    ),
)

# --- Result 1: loans for poor, near-poor and low-income households (responsible: UBND) ---------------------
RESULT_1 = Result(
    number=1,
    output="Các hộ nghèo, cận nghèo, khó khăn có thu nhập thấp được vay vốn để cải thiện điều kiện sống.",
    indicator_text=(
        "125 hộ nghèo, 177 hộ cận nghèo, 202 hộ gia đình có con em là học sinh, sinh viên nghèo, 300 hộ có nhu "
        "cầu về sửa chữa nhà, 50 hộ có nhu cầu về kinh doanh sản xuất sẽ được vay vốn."
    ),
    indicators=(
        _ind("Hộ nghèo được vay vốn", "hộ", 125),
        _ind("Hộ cận nghèo được vay vốn", "hộ", 177),
        _ind("Hộ gia đình có con em là học sinh, sinh viên nghèo được vay vốn", "hộ", 202),
        _ind("Hộ có nhu cầu về sửa chữa nhà được vay vốn", "hộ", 300),
        _ind("Hộ có nhu cầu về kinh doanh sản xuất được vay vốn", "hộ", 50),
    ),
    budget_source=BANK_LOANS,
    activities=(
        Activity(
            1,
            "Phối hợp với các tổ: Khảo sát danh sách các hộ nghèo, cận nghèo, các hộ gia đình có con em là học "
            "sinh, sinh viên nghèo, các hộ nghèo có nhu cầu kinh doanh và sửa chữa nhà cửa trên địa bàn toàn "
            "phường",
            {1},  # the survey opens the year
            UBND,
        ),
        Activity(2, "Lập kế hoạch ngân sách", {1}, UBND),  # budgeting follows the survey, same quarter
        Activity(
            3, "Thống nhất kế hoạch với các ngân hàng liên quan", {1}, UBND
        ),  # banks agree before notice
        Activity(4, "Thông báo các trường hợp đủ điều kiện vay để làm thủ tục vay theo tiêu chí", {2}, UBND),
        Activity(5, "Phối hợp với ngân hàng để giải ngân", {2}, UBND),  # disbursement once papers are done
        # Three marks: monitoring runs from disbursement to the year's end.
        Activity(6, "Giám sát theo dõi việc sử dụng nguồn vốn (mục đích, sự thay đổi...)", {2, 3, 4}, UBND),
        Activity(7, "Đánh giá kết quả thực hiện", {4}, UBND),  # evaluation closes the year
    ),
)

# --- Result 2: jobs for poor youth (responsible: BCH Đoàn phường) ------------------------------------------
RESULT_2 = Result(
    number=2,
    output="Thanh niên nghèo trong phường có việc làm và thu nhập ổn định.",
    indicator_text="50 thanh niên nghèo được đào tạo nghề và có thu nhập ổn định.",
    indicators=(_ind("Thanh niên nghèo được đào tạo nghề và có thu nhập ổn định", "người", 50),),
    budget_source=BANK_LOANS,
    activities=(
        Activity(
            8,
            "Ban chấp hành Đoàn phường khảo sát và lập danh sách thanh niên nghèo của toàn phường",
            {1},
            DOAN,
        ),
        Activity(
            9, "Họp và lập kế hoạch (nhu cầu và kế hoạch đào tạo nghề, kế hoạch ngân sách)", {1}, DOAN
        ),  # planning right after the survey
        Activity(10, "Phối hợp với các bên liên quan để tiến hành đào tạo nghề", {2, 3}, DOAN),  # two marks
        # Two marks: monitoring accompanies the training it monitors, so the same two quarters.
        Activity(11, "Giám sát theo dõi việc thực hiện", {2, 3}, DOAN),
        Activity(12, "Đánh giá kết quả thực hiện", {4}, DOAN),
        Activity(13, "Báo cáo với các bên liên quan", {4}, DOAN),  # the report follows the evaluation
    ),
)

# --- Result 3: boundaries in the detailed plan (responsible: UBND) ------------------------------------------
RESULT_3 = Result(
    number=3,
    output="Cơ sở hạ tầng được phân định rõ ràng trong quy hoạch chi tiết.",
    indicator_text=(
        "Ranh giới giữa phường Trường Thi và xã Mỹ Xá được phân định mốc chỉ giới trên bản đồ chi tiết."
    ),
    # A qualitative indicator (the source allows them): no number or unit, so the SMART check flags it.
    indicators=(
        _ind(
            "Ranh giới giữa phường Trường Thi và xã Mỹ Xá được phân định mốc chỉ giới trên bản đồ chi tiết",
            "",
            None,
        ),
    ),
    budget_source="",  # the source names no budget source for this result
    activities=(
        # "Địa giới 364": the administrative-boundary work under Directive 364/CT (as written in the source).
        Activity(
            14, "Đề nghị cấp có thẩm quyền giải quyết địa giới 364", {1}, UBND
        ),  # the request comes first
        Activity(15, "Thông báo cho nhân dân những gì đạt được và chưa đạt được để giám sát", {4}, UBND),
    ),
)

# --- Result 4: borrowers' capacity (responsible: Hội nông dân) ----------------------------------------------
RESULT_4 = Result(
    number=4,
    output="Năng lực quản lý và sử dụng nguồn vốn vay của các hộ dân được nâng cao.",
    indicator_text="90% hộ vay vốn được tập huấn và nâng cao năng lực.",
    indicators=(_ind("Tỷ lệ hộ vay vốn được tập huấn và nâng cao năng lực", "%", 90),),
    budget_source=BANK_LOANS,
    activities=(
        Activity(16, "Khảo sát nhu cầu tập huấn nâng cao năng lực của các hộ vay vốn", {1}, HND),
        # Two marks: the training plan is drawn up over Q1–Q2, so training can meet the Q2 disbursement.
        Activity(17, "Lập kế hoạch đào tạo", {1, 2}, HND),
        Activity(18, "Mời chuyên gia tư vấn và tiến hành tập huấn", {2}, HND),
        Activity(19, "Theo dõi giám sát và đánh giá hiệu quả", {4}, HND),  # effectiveness judged at year end
    ),
)

SECTOR = Sector(
    number="I",
    name="Phát triển kinh tế và cơ sở hạ tầng",
    objectives=(
        Objective(
            1,
            "Giảm tỷ lệ các hộ nghèo của phường từ 125 hộ xuống còn 118 hộ.",
            results=(RESULT_1, RESULT_2, RESULT_4),
            indicators=(_ind("Số hộ nghèo", "hộ", 118, baseline=125, direction=Direction.DECREASE),),
        ),
        Objective(
            2,
            "Các điều kiện về cơ sở hạ tầng được cải thiện để hỗ trợ cho việc phát triển kinh tế.",
            results=(RESULT_3,),
        ),
    ),
)

PLAN = LogframePlan(
    unit_name="phường Trường Thi",
    issuing_body="UBND phường Trường Thi",
    level="commune",
    plan_year=YEAR,
    title="Phát triển kinh tế - văn hóa - xã hội năm 2010",
    subtitle="(Lĩnh vực phát triển kinh tế và cơ sở hạ tầng)",
    place="Trường Thi",
    date=date(2010, 2, 5),  # illustrative
    number="15",  # illustrative: the source gives no document number
    symbol="KH-UBND",
    key_targets=KEY_TARGETS,
    sectors=(SECTOR,),
    budget_lines=(),  # the source gives the total and the revenue, not a split by source
    total_budget=17_052_000_000,
    revenue=1_563_000_000,
    signer_authority="TM. ỦY BAN NHÂN DÂN",
    signer_title="CHỦ TỊCH",
    signer_name="Nguyễn Văn A",  # illustrative placeholder name
    recipients=(
        "UBND thành phố Nam Định",
        "Thường trực Đảng ủy, HĐND phường",
        "UBMTTQ Việt Nam phường",
        "Các ban, ngành, đoàn thể phường",
        "Các tổ dân phố",
        "Lưu: VT",
    ),  # illustrative: the usual recipients of a ward plan
)
