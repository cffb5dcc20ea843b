"""Source 001, phase 3: the district (since July 2025 the province) assigns the plan early in January, the commune
to its villages by the end of January; each assigning level knows the milestone its work falls in."""

from datetime import date

from sedp.core.calendar import Phase, assignment_milestone, build_milestones
from sedp.cycles.actions import create_cycle
from sedp.cycles.labels import milestone_label


def test_each_assigning_level_has_its_milestone_in_january():
    m = {x.key: x for x in build_milestones(2027)}
    upper, commune = m[assignment_milestone("province")], m[assignment_milestone("commune")]
    assert assignment_milestone("district") == assignment_milestone("province") == "upper_assignment"
    assert assignment_milestone("village") is None
    assert (upper.phase, upper.starts_on, upper.due_on) == (
        Phase.ASSIGNMENT,
        date(2027, 1, 1),
        date(2027, 1, 10),
    )
    assert (commune.phase, commune.starts_on, commune.due_on) == (
        Phase.ASSIGNMENT,
        date(2027, 1, 20),
        date(2027, 1, 31),
    )
    assert upper.due_on < commune.starts_on  # the commune assigns what it was itself assigned


def test_a_province_cycle_holds_both_assignment_milestones(db, units, settings):
    settings.LANGUAGE_CODE = "vi"
    cycle = create_cycle(units.daklak, 2031)
    dates = {m.key: (m.starts_on, m.due_on) for m in cycle.milestones.all()}
    assert dates["upper_assignment"] == (date(2031, 1, 1), date(2031, 1, 10))
    assert dates["commune_assignment"] == (date(2031, 1, 20), date(2031, 1, 31))
    from django.utils import translation

    with translation.override("vi"):
        assert str(milestone_label("upper_assignment", 2)) == "Tỉnh giao kế hoạch cho xã (đầu tháng 1)"
        assert "cuối tháng 1" in str(milestone_label("commune_assignment", 2))
