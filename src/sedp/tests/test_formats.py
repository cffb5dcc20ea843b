"""The project format module: Vietnamese dates as dd/mm/yyyy and VND grouped as 17.052.000.000."""

from datetime import date
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format, number_format

from sedp.core.money import amount_in_words, format_vnd


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_dates_are_shown_and_read_as_dd_mm_yyyy(lang):
    with translation.override(lang):
        assert date_format(date(2026, 2, 5), "SHORT_DATE_FORMAT") == "05/02/2026"
        assert date_format(date(2026, 2, 5)) == "05/02/2026"

        class F(forms.Form):
            day = forms.DateField()

        form = F({"day": "05/02/2026"})
        assert form.is_valid() and form.cleaned_data["day"] == date(2026, 2, 5)
        assert 'value="05/02/2026"' in str(F(initial={"day": date(2026, 2, 5)})["day"])


def test_vietnamese_groups_thousands_with_dots():
    with translation.override("vi"):
        assert number_format(17052000000, force_grouping=True) == "17.052.000.000"
        assert number_format(3.06, decimal_pos=2) == "3,06"
        rendered = Template("{{ a|vnd }} · {{ n|num }} · {{ a|in_words }}").render(
            Context({"a": 17052000000, "n": 3321})
        )
    assert rendered == "17.052.000.000 đ · 3.321 · Mười bảy tỷ không trăm năm mươi hai triệu đồng"


@pytest.mark.parametrize(
    "amount, words",
    [
        (1563000000, "Một tỷ năm trăm sáu mươi ba triệu đồng"),
        (105, "Một trăm linh năm đồng"),
        (2024, "Hai nghìn không trăm hai mươi tư đồng"),
        (15, "Mười lăm đồng"),
        (21, "Hai mươi mốt đồng"),
        (1001000, "Một triệu không trăm linh một nghìn đồng"),
    ],
)
def test_amounts_in_words(amount, words):
    assert amount_in_words(amount) == words


def test_core_money_formatting_matches_the_templates():
    assert format_vnd(120_000_000) == "120.000.000 đ"
    assert format_vnd(-1500) == "-1.500 đ"


def test_pages_are_vietnamese_even_for_an_english_browser_until_english_is_chosen(client, db):
    page = client.get("/places/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page and "Đơn vị hành chính" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/places/"})
    page = client.get("/places/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert '<html lang="en">' in page and "Administrative units" in page


def test_a_stored_decimal_is_shown_without_its_trailing_zeros():
    # An indicator's 120.00 tấn is read "120", not "120,00"; a real fraction keeps its digits.
    with translation.override("vi"):
        rendered = Template("{{ a|num }} · {{ b|num }} · {{ c|num }} · {{ c|num:2 }}").render(
            Context({"a": Decimal("120.00"), "b": Decimal("12.50"), "c": Decimal("1234567.25")})
        )
    assert rendered == "120 · 12,5 · 1.234.567,25 · 1.234.567,25"
