"""Explanations: one sentence per activity, funded or not, and why — in Vietnamese (default) and English.

Each :class:`~sedp.core.allocation.model.Decision` carries a reason code and the figures to cite; this module turns
them into text an officer can read out in front of a village, e.g.

* "được cấp vốn ở vòng 3 từ nguồn X, do 412 người ủng hộ chi trả" / "funded in round 3 from source X, paid by 412
  supporters";
* "không được cấp vốn: thôn này đã có 2 hoạt động được cấp vốn" / "not funded: 2 activities of this village
  already funded";
* "không được cấp vốn: còn 120.000.000 đ, chi phí 300.000.000 đ (vòng 7)" / "not funded: 120.000.000 đ left, cost
  300.000.000 đ (round 7)";
* "không được cấp vốn theo MES: 88 người ủng hộ chỉ còn 40.000.000 đ" / "not funded under MES: its 88 supporters
  had 40.000.000 đ left".

`explain_plain` says the commune process rule's decisions in words a village head can repeat, without rounds or
rule names: "Ngân sách xã còn 56 triệu đồng khi đến lượt nhu cầu này, không đủ cho 92 triệu đồng".

Amounts are written the Vietnamese way (120.000.000 đ, rounded to the whole unit) in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sedp.core.money import format_vnd

from .model import Decision, Outcome

LANGS = ("vi", "en")

_PRIORITY = {
    "poverty": ("giảm nghèo", "poverty reduction"),
    "ethnic_minority": ("đồng bào dân tộc thiểu số", "ethnic minorities"),
    "technical_service": ("hỗ trợ kỹ thuật, dịch vụ", "technical or service support"),
}


def _money(value: Any, unit: str) -> str:
    return format_vnd(value, unit=unit)


def _sources(d: Decision, vi: bool) -> str:
    if not d.sources or (len(d.sources) == 1 and d.sources[0][0] == "budget"):
        return ""
    names = ", ".join(s for s, _ in d.sources)
    if vi:
        return f" từ nguồn {names}"
    return f" from source{'s' if len(d.sources) > 1 else ''} {names}"


def explain(d: Decision, lang: str = "vi", unit: str = "đ") -> str:
    """The sentence for one decision."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}")
    vi = lang == "vi"
    f: Mapping[str, Any] = d.figures
    m = lambda key: _money(f[key], unit)  # noqa: E731
    stage = f.get("stage", "")
    src = _sources(d, vi)
    r = d.round
    if d.reason == "funded":
        if stage == "mes":
            capped = f.get("capped_payers", 0)
            if vi:
                s = f"được cấp vốn ở vòng {r} theo MES{src}, do {f['payers']} người ủng hộ chi trả"
                s += f" (mỗi người tối đa {m('share')}"
                s += f"; {capped} người trả hết phần còn lại)" if capped else ")"
            else:
                s = f"funded in round {r} under MES{src}, paid by {f['payers']} supporters"
                s += f" (at most {m('share')} each"
                s += f"; {capped} paid all they had left)" if capped else ")"
            return s
        if stage == "phragmen":
            return (
                f"được cấp vốn ở vòng {r} theo Phragmén{src}: {f['supporters']} người ủng hộ, chi phí {m('cost')}"
                if vi
                else f"funded in round {r} under Phragmén{src}: {f['supporters']} supporters, cost {m('cost')}"
            )
        if stage in ("one_per_village", "priority_order"):
            pri = ", ".join(_PRIORITY[p][0 if vi else 1] for p in f.get("priority", []) if p in _PRIORITY)
            if vi:
                s = f"được cấp vốn ở vòng {r}{src}, chi phí {m('cost')}"
                if stage == "one_per_village":
                    s += " (mỗi thôn ít nhất một hoạt động)"
                if pri:
                    s += f"; ưu tiên: {pri}"
            else:
                s = f"funded in round {r}{src}, cost {m('cost')}"
                if stage == "one_per_village":
                    s += " (at least one activity per village)"
                if pri:
                    s += f"; priority: {pri}"
            return s
        if stage == "completion":
            return (
                f"được cấp vốn ở vòng {r} (bổ sung sau MES, theo số người ủng hộ){src}: "
                f"{f['supporters']} người ủng hộ, chi phí {m('cost')}"
                if vi
                else f"funded in round {r} (completion after MES, by support){src}: "
                f"{f['supporters']} supporters, cost {m('cost')}"
            )
        return (
            f"được cấp vốn ở vòng {r}{src}, do {f['supporters']} người ủng hộ, chi phí {m('cost')}"
            if vi
            else f"funded in round {r}{src}, supported by {f['supporters']}, cost {m('cost')}"
        )
    if d.reason == "funded_unsupported":
        return (
            f"được cấp vốn ở vòng {r}{src} bằng số tiền còn lại, dù không ai ủng hộ"
            if vi
            else f"funded in round {r}{src} with money left over, although nobody supported it"
        )
    if d.reason == "funded_zero_cost":
        return (
            f"được chọn: không tốn chi phí và có {f['supporters']} người ủng hộ"
            if vi
            else f"selected: it costs nothing and has {f['supporters']} supporters"
        )
    if d.reason == "over_budget":
        s = (
            f"không được cấp vốn: còn {m('left')}, chi phí {m('cost')} (vòng {r})"
            if vi
            else f"not funded: {m('left')} left, cost {m('cost')} (round {r})"
        )
        if "mes" in f and f["mes"].get("reason") == "mes_unaffordable":
            mf = f["mes"]
            s += (
                f"; trước đó theo MES, {mf['supporters']} người ủng hộ chỉ còn {_money(mf['left'], unit)}"
                if vi
                else f"; before that, under MES, its {mf['supporters']} supporters had {_money(mf['left'], unit)} left"
            )
        return s
    if d.reason == "mes_unaffordable":
        return (
            f"không được cấp vốn theo MES: {f['supporters']} người ủng hộ chỉ còn {m('left')}, chi phí {m('cost')}"
            if vi
            else f"not funded under MES: its {f['supporters']} supporters had {m('left')} left, cost {m('cost')}"
        )
    if d.reason == "no_support":
        return "không được cấp vốn: không ai ủng hộ" if vi else "not funded: nobody supported it"
    if d.reason == "over_budget_total":
        return (
            f"không được cấp vốn: chi phí {m('cost')} vượt toàn bộ ngân sách {m('budget')}"
            if vi
            else f"not funded: cost {m('cost')} is more than the whole budget {m('budget')}"
        )
    if d.reason == "phragmen_stopped":
        if "blocking" not in f:
            return "không được cấp vốn: quy tắc Phragmén đã dừng" if vi else "not funded: Phragmén stopped"
        return (
            f"không được cấp vốn: quy tắc Phragmén dừng ở vòng {r} vì hoạt động {f['blocking']} "
            f"(chi phí {m('blocking_cost')}) không vừa số tiền còn lại {m('left')}"
            if vi
            else f"not funded: Phragmén stopped in round {r} because project {f['blocking']} "
            f"(cost {m('blocking_cost')}) did not fit in the {m('left')} left"
        )
    if d.reason == "village_cap":
        n = f["funded_in_village"]
        return (
            f"không được cấp vốn: thôn này đã có {n} hoạt động được cấp vốn (tối đa {f['cap']})"
            if vi
            else f"not funded: {n} {'activity' if n == 1 else 'activities'} of this village already funded "
            f"(at most {f['cap']})"
        )
    if d.reason == "no_source":
        return (
            f"không được cấp vốn: không nguồn vốn phù hợp nào còn đủ tiền (còn {m('left')}, chi phí {m('cost')})"
            if vi
            else f"not funded: no eligible source has enough money ({m('left')} left for it, cost {m('cost')})"
        )
    return d.reason


