"""The chain map as the plan's annex prints it: six stages side by side shrank to ~6 pt on an A4 page; in print the
stages go three a line, the arrow from a line's last stage bending down into the next line's first."""

import re
from types import SimpleNamespace

from sedp.core import value_chain as vc
from sedp.markets import charts

STAGES = [vc.INPUTS, vc.PRODUCTION, vc.COLLECTION, vc.PROCESSING, vc.WHOLESALE, vc.RETAIL]


def _views(n: int) -> list:
    return [
        SimpleNamespace(
            stage=stage,
            label=f"khâu {i + 1}",
            price_text="105.850",
            margin_text="87.350",
            share_text="46,6",
            result=SimpleNamespace(negative=False, price=105850),
            actors=[SimpleNamespace(kind="Tổ hợp tác hái chín Buôn Kram")],
        )
        for i, stage in enumerate(STAGES[:n])
    ]


def test_in_print_six_stages_go_three_a_line_at_half_the_width():
    wide, printed = charts.chain_map(_views(6), "kg"), charts.chain_map(_views(6), "kg", per_row=3)
    assert (
        printed["width"] * 2 < wide["width"] + charts.BOX_W
    )  # half as wide: each stage prints twice as large
    assert {b["y"] for b in printed["boxes"]} == {10, 10 + charts.BOX_H + charts.ROW_GAP}
    assert printed["height"] == 20 + 2 * charts.BOX_H + charts.ROW_GAP
    arrows = [b["arrow"] for b in printed["boxes"]]
    assert arrows[-1] == "" and all(arrows[:-1])
    assert len(re.findall(r"[ML]", arrows[2])) == 4  # the third stage's arrow bends down to the fourth
    assert all(len(re.findall(r"[ML]", a)) == 2 for a in arrows[:2] + arrows[3:5])


def test_the_printed_map_is_whole_svg_with_every_stage_and_the_actors_cut_to_the_box():
    svg = charts.chain_map_svg(_views(6), "kg", per_row=3)
    assert svg.startswith("<svg") and svg.count('class="stage"') == 6 and svg.count("<path d=") == 5 + 1
    assert "Tổ hợp tác hái chín Buôn…" in svg and 'font-family="Liberation Sans' in svg
    few = charts.chain_map(_views(2), "kg", per_row=3)
    assert few["height"] == 20 + charts.BOX_H and len({b["y"] for b in few["boxes"]}) == 1
