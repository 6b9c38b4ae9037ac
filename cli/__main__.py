"""``python -m dvo_kb.cli``: the ``dvo-kb`` command."""

import sys

from . import main

sys.exit(main())