def explain_all(outcome: Outcome, lang: str = "vi") -> dict[str, str]:
    """Sentence per project id, for every decision of an outcome."""
    return {pid: explain(d, lang, outcome.unit) for pid, d in outcome.decisions.items()}


# ---------------------------------------------------------------------------------------------------------------
# Plain words: what a village head can repeat at the village meeting
# ---------------------------------------------------------------------------------------------------------------
# `explain` cites the engine's rounds and rules for the people who check a run. What reaches a village — the
# proposal the commune team reads out, the reason written into a postponed need — says the same thing without
# rounds, rule names or document numbers, in round amounts ("56 triệu đồng").


def amount_words(value: Any, lang: str = "vi") -> str:
    """A round amount as people say it: 56.000.000 → '56 triệu đồng', 1.250.000.000 → '1,25 tỷ đồng',
    750.000 → '750.000 đồng' ('56 million đồng', '1.25 billion đồng' in English). Kept to two decimals."""
    amount = round(float(value))
    for size, vi_word, en_word in ((10**9, "tỷ", "billion"), (10**6, "triệu", "million")):
        if abs(amount) >= size:
            figure = f"{amount / size:.2f}".rstrip("0").rstrip(".")
            if lang == "vi":
                return f"{figure.replace('.', ',')} {vi_word} đồng"
            return f"{figure} {en_word} đồng"
    return f"{format_vnd(amount, unit='')} đồng"


