"""Layers a newcomer can see: a lower layer never imports a higher one (any import, at any depth)."""
import ast
from pathlib import Path

import analysis

PACKAGE = Path(analysis.__file__).parent
ORDER = ["base", "engine", "corpus", "measures", "compare", "reporting", "cli"]   # engine: where per-article work runs
BASE = {"errors", "schema", "paths", "settings", "lexicons", "io", "version", "persist", "progress", "__init__"}


def layer(module: str) -> str:
    """``analysis.corpus.clean`` -> ``corpus``; base modules (settings, errors...) -> ``base``."""
    parts = module.split(".")[1:]
    if not parts or parts[0] in BASE:
        return "base"
    if parts[0] in ("cli", "__main__"):
        return "cli"
    return parts[0]


def imports(path: Path) -> set[str]:
    module = "analysis." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
    package = module.rsplit(".", 1)[0] if path.name != "__init__.py" else module.removesuffix(".__init__")
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("analysis")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
                found |= {target} | {f"{target}.{a.name}" for a in node.names}
            elif node.module and node.module.startswith("analysis"):
                found.add(node.module)
    return {f for f in found if f.split(".")[0] == "analysis"}


def test_no_module_imports_a_higher_layer():
    bad = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = "analysis." + ".".join(path.relative_to(PACKAGE).with_suffix("").parts)
        if path.name == "__init__.py" and path.parent == PACKAGE:
            continue        # the top-level API may reach the study object lazily
        mine = ORDER.index(layer(module))
        for target in imports(path):
            theirs = layer(target)
            if theirs in ORDER and ORDER.index(theirs) > mine:
                bad.append(f"{module} ({layer(module)}) imports {target} ({theirs})")
    assert bad == []


def test_every_subpackage_declares_its_api():
    for sub in ("engine", "corpus", "measures", "compare", "reporting"):
        init = (PACKAGE / sub / "__init__.py").read_text(encoding="utf-8")
        assert "__all__" in init, sub


def test_importing_the_library_changes_no_process_wide_setting():
    """A library logs through a NullHandler and leaves the csv module's limit and the root logger alone."""
    import subprocess
    import sys

    code = ("import csv, logging; before = csv.field_size_limit(); import analysis, analysis.corpus, "
            "analysis.reporting.study; assert csv.field_size_limit() == before; "
            "assert not logging.getLogger().handlers; "
            "assert any(isinstance(h, logging.NullHandler) for h in logging.getLogger('analysis').handlers)")
    subprocess.run([sys.executable, "-c", code], check=True)
