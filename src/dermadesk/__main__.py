"""`python -m dermadesk` is the same program as the `dermadesk` command."""

import sys

from dermadesk.cli import main

sys.exit(main())