def explain_plain(d: Decision, lang: str = "vi") -> str:
    """One sentence for one decision of the commune process rule, in words a village head can repeat: no rounds,
    no rule names. Decisions of the other rules (MES, Phragmén…) keep their technical sentence (`explain`)."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {LANGS}")
    vi = lang == "vi"
    f: Mapping[str, Any] = d.figures
    w = lambda key: amount_words(f[key], lang)  # noqa: E731
    stage = f.get("stage", "")
    if d.reason == "funded" and stage in ("one_per_village", "priority_order"):
        pri = ", ".join(_PRIORITY[p][0 if vi else 1] for p in f.get("priority", []) if p in _PRIORITY)
        if vi:
            s = f"Được cấp {w('cost')} từ ngân sách xã"
            if stage == "one_per_village":
                s += ": mỗi thôn được ít nhất một hoạt động, và đây là hoạt động thôn xếp trên cùng mà ngân sách đủ tiền làm"
            else:
                s += ": khi đến lượt nhu cầu này theo thứ tự ưu tiên của thôn, ngân sách xã vẫn còn đủ"
            if pri:
                s += f"; được ưu tiên vì {pri}"
        else:
            s = f"Funded with {w('cost')} from the commune budget"
            if stage == "one_per_village":
                s += ": every village gets at least one activity, and this is the village's first that the budget covers"
            else:
                s += ": the commune budget still had enough when this need's turn came in the village's order"
            if pri:
                s += f"; given priority for {pri}"
        return s
    if d.reason == "over_budget" and "mes" not in f:
        return (
            f"Ngân sách xã còn {w('left')} khi đến lượt nhu cầu này, không đủ cho {w('cost')}"
            if vi
            else f"The commune budget had {w('left')} left when this need's turn came, not enough for {w('cost')}"
        )
    if d.reason == "village_cap":
        n = f["funded_in_village"]
        return (
            f"Thôn đã có {n} hoạt động được cấp vốn, là số tối đa mỗi thôn được cấp trong năm"
            if vi
            else f"The village already has {n} funded {'activity' if n == 1 else 'activities'}, "
            "the most one village gets this year"
        )
    if d.reason == "over_budget_total":
        return (
            f"Nhu cầu này cần {w('cost')}, nhiều hơn cả ngân sách xã ({w('budget')})"
            if vi
            else f"This need costs {w('cost')}, more than the whole commune budget ({w('budget')})"
        )
    if d.reason == "no_source":
        return (
            f"Không nguồn vốn nào dành cho loại hoạt động này còn đủ tiền: còn {w('left')}, cần {w('cost')}"
            if vi
            else f"No fund for this kind of activity had enough left: {w('left')} left, {w('cost')} needed"
        )
    if d.reason == "funded_zero_cost":
        return (
            "Được chọn: không cần tiền ngân sách xã"
            if vi
            else "Selected: it needs no money from the commune budget"
        )
    return explain(d, lang)
