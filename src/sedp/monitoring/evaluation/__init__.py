"""The 6-month and year-end evaluation of a plan (issue 12, §4), on the page: tables built by `tables`, charts
drawn server-side as inline SVG."""
