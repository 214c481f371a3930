"""``python -m acctbench.train --config RECIPE.yaml [--key value ...]``: the same as ``acctbench train``."""

import sys

from acctbench.cli.train import main

sys.exit(main())
