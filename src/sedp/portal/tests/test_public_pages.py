"""Public pages (issue 14 §1, §2, §4): a citizen finds a unit by browsing or by a name typed without diacritics,
reads its published plan and what became of each village need, downloads the documents and the notice — all
without signing in, from pages cached until the next publication, light enough for a phone."""

import gzip
import re
from html import unescape

import pytest
from django.test import Client

from sedp.opendata import world
from sedp.opendata.actions import publish

pytestmark = pytest.mark.django_db
VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def _page(client, url) -> str:
    response = client.get(url, **VI)
    assert response.status_code == 200, url
    return response.content.decode()


def _main(html: str) -> str:
    return html.split("<main>", 1)[1]


def _text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.mark.parametrize("q", ["ea kao", "EA KAO", "Ea Kao", "phuong ea kao"])
def test_the_search_ignores_diacritics_and_case(client, units, q):
    page = _page(client, f"/search/?q={q}")
    assert f'href="/unit/{units.ea_kao.pk}/"' in page and "Phường Ea Kao" in page


def test_buon_ea_kmat_is_found_typed_without_diacritics(client, units):
    page = _page(client, "/search/?q=buon ea kmat")
    assert f'href="/unit/{units.ea_kmat.pk}/"' in page


def test_browsing_from_the_home_page_reaches_the_village(client, units):
    home = _page(client, "/")
    assert 'action="/search/"' in home and f'href="/unit/{units.daklak.pk}/"' in home
    assert f'href="/unit/{units.ea_kao.pk}/"' in _page(client, f"/unit/{units.daklak.pk}/")
    assert f'href="/unit/{units.ea_kmat.pk}/"' in _page(client, f"/unit/{units.ea_kao.pk}/")


def test_the_village_page_tells_what_happened_to_each_need_with_the_reason(client, units, year, published):
    page = _text(_page(client, f"/unit/{units.ea_kmat.pk}/"))
    items = published.village_plan.items.select_related("need")
    for item in items:
        assert item.need.title in page
    assert "Đưa vào kế hoạch của Phường Ea Kao: hoạt động" in page
    assert "Gộp với nhu cầu tương tự của Buôn Ea Kao, Buôn H'Drát, Buôn Kô Tam thành hoạt động 3" in page
    assert world.MERGE_REASON in page and "Thôn tự thực hiện (Phần 1 của kế hoạch thôn)" in page
    assert f'href="/open-data/unit/{units.ea_kmat.pk}/{year}.zip"' in _page(
        client, f"/unit/{units.ea_kmat.pk}/"
    )


def test_the_commune_page_shows_its_plan_and_its_villages_needs_village_by_village(
    client, units, year, published
):
    html = _page(client, f"/unit/{units.ea_kao.pk}/{year}/")
    page = _text(html)
    assert "Tỷ lệ hộ nghèo của phường giảm từ 12% xuống còn 10%" in page  # a key target
    assert "Cải thiện đường sá và tưới tiêu cho các buôn" in page  # an objective
    assert "800.000.000 đ Ngân sách huyện hỗ trợ" in page  # an activity's cost and source
    assert "Ngân sách theo nguồn vốn" in page and "2.330.000.000 đ" in page  # the budget by source, its total
    assert html.index('id="village-') < html.index(f'id="village-{units.ea_kmat.pk}"')  # Buôn Ea Kao first
    assert f"Hoãn sang năm {year + 1}" in page and "kênh Buôn Kram còn dùng được thêm một năm" in page
    plan = published.plan.pk
    for url in (f"/plans/{plan}/ke-hoach-{year}.docx", f"/plans/{plan}/ke-hoach-{year}.pdf",
                f"/plans/{plan}/rollup/bieu.xlsx"):  # fmt: skip
        assert f'href="{url}"' in html
        assert client.get(url).status_code == 200, url


