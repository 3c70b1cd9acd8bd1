"""The curated public API: every module declares ``__all__`` and names in it exist."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import kgraph


def _modules() -> list[str]:
    names = ["kgraph"]
    for info in pkgutil.walk_packages(kgraph.__path__, "kgraph."):
        if info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_every_module_declares_all_and_its_names_exist() -> None:
    missing = []
    for name in _modules():
        module = importlib.import_module(name)
        if not hasattr(module, "__all__"):
            if name.split(".")[-1] in ("__init__",) or module.__file__.endswith("__init__.py"):
                continue
            missing.append(f"{name}: no __all__")
            continue
        for item in module.__all__:
            if not hasattr(module, item):
                missing.append(f"{name}.{item}")
    assert missing == []


def test_top_level_names_resolve_lazily() -> None:
    for name in kgraph.__all__:
        assert getattr(kgraph, name) is not None


def test_import_has_no_heavy_side_effects() -> None:
    heavy = "('spacy', 'rdflib', 'pyoxigraph')"
    code = f"import kgraph, sys; print(sorted(m for m in {heavy} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
