#!/usr/bin/env python3
"""Dependency circles between the modules (files) of generator/src.

A module depends on another when its code names a path into it: `crate::a::b`, `super::x`, or a
child module by name (`config::Config` in lib.rs). Comments, `#[cfg(test)] mod tests` blocks and
test files are skipped; a parent declaring its children is not a dependency; the crate root's
re-exports (`pub use input::{metadata, ...}`, `pub use error::{Error, Warning}`) resolve to the
module the item lives in.

Usage, from the repository root:

    python3 scripts/module-circles.py [REV]

REV is a git commit (default: the working tree). Prints one line per circle, then the count.
"""

import os
import re
import subprocess
import sys

ROOT = "generator/src"
CRATE_ROOT = ()


def read_files(rev):
    if rev:
        names = subprocess.run(
            ["git", "ls-tree", "-r", "--name-only", rev, ROOT],
            capture_output=True, text=True, check=True,
        ).stdout.split()
        return {
            name: subprocess.run(
                ["git", "show", f"{rev}:{name}"], capture_output=True, text=True, check=True
            ).stdout
            for name in names
            if name.endswith(".rs")
        }
    files = {}
    for directory, _, names in os.walk(ROOT):
        for name in names:
            if name.endswith(".rs"):
                path = os.path.join(directory, name)
                with open(path) as file:
                    files[path] = file.read()
    return files


def module_of(path):
    parts = path[len(ROOT) + 1 : -3].split("/")
    if parts[-1] in ("mod", "lib"):
        parts = parts[:-1]
    return tuple(parts)


def code_only(source):
    tests = source.find("#[cfg(test)]\nmod tests")
    if tests >= 0:
        source = source[:tests]
    return "\n".join(line for line in source.split("\n") if not line.lstrip().startswith("//"))


def main():
    files = read_files(sys.argv[1] if len(sys.argv) > 1 else None)
    modules = {module_of(path): path for path in files if not path.endswith("main.rs")}
    lib = files.get(f"{ROOT}/lib.rs", "")

    # What the crate root re-exports: modules (`pub use input::metadata`) and items
    # (`pub use error::Error`), each to where it lives.
    reexports = {}
    groups = re.findall(r"pub use ((?:\w+::)*\w+)::\{([^}]*)\};", lib)
    singles = [(path, name) for path, name in re.findall(r"pub use ((?:\w+::)*\w+)::(\w+);", lib)]
    for path, names in groups + singles:
        parent = tuple(path.split("::"))
        if parent not in modules:
            continue
        for name in names.split(","):
            name = name.strip()
            if name:
                child = parent + (name,)
                reexports[name] = child if child in modules else parent

    def resolve(segments):
        """The module a crate-absolute path names: its longest module prefix."""
        if segments and segments[0] in reexports:
            segments = list(reexports[segments[0]]) + segments[1:]
        for length in range(len(segments), 0, -1):
            if tuple(segments[:length]) in modules:
                return tuple(segments[:length])
        return None

    edges = {}
    for module, path in modules.items():
        if "test" in os.path.basename(path) or "/tests/" in path:
            continue
        source = code_only(files[path])
        deps = set()

        def name(prefix, segments):
            base = [] if prefix == "crate" else list(module[:-1])
            target = resolve(base + segments)
            if target is None and prefix == "crate":
                target = CRATE_ROOT  # an item of lib.rs itself (`crate::Generator`)
            if target is not None and target != module:
                deps.add(target)

        for prefix, rest in re.findall(r"\b(crate|super)((?:::\w+)+)", source):
            name(prefix, rest.split("::")[1:])
        for prefix, group in re.findall(r"\b(crate|super)::\{([^}]*)\}", source):
            for entry in re.split(r"[,\s]+", group):
                if entry:
                    name(prefix, [entry.split("::")[0]])
        for match in re.finditer(r"(?<![:\w])(\w+)::\w+", source):
            child = module + (match.group(1),)
            if child in modules:
                deps.add(child)
        # A module's ancestors declare it; naming them is not a dependency (except the root's
        # own items, kept above as CRATE_ROOT).
        edges[module] = {
            dep
            for dep in deps
            if (dep == CRATE_ROOT and module != CRATE_ROOT)
            or (dep != CRATE_ROOT and not (len(dep) < len(module) and module[: len(dep)] == dep))
        }

    # Strongly connected components (Tarjan).
    index, low, stack, on_stack, circles = {}, {}, [], set(), []
    counter = [0]

    def visit(node):
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for dep in edges.get(node, ()):
            if dep not in edges:
                continue
            if dep not in index:
                visit(dep)
                low[node] = min(low[node], low[dep])
            elif dep in on_stack:
                low[node] = min(low[node], index[dep])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(component)

    sys.setrecursionlimit(10000)
    for node in edges:
        if node not in index:
            visit(node)
    for component in circles:
        print(" <-> ".join("::".join(m) or "(crate root)" for m in sorted(component)))
    print(len(circles), "circles")


if __name__ == "__main__":
    main()