def test_the_public_plan_pages_lead_back_to_the_public_page_not_to_a_login(client, units, year, published):
    for url in (f"/plans/{published.village_plan.pk}/", f"/plans/{published.plan.pk}/rollup/"):
        html = _page(client, url)
        back = re.search(r'<p><a href="([^"]+)">←', html).group(1)
        assert (
            back
            == f"/unit/{published.village_plan.unit_id if 'rollup' not in url else units.ea_kao.pk}/{year}/"
        )
        assert client.get(back).status_code == 200


def test_the_notice_prints_the_key_figures_the_needs_fates_and_the_assigned_targets(
    client, units, year, published
):
    html = _page(client, f"/unit/{units.ea_kao.pk}/{year}/notice/")
    assert '<html lang="vi">' in html and "/static/sedp/notice.css" in html
    text = _text(html)
    assert "THÔNG BÁO CÔNG KHAI" in text.upper() and "2.330.000.000 đ" in text
    assert "Buôn Ea Kmát" in text and world.MERGE_REASON in text
    pdf = client.get(f"/unit/{units.ea_kao.pk}/{year}/notice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    pdf_text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf.content)).pages)
    assert "Buôn Ea Kmát" in pdf_text and "Thông báo công khai".upper() in pdf_text.upper()
    assert client.get(f"/unit/{units.hanoi_commune.pk}/{year}/notice/").status_code == 404


def test_a_page_is_served_from_the_cache_until_something_is_published(
    client, units, year, published, django_assert_max_num_queries
):
    url = f"/unit/{units.ea_kmat.pk}/"
    first = _main(_page(client, url))
    with django_assert_max_num_queries(2):  # the unit (its access) and the edition: the body is cached
        assert _main(_page(client, url)) == first
    published.village_plan.items.filter(part=2).first().need.__class__.objects.filter(
        pk__in=[i.need_id for i in published.village_plan.items.all()]
    ).update(estimated_cost=7)
    assert _main(_page(client, url)) == first  # not published: the cached page stands
    publish(units.ea_kmat, year)
    assert _main(_page(client, url)) != first  # published: the edition went up, the page is drawn again


def test_a_commune_page_takes_the_same_queries_whatever_its_villages(
    client, units, year, published, django_assert_max_num_queries
):
    from django.core.cache import cache

    with django_assert_max_num_queries(14):
        _page(client, f"/unit/{units.ea_kao.pk}/")
    cache.clear()
    with django_assert_max_num_queries(14):
        _page(client, f"/unit/{units.daklak.pk}/")  # 100-odd communes


def test_public_pages_weigh_under_30_kb_compressed(client, units, year, published):
    pages = {
        "home": "/",
        "search": "/search/?q=ea kao",
        "province": f"/unit/{units.daklak.pk}/",
        "commune": f"/unit/{units.ea_kao.pk}/",
        "village": f"/unit/{units.ea_kmat.pk}/",
        "notice": f"/unit/{units.ea_kao.pk}/{year}/notice/",
        "open data": "/open-data/",
    }
    phone = Client(HTTP_ACCEPT_ENCODING="gzip", HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 13) Mobile")
    print("\npage weights (HTML, gzip):")
    for name, url in pages.items():
        response = phone.get(url, **VI)
        assert response.status_code == 200 and response["Content-Encoding"] == "gzip", url
        size = len(response.content)
        raw = len(gzip.decompress(response.content))
        print(f"  {name:10} {raw / 1024:6.1f} KB → {size / 1024:5.1f} KB gzip")
        assert size < 30 * 1024, (name, size)


def test_an_unknown_year_says_nothing_is_published_and_a_draft_only_unit_shows_no_plan(client, units, year):
    page = _page(client, f"/unit/{units.ea_kmat.pk}/2001/")
    assert 'id="nothing-yet"' in page
    assert client.get(f"/unit/{units.ea_kmat.pk}/1500/").status_code == 404


@pytest.mark.parametrize("q", ["ea\x00kao", "ea kao " * 1000, "\u202eoak ae", "Ea   Kao\t"])
def test_a_search_with_a_nul_byte_control_characters_or_a_thousand_words_never_answers_500(client, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
