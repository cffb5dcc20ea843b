"""The site's content security policy refuses inline style attributes (style-src 'self'): a template that sets one
is drawn without it in every browser — a chart as wide as the screen, a hidden block shown. Styles go in sedp.css."""

import re
from pathlib import Path

import sedp

TEMPLATES = sorted(Path(sedp.__file__).parent.rglob("templates/**/*.*"))


def test_no_template_carries_a_style_attribute():
    offenders = [
        f"{path.relative_to(Path(sedp.__file__).parent)}:{n}"
        for path in TEMPLATES
        if path.suffix in (".html", ".svg")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if re.search(r"\sstyle=\"", line)
    ]
    assert TEMPLATES and offenders == []
