"""The Vietnamese .po file is the source of the translations: every entry translated, none left fuzzy, and the
compiled .mo that Django reads says the same. (CI also checks that the code has no string the .po lacks.)"""

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parents[1] / "locale"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = LOCALE / "vi" / "LC_MESSAGES" / "django.mo"


def _key(entry):
    return (entry.msgctxt or "", entry.msgid, entry.msgid_plural or "")


def test_every_vietnamese_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(VI_PO))
    untranslated = [e.msgid for e in po if not e.obsolete and not e.translated() and "fuzzy" not in e.flags]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not untranslated, (
        f"{len(untranslated)} Vietnamese entries without a translation: {untranslated[:20]}"
    )
    assert not fuzzy, (
        f"{len(fuzzy)} fuzzy Vietnamese entries (check the suggestion, remove the mark): {fuzzy[:20]}"
    )


def test_the_compiled_catalogue_matches_the_po_file():
    po = {_key(e): (e.msgstr, dict(e.msgstr_plural)) for e in polib.pofile(str(VI_PO)) if e.translated()}
    mo = {_key(e): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(VI_MO)) if e.msgid}
    stale = sorted(k[1] for k in po.keys() ^ mo.keys() | {k for k in po.keys() & mo.keys() if po[k] != mo[k]})
    assert not stale, (
        f"django.mo is older than django.po ({len(stale)} entries differ; run `make messages`): {stale[:10]}"
    )


def test_plural_forms_are_vietnamese():
    assert polib.pofile(str(VI_PO)).metadata["Plural-Forms"] == "nplurals=1; plural=0;"
