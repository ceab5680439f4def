"""Static check of analysis code before it runs: imports, builtins and attribute tricks.

This is the first, cheapest layer: it rejects code that *says* it will do something
dangerous, with a message naming the line, so the user (or the LLM) can fix it. The
runtime layers (audit hook, namespaces, rlimits) do not rely on it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from chathep.sandbox.policy import DENIED_SUBMODULES, RESTRICTED_MODULES, Policy

#: Builtins that run or reach arbitrary code, or read the interpreter's internals.
DANGEROUS_BUILTINS: frozenset[str] = frozenset(
    {"eval", "exec", "compile", "__import__", "globals", "locals", "vars", "breakpoint"}
)

#: Dunder attributes harmless in analysis code; every other ``__x__`` attribute is refused.
SAFE_DUNDERS: frozenset[str] = frozenset(
    {"__init__", "__name__", "__version__", "__call__", "__len__", "__doc__", "__future__",
     "__main__", "__file__", "__qualname__", "__post_init__", "__repr__", "__str__", "__eq__",
     "__hash__", "__iter__", "__next__", "__enter__", "__exit__", "__add__", "__getitem__",
     "__setitem__", "__contains__", "__lt__", "__le__", "__gt__", "__ge__", "__ne__",
     "__annotations__", "__slots__", "__all__"}
)  # fmt: skip

#: Attribute names that only serve to escape (frames, code objects, module internals).
DENIED_ATTRIBUTES: frozenset[str] = frozenset(
    {"f_globals", "f_locals", "f_builtins", "f_back", "f_code", "gi_frame", "gi_code",
     "cr_frame", "ag_frame", "tb_frame", "tb_next", "co_code", "func_globals", "system",
     "popen", "Popen", "fork", "forkpty", "execv", "execve", "execvp", "spawnv", "spawnl",
     "posix_spawn", "dlopen", "CDLL", "PyDLL", "cdll", "pythonapi", "ctypeslib",
     "load_library", "_getframe", "settrace", "setprofile", "addaudithook", "modules",
     "builtins", "subprocess", "socket", "ctypes", "environ", "getenv", "putenv", "kill",
     "killpg", "setsid", "_exit", "mro", "os", "sys", "shutil", "rmtree", "pickle",
     "cloudpickle", "marshal", "import_module", "reload", "posix"}
)  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One reason the code was refused, with its place in the source."""

    line: int
    col: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message} [{self.rule}]"


def _dunder(name: str) -> bool:
    return len(name) > 4 and name.startswith("__") and name.endswith("__")


