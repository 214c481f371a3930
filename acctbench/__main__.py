"""``python -m acctbench`` runs the CLI."""

import sys

from acctbench.cli import main

sys.exit(main())
