"""Module-level names are bound once: a second ``_PATTERN = …`` further down a long
module silently replaces the first for every function that reads it, and so does a
``_PATTERN = …`` under a name the module also imports (the rule families of
``pipeline.classify`` import each other's patterns)."""

from __future__ import annotations

import ast
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
MODULES = sorted(
    [*ROOT.glob("pipeline/**/*.py"), *ROOT.glob("storage/**/*.py"), *ROOT.glob("demo/**/*.py")]
)


@pytest.mark.parametrize("path", MODULES, ids=[str(p.relative_to(ROOT)) for p in MODULES])
def test_module_level_names_are_assigned_once(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = Counter(
        [
            *(
                target.id
                for node in tree.body
                if isinstance(node, ast.Assign | ast.AnnAssign)
                for target in (node.targets if isinstance(node, ast.Assign) else [node.target])
                if isinstance(target, ast.Name)
            ),
            *(
                (alias.asname or alias.name).split(".")[0]
                for node in tree.body
                if isinstance(node, ast.Import | ast.ImportFrom)
                for alias in node.names
            ),
        ]
    )
    assert [name for name, count in names.items() if count > 1] == []