class _Checker(ast.NodeVisitor):
    def __init__(self, policy: Policy) -> None:
        self.allowed = policy.allowed_imports()
        self.findings: list[Finding] = []
        #: local name -> module it is bound to, for modules whose attributes are restricted
        self.restricted_alias: dict[str, str] = {}

    def add(self, node: ast.AST, rule: str, message: str) -> None:
        line, col = getattr(node, "lineno", 0), getattr(node, "col_offset", 0)
        self.findings.append(Finding(line, col, rule, message))

    # -- imports ----------------------------------------------------------------------
    def _check_module(self, node: ast.AST, module: str) -> bool:
        top = module.split(".")[0]
        if top not in self.allowed:
            self.add(node, "import", f"import of '{module}' is not allowed in analysis code")
            return False
        for denied in DENIED_SUBMODULES:
            if module == denied or module.startswith(denied + "."):
                self.add(node, "import", f"import of '{module}' is not allowed (native code)")
                return False
        if (
            "." in module
            and module.split(".")[0] in RESTRICTED_MODULES
            and (module not in RESTRICTED_MODULES)
        ):
            parent, _, child = module.rpartition(".")
            allowed = RESTRICTED_MODULES.get(parent, frozenset())
            if child not in allowed:
                self.add(node, "import", f"import of '{module}' is not allowed")
                return False
        return True

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if not self._check_module(node, alias.name):
                continue
            if alias.asname:
                if alias.name in RESTRICTED_MODULES:
                    self.restricted_alias[alias.asname] = alias.name
            else:
                top = alias.name.split(".")[0]
                if top in RESTRICTED_MODULES:
                    self.restricted_alias[top] = top
        self.generic_visit(node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            self.add(node, "import", "relative imports are not allowed in a standalone analysis")
            return
        module = node.module or ""
        if not self._check_module(node, module):
            return
        restricted = RESTRICTED_MODULES.get(module)
        for alias in node.names:
            if alias.name == "*":
                self.add(node, "import", f"'from {module} import *' is not allowed")
            elif restricted is not None and alias.name not in restricted:
                self.add(node, "attribute", f"'{module}.{alias.name}' is not allowed")
            elif f"{module}.{alias.name}" in DENIED_SUBMODULES:
                self.add(node, "import", f"import of '{module}.{alias.name}' is not allowed")
            elif alias.name in DENIED_ATTRIBUTES or (
                _dunder(alias.name) and alias.name not in SAFE_DUNDERS
            ):
                self.add(node, "attribute", f"importing '{alias.name}' is not allowed")
            else:
                full = f"{module}.{alias.name}"
                if full in RESTRICTED_MODULES:
                    self.restricted_alias[alias.asname or alias.name] = full
        self.generic_visit(node)

    # -- names, attributes, calls -----------------------------------------------------
    def visit_Name(self, node: ast.Name) -> None:
        if node.id in DANGEROUS_BUILTINS:
            self.add(node, "builtin", f"'{node.id}' is not allowed (it runs or exposes code)")
        elif _dunder(node.id) and node.id not in SAFE_DUNDERS:
            self.add(node, "dunder", f"'{node.id}' is not allowed")
        self.generic_visit(node)

    def _dotted(self, node: ast.AST) -> str | None:
        parts: list[str] = []
        while isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        if isinstance(node, ast.Name) and node.id in self.restricted_alias:
            parts.append(self.restricted_alias[node.id])
            return ".".join(reversed(parts))
        return None

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if _dunder(node.attr) and node.attr not in SAFE_DUNDERS:
            self.add(node, "dunder", f"attribute '{node.attr}' is not allowed")
        elif node.attr in DENIED_ATTRIBUTES:
            self.add(node, "attribute", f"attribute '{node.attr}' is not allowed")
        else:
            dotted = self._dotted(node)
            if dotted is not None:
                module, _, attr = dotted.rpartition(".")
                allowed = RESTRICTED_MODULES.get(module)
                if allowed is not None and attr not in allowed:
                    self.add(node, "attribute", f"'{dotted}' is not allowed")
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name) and func.id in {"getattr", "setattr", "delattr", "hasattr"}:
            name = node.args[1] if len(node.args) > 1 else None
            if not (isinstance(name, ast.Constant) and isinstance(name.value, str)):
                self.add(node, "getattr", f"{func.id}() needs a literal attribute name")
            elif _dunder(name.value) or name.value in DENIED_ATTRIBUTES:
                self.add(node, "getattr", f"{func.id}(..., '{name.value}') is not allowed")
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        # "{0.__class__}".format(x), attrgetter("__globals__"), ... : refuse the spelling.
        if isinstance(node.value, str) and "__" in node.value:
            for word in _dunder_words(node.value):
                if word not in SAFE_DUNDERS:
                    self.add(node, "dunder", f"the string mentions '{word}'")
                    break


def _dunder_words(text: str) -> list[str]:
    words, start = [], text.find("__")
    while start != -1:
        end = text.find("__", start + 2)
        if end == -1:
            break
        word = text[start : end + 2]
        if word[2:-2].replace("_", "a").isalnum():
            words.append(word)
        start = text.find("__", end + 2)
    return words


def check_code(source: str, policy: Policy | None = None) -> list[Finding]:
    """Findings that make ``source`` unfit to run (empty list: the code may run)."""
    try:
        tree = ast.parse(source)
    except SyntaxError as exc:
        return [Finding(exc.lineno or 0, exc.offset or 0, "syntax", f"syntax error: {exc.msg}")]
    except ValueError as exc:  # NUL bytes
        return [Finding(0, 0, "syntax", f"cannot parse: {exc}")]
    checker = _Checker(policy or Policy())
    checker.visit(tree)
    return sorted(checker.findings, key=lambda f: (f.line, f.col))
