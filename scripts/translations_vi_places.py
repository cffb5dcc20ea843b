VI = {
    "Only a province chooses its planning process.": "Chỉ cấp tỉnh mới chọn quy trình lập kế hoạch.",
    "Choose two-tier or three-tier.": "Hãy chọn hai cấp hoặc ba cấp.",
    "Planning process": "Quy trình lập kế hoạch",
    "The planning process of %(unit)s is saved.": "Đã lưu quy trình lập kế hoạch của %(unit)s.",
}
