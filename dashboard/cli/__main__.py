"""`python -m dashboard.cli`: the same as the `vigil` command."""

import sys

from dashboard.cli.commands import main

sys.exit(main())
