"""The plan's monitoring and evaluation plan (kế hoạch giám sát, đánh giá; source 004, step 5)."""
