"""The place loaders, on the real data of the `vietnam-provinces` package (loaded once by conftest)."""

import pytest

from sedp.places.loaders import load_current, load_legacy
from sedp.places.models import Unit

pytestmark = pytest.mark.django_db


def test_it_loads_the_34_provinces_and_3321_communes_of_today():
    current = Unit.objects.current()
    assert current.filter(level="province").count() == 34
    assert current.filter(level="commune").count() == 3321
    assert not current.filter(level="district").exists()
    daklak = current.get(level="province", code="66")
    assert daklak.name == "Tỉnh Đắk Lắk" and daklak.tiers == 2
    ea_kao = current.get(level="commune", code="24169")
    assert ea_kao.parent == daklak and ea_kao.kind == "phuong"


def test_it_loads_the_legacy_63_provinces_696_districts_and_10051_communes():
    legacy = Unit.objects.legacy()
    assert legacy.filter(level="province").count() == 63
    assert legacy.filter(level="district").count() == 696
    assert legacy.filter(level="commune").count() == 10051
    truong_thi = legacy.get(level="commune", code="13657")
    assert truong_thi.name == "Phường Trường Thi"
    assert truong_thi.parent.name == "Thành phố Nam Định"
    assert truong_thi.parent.parent.name == "Tỉnh Nam Định"
    assert truong_thi.parent.parent.tiers == 3


def test_it_links_legacy_units_to_what_they_became():
    nam_dinh = Unit.objects.legacy().get(level="province", code="36")
    assert [p.name for p in nam_dinh.successors.all()] == ["Tỉnh Ninh Bình"]
    ba_dinh = Unit.objects.current().get(level="commune", code="00004")
    formed_from = set(ba_dinh.predecessors.values_list("name", flat=True))
    assert {"Phường Trúc Bạch", "Phường Quán Thánh", "Phường Điện Biên"} <= formed_from
    truong_thi = Unit.objects.legacy().get(level="commune", code="13657")
    assert truong_thi.successors.get().is_legacy is False


def test_it_loads_again_without_duplicating_anything():
    before = Unit.objects.count()
    assert load_current().created == 0
    assert load_legacy().created == 0
    assert Unit.objects.count() == before


def test_it_keeps_subtrees_as_path_prefixes():
    ea_kao = Unit.objects.get(level="commune", code="24169", is_legacy=False)
    subtree = Unit.objects.subtree(ea_kao)
    assert subtree.filter(level="village").count() == 9
    assert all(u.path.startswith(ea_kao.parent.path) for u in subtree)
    village = subtree.filter(level="village").first()
    assert [a.level for a in village.ancestors()] == ["province", "commune"]


def test_it_finds_units_by_name_without_diacritics():
    assert list(
        Unit.objects.current().search("dak lak").filter(level="province").values_list("name", flat=True)
    ) == ["Tỉnh Đắk Lắk"]
    found = list(
        Unit.objects.legacy().search("truong thi").filter(level="commune").values_list("name", flat=True)
    )
    assert found[:3] == ["Phường Trường Thi"] * 3  # whole words first, then e.g. "Xã Trường Thịnh"
    typed_so_far = set(
        Unit.objects.current().search("ea ka").filter(level="commune").values_list("name", flat=True)
    )
    assert {"Phường Ea Kao", "Xã Ea Kar"} <= typed_so_far
