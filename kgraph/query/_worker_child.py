"""Entry point of a query worker process: ``python -m kgraph.query._worker_child FD``."""

from __future__ import annotations

import sys
from multiprocessing.connection import Connection

from kgraph.query.worker import serve_worker

__all__: list[str] = []

if __name__ == "__main__":
    serve_worker(Connection(int(sys.argv[1])))
