"""The `sedp` command: every Django management command, plus the pure-core tools.

    sedp migrate | sedp load-places | sedp import-villages FILE | sedp load-demo | sedp runserver ...
    sedp allocate FILE.pb --rule mes      (no database needed)
    sedp serve [--bind 0.0.0.0:8000] [--workers N]   (production: gunicorn, see sedp.serve)

Hyphens and underscores are interchangeable in command names.
"""

from __future__ import annotations

import os
import sys

# Commands that are not Django management commands: the pure core's tools (no Django, no database), and the
# production server, which runs Django in its workers.
CORE_COMMANDS = {"allocate": "sedp.core.allocation.cli", "serve": "sedp.serve"}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1:
        name = argv[1].replace("-", "_")
        if name in CORE_COMMANDS:
            from importlib import import_module

            return int(import_module(CORE_COMMANDS[name]).main(argv[2:]) or 0)
        argv[1] = name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sedp.settings")
    from django.core.management import execute_from_command_line

    argv[0] = "sedp"
    execute_from_command_line(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
