"""What villagers read names the rule itself, never a document number or the allocation engine's rounds: no
"(tài liệu 001)", "tài liệu 000 yêu cầu…", "(vòng 2)" in the Vietnamese interface, and no "source 000" or
"round 2" in the English one."""

import re
from pathlib import Path

import polib

import sedp

ROOT = Path(sedp.__file__).parent
JARGON_VI = re.compile(r"tài liệu 00\d|\bvòng \d|bộ phân bổ|\bMES\b|Phragm")
JARGON_EN = re.compile(r"source 00\d|\bround \d|allocation engine|\bMES\b|Phragm", re.I)


def test_no_vietnamese_message_cites_a_document_or_an_engine_round():
    po = polib.pofile(str(ROOT / "locale/vi/LC_MESSAGES/django.po"))
    found = [e.msgstr for e in po if JARGON_VI.search(e.msgstr)]
    assert found == []


def test_no_english_message_cites_a_document_or_an_engine_round():
    po = polib.pofile(str(ROOT / "locale/en/LC_MESSAGES/django.po"))
    found = [e.msgid for e in po if JARGON_EN.search(e.msgid)]
    assert found == []


def test_no_template_text_cites_a_document():
    found = [
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("templates/**/*.html")
        if JARGON_EN.search(path.read_text()) or JARGON_VI.search(path.read_text())
    ]
    assert found == []
