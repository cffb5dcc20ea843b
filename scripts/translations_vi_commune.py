"""Vietnamese for the commune plan's aggregation, the needs' fates and the commune's workbook (issue 5, H2).
Merged by `scripts/translations_vi.py` when `make messages` runs."""

VI = {
    # creating the plan
    "Create the commune plan": "Lập kế hoạch xã",
    "Create the plan": "Lập kế hoạch",
    "Title (summary)": "Trích yếu",
    "The commune plan is created as a draft.": "Đã tạo kế hoạch xã ở dạng dự thảo.",
    "A village makes its plans from its meetings' rankings, not here.": "Thôn, buôn lập kế hoạch từ kết quả xếp hạng trong các cuộc họp của mình, không lập ở đây.",
    "%(unit)s already has a plan for %(year)d.": "%(unit)s đã có kế hoạch năm %(year)d.",
    # fates: actions
    "Needs are decided in a commune or higher plan.": "Nhu cầu được xem xét trong kế hoạch cấp xã trở lên.",
    "This plan is %(state)s: the needs' fates can no longer change.": "Kế hoạch đang ở trạng thái “%(state)s”: không thể thay đổi kết quả xem xét nhu cầu nữa.",
    "“%(need)s” is not in an adopted plan of %(unit)s for %(year)d.": "“%(need)s” chưa có trong kế hoạch đã thông qua của %(unit)s năm %(year)d.",
    "“Reason” is required: write why “%(need)s” is %(fate)s.": "Cần ghi “Lý do”: vì sao “%(need)s” %(fate)s.",
    "This activity belongs to another plan.": "Hoạt động này thuộc kế hoạch khác.",
    "Choose what becomes of the need.": "Hãy chọn kết quả xem xét nhu cầu.",
    "“Activity” is required: choose the activity the need is merged into.": "Cần chọn “Hoạt động”: hoạt động mà nhu cầu được gộp vào.",
    "“Postponed to year” must be after %(year)d.": "“Hoãn đến năm” phải sau năm %(year)d.",
    "“Referred to” is required: name the other funding source.": "Cần ghi “Chuyển đến”: tên nguồn vốn khác.",
    "Choose at least two needs to merge into one activity.": "Hãy chọn ít nhất hai nhu cầu để gộp thành một hoạt động.",
    "“Reason” is required: write why these needs are merged into one activity.": "Cần ghi “Lý do”: vì sao các nhu cầu này được gộp thành một hoạt động.",
    "Write at least two activities, one per line, to split the need into.": "Hãy ghi ít nhất hai hoạt động, mỗi hoạt động một dòng, để tách nhu cầu.",
    "not decided yet": "chưa quyết định",
    # fates: forms
    "Fate": "Kết quả xem xét",
    "“Fate” is required: choose what becomes of the need.": "Cần chọn “Kết quả xem xét” cho nhu cầu.",
    "Into the activity (included or merged)": "Vào hoạt động (đưa vào hoặc gộp)",
    "— a new activity made from the need —": "— hoạt động mới lập từ nhu cầu —",
    "Reason (required unless included)": "Lý do (bắt buộc, trừ khi đưa vào kế hoạch)",
    "Postponed to year": "Hoãn đến năm",
    "“Postponed to year”: enter a year such as 2028.": "“Hoãn đến năm”: hãy nhập một năm, ví dụ 2028.",
    "Referred to (funding source)": "Chuyển đến (nguồn vốn)",
    "Needs to merge": "Các nhu cầu cần gộp",
    "Choose needs from the list.": "Hãy chọn nhu cầu trong danh sách.",
    "Title of the merged activity": "Tên hoạt động sau khi gộp",
    "Reason": "Lý do",
    "Activities, one per line: title | cost in đồng": "Các hoạt động, mỗi hoạt động một dòng: tên | kinh phí (đồng)",
    "“Activities”, line %(n)d: enter the cost in đồng, e.g. 400.000.000.": "“Các hoạt động”, dòng %(n)d: hãy nhập kinh phí bằng đồng, ví dụ 400.000.000.",
    # fates: views
    "The fate of “%(need)s” is saved.": "Đã lưu kết quả xem xét “%(need)s”.",
    "The needs are merged into “%(activity)s”.": "Các nhu cầu đã được gộp thành “%(activity)s”.",
    "“%(need)s” is split into several activities.": "“%(need)s” đã được tách thành nhiều hoạt động.",
    "“%(need)s” is added to the commune's own needs.": "Đã thêm “%(need)s” vào nhu cầu của xã.",
    # overview page
    "Download the forms (Biểu 1, 2, 4, 5, 6, B1, B2) as .xlsx": "Tải các biểu (Biểu 1, 2, 4, 5, 6, B1, B2) dạng .xlsx",
    "Villages that sent their plan: %(n)s of %(total)s": "Thôn, buôn đã gửi kế hoạch: %(n)s/%(total)s",
    "Village": "Thôn, buôn",
    "Annual plan": "Kế hoạch hằng năm",
    "a new version is being drafted": "đang dự thảo phiên bản mới",
    "draft in progress": "đang dự thảo",
    "not sent": "chưa gửi",
    "This unit has no villages yet.": "Đơn vị này chưa có thôn, buôn nào.",
    "Biểu 1: baseline figures": "Biểu 1: số liệu cơ bản",
    "Figure": "Số liệu",
    "Villages reporting": "Số thôn báo cáo",
    "Biểu 2: indicators": "Biểu 2: các chỉ tiêu",
    "Biểu 2\x04Indicator": "Chỉ tiêu",
    "Now": "Hiện trạng",
    "Biểu 2\x04Target": "Kế hoạch",
    "Biểu 4: the villages' activities in their own priority order": "Biểu 4: hoạt động của các thôn, buôn theo thứ tự ưu tiên của thôn",
    "Part 2 holds at most 2 activities per village asked of the commune or district budget. Men's and women's ranks are shown; a mark shows where they disagree.": "Phần 2 có tối đa 2 hoạt động mỗi thôn đề xuất ngân sách xã, huyện hỗ trợ. Thứ hạng của nhóm nam và nhóm nữ được ghi kèm; hoạt động mà nam và nữ xếp hạng khác nhau được đánh dấu.",
    "Part 2: %(n)s of at most 2": "Phần 2: %(n)s/tối đa 2",
    "No village has sent an adopted plan for this year yet.": "Chưa thôn, buôn nào gửi kế hoạch đã thông qua cho năm này.",
    "Biểu 5: public-service and technical-support needs": "Biểu 5: nhu cầu hỗ trợ kỹ thuật, dịch vụ công",
    "Biểu 6: investment needs": "Biểu 6: nhu cầu đầu tư xây dựng",
    "Part 1": "Phần 1",
    "Part 2": "Phần 2",
    "Cost (đ)": "Kinh phí (đồng)",
    "None.": "Không có.",
    "Total": "Tổng cộng",
    # needs page
    (
        "%(n)s need still has no fate.",
        "%(n)s needs still have no fate.",
    ): "Còn %(n)s nhu cầu chưa có kết quả xem xét.",
    "Every need that reached the plan has its fate.": "Mọi nhu cầu gửi lên kế hoạch đều đã có kết quả xem xét.",
    "Part 2 needs (asked of the budget) and the commune's own needs must each get a fate; a Part 1 need is decided only if the team takes it up. Every fate but “included” needs a reason, which the village sees.": "Mỗi nhu cầu Phần 2 (đề xuất ngân sách) và mỗi nhu cầu do xã bổ sung phải có kết quả xem xét; nhu cầu Phần 1 chỉ xem xét khi tổ lập kế hoạch chọn. Mọi kết quả trừ “đưa vào kế hoạch” đều phải ghi lý do, và thôn sẽ thấy lý do đó.",
    "Not sent yet:": "Chưa gửi:",
    "due": "hạn",
    "Needs added by %(unit)s": "Nhu cầu do %(unit)s bổ sung",
    "None yet.": "Chưa có.",
    "Add a commune-wide need": "Thêm nhu cầu chung của xã",
    "Add the need": "Thêm nhu cầu",
    "Merge similar needs into one activity": "Gộp các nhu cầu tương tự thành một hoạt động",
    "Tick the needs in the lists above, then write the activity's title and the reason.": "Đánh dấu các nhu cầu ở danh sách trên, rồi ghi tên hoạt động và lý do.",
    "Merge": "Gộp",
    "Activities made from the needs": "Các hoạt động lập từ nhu cầu",
    "From the needs": "Từ các nhu cầu",
    "the commune's own": "của xã",
    "priority %(r)s": "ưu tiên %(r)s",
    "people": "dân góp",
    "Change the decision": "Sửa quyết định",
    "Decide": "Quyết định",
    "Split into several activities": "Tách thành nhiều hoạt động",
    "Take it up": "Xem xét",
    (
        "Part 1: %(n)s activity the village does itself",
        "Part 1: %(n)s activities the village does itself",
    ): "Phần 1: %(n)s hoạt động thôn tự thực hiện",
    "Save the decision": "Lưu quyết định",
    "Now:": "Hiện tại:",
    "Split": "Tách",
    # the village's plans page
    "What the commune did with our needs": "Xã đã xem xét nhu cầu của chúng tôi thế nào",
    "The commune has not started its plan for this year yet.": "Xã chưa bắt đầu lập kế hoạch năm này.",
    "the village does it itself": "thôn tự thực hiện",
}

