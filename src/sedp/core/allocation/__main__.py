"""``python -m sedp.core.allocation FILE.pb --rule mes`` — same as ``sedp allocate``."""

import sys

from .cli import main

sys.exit(main())
