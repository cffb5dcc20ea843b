"""Vietnamese for the commune plan's logframe editor, SMART checks, Gantt chart and documents (issue 5, H3).
Merged by `scripts/translations_vi.py` when `make messages` runs."""

VI = {
    # refusals of the editing actions
    "The plan is “%(state)s”: its content can no longer be changed.": (
        "Kế hoạch đang ở trạng thái “%(state)s”: không thể sửa nội dung nữa."
    ),
    "“%(field)s” is required.": "Cần nhập “%(field)s”.",
    "“%(field)s”: enter an amount in đồng, e.g. 17.052.000.000.": (
        "“%(field)s”: hãy nhập số tiền bằng đồng, ví dụ 17.052.000.000."
    ),
    "“Budget revenue” cannot exceed the total budget.": "“Thu ngân sách” không thể lớn hơn tổng kế hoạch ngân sách.",
    "“Title” is too long.": "“Trích yếu” quá dài.",
    "“Quarters”: choose among quarters I to IV.": "“Quý thực hiện”: hãy chọn trong các quý I đến IV.",
    "This belongs to another plan.": "Mục này thuộc một kế hoạch khác.",
    "This sector belongs to another unit.": "Lĩnh vực này thuộc một đơn vị khác.",
    "“Objective” is required.": "Cần chọn “Mục tiêu”.",
    "“Under” is required: a key target, an objective or a result.": (
        "Cần chọn “Thuộc”: một chỉ tiêu chủ yếu, một mục tiêu hoặc một kết quả."
    ),
    "An indicator hangs under a key target, an objective or a result.": (
        "Chỉ số phải thuộc một chỉ tiêu chủ yếu, một mục tiêu hoặc một kết quả."
    ),
    "“Direction”: choose increase, decrease or maintain.": "“Xu hướng”: hãy chọn tăng, giảm hoặc duy trì.",
    "“By year”: enter a year such as 2027.": "“Đến năm”: hãy nhập năm, ví dụ 2027.",
    "This activity comes from village needs: change their fate on the needs page before deleting it.": (
        "Hoạt động này đến từ nhu cầu của thôn: hãy đổi kết quả xem xét các nhu cầu đó ở trang nhu cầu "
        "trước khi xóa."
    ),
    # form fields
    "Title": "Trích yếu",
    "Subtitle (e.g. the sector)": "Dòng phụ (ví dụ: lĩnh vực)",
    "Document number": "Số văn bản",
    "Document date": "Ngày ban hành",
    "Total budget (đ)": "Tổng kế hoạch ngân sách (đồng)",
    "Budget revenue, at least (đ)": "Thu ngân sách, tối thiểu (đồng)",
    "Signed by": "Người ký",
    "Signer's title, one line each (e.g. KT. CHỦ TỊCH, PHÓ CHỦ TỊCH)": (
        "Chức vụ người ký, mỗi dòng một dòng in (ví dụ: KT. CHỦ TỊCH, PHÓ CHỦ TỊCH)"
    ),
    "Recipients, one per line": "Nơi nhận, mỗi nơi một dòng",
    "Key target": "Chỉ tiêu chủ yếu",
    "Number": "Số thứ tự",
    "Objective": "Mục tiêu",
    "Objective (a change: reduce, increase, improve…)": "Mục tiêu (một thay đổi: giảm, tăng, cải thiện…)",
    "Result": "Kết quả",
    "Result, written as completed": "Kết quả, viết ở dạng đã hoàn thành",
    "Budget source": "Nguồn ngân sách",
    "Indicators in one sentence (optional)": "Các chỉ số viết thành một câu (không bắt buộc)",
    "Under": "Thuộc",
    "Indicator": "Chỉ số",
    "Baseline": "Năm gốc",
    "Target": "Chỉ tiêu",
    "Direction": "Xu hướng",
    "Means of verification": "Nguồn kiểm chứng",
    "By year": "Đến năm",
    "By date": "Đến ngày",
    "As written in the plan (optional)": "Như kế hoạch ghi (không bắt buộc)",
    "For result": "Cho kết quả",
    "— no result yet —": "— chưa gắn kết quả —",
    "Quarters": "Quý thực hiện",
    "Responsible": "Đơn vị chịu trách nhiệm",
    "Cost (đ)": "Kinh phí (đồng)",
    "Funding source": "Nguồn vốn",
    "People's contribution": "Đóng góp của người dân",
    "Value of the people's contribution (đ)": "Giá trị đóng góp của người dân (đồng)",
    "“{}”: enter a date as dd/mm/yyyy, e.g. 05/02/2026.": "“{}”: hãy nhập ngày theo dạng dd/mm/yyyy, ví dụ 05/02/2026.",
    "“{}”: enter a number, e.g. 2,9 or 118.": "“{}”: hãy nhập một số, ví dụ 2,9 hoặc 118.",
    "“{}”: at most 2 decimals.": "“{}”: tối đa 2 chữ số thập phân.",
    "“{}”: choose one from the list.": "“{}”: hãy chọn một mục trong danh sách.",
    "“{}”: enter a year such as 2027.": "“{}”: hãy nhập năm, ví dụ 2027.",
    # the logframe page
    "Key targets": "Các chỉ tiêu chủ yếu",
    "PLAN": "KẾ HOẠCH",
    "Total budget:": "Tổng kế hoạch ngân sách:",
    "not set": "chưa nhập",
    "budget revenue at least": "thu ngân sách ít nhất",
    "No key target yet.": "Chưa có chỉ tiêu chủ yếu nào.",
    "Add a key target": "Thêm chỉ tiêu chủ yếu",
    "Title, budget, number, date, signer and recipients": "Trích yếu, ngân sách, số, ngày, người ký và nơi nhận",
    "SMART checks": "Kiểm tra SMART",
    "see": "xem",
    "Nothing to fix: every target has a number, a unit and a date; every result an indicator; every activity a "
    "quarter and someone responsible.": (
        "Không có gì cần sửa: mọi chỉ tiêu đều có con số, đơn vị tính và thời hạn; mọi kết quả đều có chỉ số; "
        "mọi hoạt động đều có quý thực hiện và đơn vị chịu trách nhiệm."
    ),
    ("%(n)s activity has no result yet.", "%(n)s activities have no result yet."): (
        "%(n)s hoạt động chưa gắn với kết quả nào."
    ),
    "Activities without a result yet": "Các hoạt động chưa gắn với kết quả",
    "Activities taken from the villages' needs start here: choose the result each one serves and the quarters it "
    "runs in (edit).": (
        "Các hoạt động lấy từ nhu cầu của các thôn nằm ở đây trước: hãy chọn kết quả mà mỗi hoạt động phục vụ và "
        "các quý thực hiện (sửa)."
    ),
    "Budget source:": "Nguồn ngân sách:",
    "Indicators:": "Chỉ số:",
    "No result yet.": "Chưa có kết quả nào.",
    "No objective yet.": "Chưa có mục tiêu nào.",
    "Add to the logframe": "Thêm vào khung lô-gíc",
    "Add an objective": "Thêm mục tiêu",
    "Add a result": "Thêm kết quả",
    "Add an indicator": "Thêm chỉ số",
    "Add an activity": "Thêm hoạt động",
    "Number objectives, results and activities again (1, 2, 3…)": (
        "Đánh số lại mục tiêu, kết quả và hoạt động (1, 2, 3…)"
    ),
    "Objectives, results and activities are numbered again in print order.": (
        "Đã đánh số lại mục tiêu, kết quả và hoạt động theo thứ tự in."
    ),
    "The plan's document details are saved.": "Đã lưu thông tin văn bản của kế hoạch.",
    "Gantt chart by quarter": "Biểu đồ Gantt theo quý",
    "No.": "STT",
    "Quarter": "Quý",
    "no unit": "chưa có đơn vị",
    "The chart shows activities once they hang under a result.": (
        "Biểu đồ hiện các hoạt động khi chúng đã gắn với một kết quả."
    ),
    "The plan as a document (.docx, .pdf)": "Kế hoạch dưới dạng văn bản (.docx, .pdf)",
    "From village needs:": "Từ nhu cầu của thôn:",
    "none": "chưa có",
    "nobody": "chưa có ai",
    "no number": "chưa có số",
    "By": "Thời hạn",
    "edit": "sửa",
    "delete": "xóa",
    "Delete it?": "Xóa mục này?",
    "Delete it": "Xóa mục này",
    # the documents page
    "The plan as an official document": "Kế hoạch dưới dạng văn bản hành chính",
    "Laid out as Decree 30/2020/NĐ-CP requires: A4, its margins, a Times New Roman–metric font, the issuing body "
    "and national title, the number, the place and date, the key targets, the logframe, the Gantt chart, the "
    "budget in figures and in words, the signature and the recipients.": (
        "Trình bày theo Nghị định 30/2020/NĐ-CP: khổ A4 với lề theo quy định, phông chữ tương đương Times New "
        "Roman, tên cơ quan ban hành và quốc hiệu, số, địa danh và ngày tháng, các chỉ tiêu chủ yếu, khung "
        "lô-gíc, biểu đồ Gantt, kinh phí bằng số và bằng chữ, chữ ký và nơi nhận."
    ),
    (
        "%(n)s activity in the logframe",
        "%(n)s activities in the logframe",
    ): "%(n)s hoạt động trong khung lô-gíc",
    ("%(n)s SMART warning", "%(n)s SMART warnings"): "%(n)s cảnh báo SMART",
    "This plan is not adopted yet: the document is a draft, and a missing number or date prints as a blank to "
    "fill in.": (
        "Kế hoạch chưa được thông qua: văn bản là bản dự thảo; số và ngày chưa có sẽ để trống để điền sau."
    ),
    "Download .docx (Word)": "Tải về .docx (Word)",
    "Download .pdf": "Tải về .pdf",
}

VI.update({"“Subtitle” is too long.": "“Dòng phụ” quá dài.", "subtitle": "dòng phụ"})