VI.update(
    {
        "Commune budget for the villages' activities (đ)": "Ngân sách xã cho các hoạt động của thôn (đồng)",
        "At most this many funded activities per village": "Số hoạt động được cấp vốn tối đa mỗi thôn",
        "%(n)d needs decided from the proposal; decisions made before were kept.": (
            "Đã quyết định %(n)d nhu cầu theo đề xuất; các quyết định trước đó được giữ nguyên."
        ),
        "Commune budget proposal: %(why)s.": "Đề xuất theo ngân sách xã: %(why)s.",
        "Commune budget proposal": "Đề xuất theo ngân sách xã",
        "The allocation engine takes the villages' Part 2 activities in each village's own order, funds at least one "
        "per village when the budget allows and at most the number you set, and favours poverty reduction, "
        "ethnic-minority villages and technical or service support (source 001). Nothing is saved until you apply "
        "it; needs already decided keep their fate.": (
            "Bộ phân bổ xét các hoạt động Phần 2 của các thôn theo đúng thứ tự ưu tiên của từng thôn, cấp vốn ít nhất "
            "một hoạt động cho mỗi thôn khi ngân sách cho phép và không quá số đã chọn, ưu tiên giảm nghèo, thôn đồng "
            "bào dân tộc thiểu số và các hoạt động hỗ trợ kỹ thuật, dịch vụ (tài liệu 001). Chưa lưu gì cho đến khi "
            "bấm áp dụng; nhu cầu đã quyết định giữ nguyên kết quả."
        ),
        "Show the proposal": "Xem đề xuất",
        "Village": "Thôn",
        "Paid by the commune (đ)": "Xã chi (đồng)",
        "Proposal": "Đề xuất",
        "fund": "cấp vốn",
        "postpone": "hoãn",
        "already decided": "đã quyết định",
        "Total funded": "Tổng được cấp vốn",
        "Apply to the needs not yet decided": "Áp dụng cho các nhu cầu chưa quyết định",
        "No village has sent an adopted plan with Part 2 activities yet.": (
            "Chưa thôn nào gửi kế hoạch đã thông qua có hoạt động Phần 2."
        ),
        "Propose from the commune budget (allocation engine)": "Đề xuất theo ngân sách xã (bộ phân bổ)",
    }
)
