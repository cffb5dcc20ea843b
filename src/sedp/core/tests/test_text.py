"""Typed text: one Unicode form (NFC) and no hidden characters (sedp.core.text)."""

import unicodedata

from sedp.core.text import nfc, refused_characters

NFC = "Thủy lợi nội đồng"
NFD = unicodedata.normalize("NFD", NFC)


def test_an_nfd_text_becomes_the_nfc_one():
    assert NFD != NFC and len(NFD) > len(NFC)
    assert nfc(NFD) == NFC and nfc(NFC) == NFC


def test_text_direction_controls_are_refused_everywhere():
    for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)):
        text = f"Thôn 1{chr(code)}N3"
        assert refused_characters(text) == [f"U+{code:04X}"]
        assert refused_characters(text, multiline=True) == [f"U+{code:04X}"]


def test_control_characters_are_refused_line_breaks_and_tabs_only_in_a_text_area():
    assert refused_characters("Buôn\x00Ea\x1bKmát\x7f\x85") == ["U+0000", "U+001B", "U+007F", "U+0085"]
    assert refused_characters("Dòng 1\r\nDòng 2\tcột") == ["U+000D", "U+000A", "U+0009"]
    assert refused_characters("Dòng 1\r\nDòng 2\tcột", multiline=True) == []
    assert refused_characters("Dòng 1\x00", multiline=True) == ["U+0000"]


def test_vietnamese_and_other_scripts_pass():
    assert refused_characters("Buôn Ê Đê – H’Hen Niê, 100% “nước sạch” ¼ km² 😀") == []
