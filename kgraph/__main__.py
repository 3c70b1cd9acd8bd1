"""``python -m kgraph``: the same as the ``kgraph`` command."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
