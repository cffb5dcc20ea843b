"""The open data's tables and every column: name, type (Frictionless Table Schema), a Vietnamese title and an
English description. Pure Python: `datapackage.json`, the CSV headers and the API all read it, so a column is
described once. No column holds a person's name: not an attendee, not a commenter, not a signer."""

from __future__ import annotations

from dataclasses import dataclass

LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0 International",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # integer, number, string, date
    title: str  # Vietnamese
    description: str  # English


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Column, ...]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, title: str, description: str) -> Column:
    return Column(name, type_, title, description)


UNIT = (
    _c("unit_id", "integer", "Mã đơn vị (openSEDP)", "The administrative unit's identifier in openSEDP."),
    _c("unit_code", "string", "Mã đơn vị hành chính", "The unit's official code (empty for a village)."),
    _c("unit_name", "string", "Tên đơn vị", "The unit's name."),
    _c("unit_level", "string", "Cấp", "The unit's level: province, district, commune or village."),
)
PLAN_ID = _c("plan_id", "integer", "Mã kế hoạch", "The plan's identifier in openSEDP (see plans.csv).")

TABLES: tuple[Table, ...] = (
    Table(
        "plans",
        "Kế hoạch đã thông qua",
        "The unit's published plans for the year (adopted, approved or submitted; never a draft), the latest "
        "published version of each kind.",
        (
            PLAN_ID,
            *UNIT,
            _c("parent_name", "string", "Thuộc đơn vị", "The unit above (a village's commune...)."),
            _c(
                "kind",
                "string",
                "Loại kế hoạch (mã)",
                "village_midterm, village_annual, commune_annual, district_annual or province_annual.",
            ),  # fmt: skip
            _c("kind_vi", "string", "Loại kế hoạch", "The kind of plan, in Vietnamese."),
            _c("year_from", "integer", "Từ năm", "First year of the plan."),
            _c("year_to", "integer", "Đến năm", "Last year of the plan."),
            _c(
                "version",
                "integer",
                "Phiên bản",
                "Version of the plan (a change after adoption is a new one).",
            ),
            _c("state", "string", "Trạng thái", "adopted, approved (by the People's Council) or submitted."),
            _c("title", "string", "Tên kế hoạch", "The plan's title (trích yếu), when it has one."),
            _c("adopted_on", "date", "Ngày thông qua", "The day the plan was adopted."),
            _c("doc_number", "string", "Số văn bản", "The plan's document number."),
            _c("doc_date", "date", "Ngày văn bản", "The plan's document date."),
            _c("resolution_number", "string", "Số nghị quyết HĐND", "The People's Council resolution."),
            _c("resolution_date", "date", "Ngày nghị quyết", "The date of the resolution."),
            _c("total_cost", "integer", "Tổng kinh phí (đồng)", "The activities' costs added up, in VND."),
            _c("page_url", "string", "Trang công khai", "The unit's public page (path on this server)."),
            _c("docx_url", "string", "Văn bản .docx", "The plan document, Word (path; empty for a village)."),
            _c("pdf_url", "string", "Văn bản .pdf", "The plan document, PDF (path; empty for a village)."),
            _c("xlsx_url", "string", "Biểu mẫu .xlsx", "The plan's forms (Biểu) as a workbook (path)."),
        ),
    ),
    Table(
        "key_targets",
        "Chỉ tiêu chủ yếu",
        "The plan's key targets, as written.",
        (
            PLAN_ID,
            UNIT[0],
            _c("order", "integer", "Thứ tự", "Order in the plan."),
            _c("text", "string", "Chỉ tiêu", "The key target, as written."),
        ),  # fmt: skip
    ),
    Table(
        "objectives",
        "Mục tiêu",
        "The plan's objectives, by sector.",
        (
            PLAN_ID,
            UNIT[0],
            _c("sector", "string", "Lĩnh vực", "The sector of the objective."),
            _c("number", "string", "Số thứ tự", "The objective's number in the plan."),
            _c("text", "string", "Mục tiêu", "The objective, as written."),
        ),
    ),
    Table(
        "indicators",
        "Chỉ số",
        "The measurable indicators of the key targets, objectives and results, with baseline and target.",
        (
            PLAN_ID,
            UNIT[0],
            _c("under", "string", "Thuộc", "What the indicator measures: key_target, objective or result."),
            _c(
                "under_number",
                "string",
                "Số của mục",
                "The number (or order) of that key target, objective or result.",
            ),  # fmt: skip
            _c("name", "string", "Chỉ số", "The indicator."),
            _c("unit_of_measure", "string", "Đơn vị tính", "Unit of measure."),
            _c("baseline", "number", "Giá trị gốc", "Baseline value."),
            _c("target", "number", "Chỉ tiêu", "Target value."),
            _c("direction", "string", "Xu hướng", "increase, decrease or maintain."),
            _c("target_year", "integer", "Năm đạt", "Year by which the target is to be reached."),
        ),
    ),
    Table(
        "activities",
        "Hoạt động",
        "The plan's activities with their cost and funding source. For a village plan: its items, Part 1 "
        "(done with the village's own money and labour) or Part 2 (asked of the budget).",
        (
            PLAN_ID,
            UNIT[0],
            _c("number", "string", "Số thứ tự", "The activity's number in the plan."),
            _c("title", "string", "Hoạt động", "The activity."),
            _c("sector", "string", "Lĩnh vực", "Sector."),
            _c("result", "string", "Kết quả", "The result (output) it serves, when it hangs under one."),
            _c("quarters", "string", "Quý thực hiện", "Quarters of the year it runs in, e.g. '2,3'."),
            _c("responsible", "string", "Đơn vị chủ trì", "The body responsible (never a private person)."),
            _c("cost", "integer", "Kinh phí (đồng)", "Cost in VND."),
            _c("funding_source", "string", "Nguồn vốn", "Funding source, as written in the plan."),
            _c(
                "people_contribution", "string", "Nhân dân đóng góp", "The people's contribution, as written."
            ),
            _c("contribution_value", "integer", "Giá trị đóng góp (đồng)", "The contribution valued in VND."),
            _c(
                "business_contribution_value",
                "integer",
                "Doanh nghiệp đóng góp (đồng)",
                "MOP-SEDP: what businesses put in, in VND (empty: none).",
            ),
            _c("origin", "string", "Từ nhu cầu của thôn", "The village needs it comes from: 'Thôn 1: N3'."),
        ),
    ),
    Table(
        "budget",
        "Ngân sách theo nguồn",
        "The plan's budget by funding source, in VND.",
        (
            PLAN_ID,
            UNIT[0],
            _c("source", "string", "Nguồn vốn", "Funding source."),
            _c("amount", "integer", "Số tiền (đồng)", "Amount in VND (empty when not stated)."),
        ),  # fmt: skip
    ),
    Table(
        "needs",
        "Nhu cầu của thôn và kết quả xem xét",
        "Every need a village put in its adopted annual plan and what the plan above did with it: included, "
        "merged, postponed (to which year), referred (to which source) or not included, with the reason.",
        (
            *UNIT,
            _c("village_plan_id", "integer", "Mã kế hoạch của thôn", "The village's adopted annual plan."),
            _c("need_id", "integer", "Mã nhu cầu", "The need's identifier in openSEDP."),
            _c("code", "string", "Số hiệu", "The need's code in the village (N1, N2...)."),
            _c("title", "string", "Nhu cầu", "The need (proposed activity)."),
            _c("sector", "string", "Lĩnh vực", "Sector."),
            _c("estimated_cost", "integer", "Kinh phí dự kiến (đồng)", "Estimated cost in VND."),
            _c("part", "integer", "Phần", "1: the village does it itself; 2: asked of the budget."),
            _c("rank", "integer", "Thứ tự ưu tiên", "Rank in the village plan."),
            _c("men_rank", "integer", "Xếp hạng của nhóm nam", "Rank given by the men's group."),
            _c("women_rank", "integer", "Xếp hạng của nhóm nữ", "Rank given by the women's group."),
            _c("contribution_value", "integer", "Nhân dân đóng góp (đồng)", "People's contribution in VND."),
            _c("decided_in_plan_id", "integer", "Kế hoạch xem xét", "The plan above that decided (plan_id)."),
            _c(
                "fate",
                "string",
                "Kết quả (mã)",
                "included, merged, postponed, referred, not_included; own "
                "(Part 1: the village does it) or undecided (no adopted plan above has decided yet).",
            ),  # fmt: skip
            _c("fate_text", "string", "Kết quả xem xét", "What happened to the need, in plain Vietnamese."),
            _c("postponed_to", "integer", "Hoãn sang năm", "The year it is postponed to."),
            _c("referred_to", "string", "Chuyển sang nguồn", "The funding source it is referred to."),
            _c("reason", "string", "Lý do", "The reason given by the plan above."),
            _c("activities", "string", "Thành hoạt động", "The activities of the plan above it became."),
        ),
    ),
    Table(
        "assigned_budgets",
        "Ngân sách được giao",
        "Budgets the level above assigned to the unit for the year (issued decisions only), by source.",
        (
            *UNIT,
            _c("assigned_by", "string", "Đơn vị giao", "The unit that assigned it."),
            _c("decision_number", "string", "Số quyết định", "The decision's number."),
            _c("decision_date", "date", "Ngày quyết định", "The decision's date."),
            _c("source", "string", "Nguồn vốn", "Funding source."),
            _c("activity", "string", "Hoạt động", "The activity the money is named for (if any)."),
            _c("amount", "integer", "Số tiền (đồng)", "Amount in VND."),
        ),
    ),
    Table(
        "assigned_targets",
        "Chỉ tiêu được giao",
        "Targets the level above assigned to the unit for the year (issued decisions only).",
        (
            *UNIT,
            _c("assigned_by", "string", "Đơn vị giao", "The unit that assigned it."),
            _c("decision_number", "string", "Số quyết định", "The decision's number."),
            _c("name", "string", "Chỉ tiêu", "The target."),
            _c("unit_of_measure", "string", "Đơn vị tính", "Unit of measure."),
            _c("value", "number", "Giá trị giao", "Value assigned."),
        ),
    ),
)
BY_NAME = {t.name: t for t in TABLES}
