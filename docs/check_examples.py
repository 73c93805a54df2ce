#!/usr/bin/python3
"""Checks that the guide's pages embed their examples verbatim.

A page embeds a file between marker comments:

    <!-- example: examples/routing.cpp -->
    ```cpp
    ...the file's text...
    ```
    <!-- /example -->

The path is relative to the page. Fails when a block differs from its file, when a marker
is malformed, when a page of the guide (every docs/*.md that index.md links to) does not embed
examples/<page>.cpp, when an example file is embedded nowhere, or when docs/CMakeLists.txt
does not build and run it. With --update, rewrites
the blocks from the files instead (for authors).

Usage: check_examples.py [--update] <repository root>
"""
import pathlib
import re
import sys

MARKER = re.compile(
    r"<!-- example: (?P<path>[^ ]+) -->\n```cpp\n(?P<body>.*?)```\n<!-- /example -->", re.S)
OPEN = re.compile(r"<!-- example: ([^ ]+) -->")
# Files under docs/examples that are helpers rather than examples.
HELPERS = {"check.hpp", "pch.hpp", "pch.cpp"}


def main(argv):
    update = "--update" in argv
    args = [a for a in argv if a != "--update"]
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    root = pathlib.Path(args[0]).resolve()
    docs = root / "docs"
    pages = sorted(docs.glob("*.md")) + [root / "README.md"]
    errors = []
    embedded = set()
    # The guide's pages are the ones index.md links to; other pages under docs/ (generated
    # reference such as CONFORMANCE.md) carry no example.
    guide = set(re.findall(r"\]\(([a-z_]+\.md)\)", (docs / "index.md").read_text(encoding="utf-8")))
    for page in pages:
        text = page.read_text(encoding="utf-8")
        blocks = list(MARKER.finditer(text))
        if len(blocks) != len(OPEN.findall(text)):
            errors.append(f"{page.relative_to(root)}: an example marker without its ```cpp block "
                          "and <!-- /example --> right after it")
        new_text, last = [], 0
        on_page = set()
        for block in blocks:
            source = (page.parent / block["path"]).resolve()
            if not source.is_file():
                errors.append(f"{page.relative_to(root)}: {block['path']} does not exist")
                continue
            embedded.add(source)
            on_page.add(source)
            code = source.read_text(encoding="utf-8")
            if block["body"] != code:
                if update:
                    new_text += [text[last:block.start("body")], code]
                    last = block.end("body")
                else:
                    errors.append(f"{page.relative_to(root)}: the block of {block['path']} differs "
                                  f"from the file (run {sys.argv[0]} --update {root})")
        if update and last:
            page.write_text("".join(new_text) + text[last:], encoding="utf-8")
            print(f"updated {page.relative_to(root)}")
        own = (docs / "examples" / (page.stem + ".cpp")).resolve()
        if page.parent == docs and page.name in guide and own not in on_page:
            errors.append(f"{page.relative_to(root)}: does not embed examples/{page.stem}.cpp")
    hello = (docs / "examples" / "hello.cpp").resolve()
    if hello not in embedded:
        errors.append("README.md: does not embed docs/examples/hello.cpp")
    for source in sorted((docs / "examples").iterdir()):
        if source.name not in HELPERS and source.resolve() not in embedded:
            errors.append(f"docs/examples/{source.name}: embedded in no page")
    # Every example is also built and run: docs/CMakeLists.txt must list it.
    listed = re.search(r"set\(_asgiscope_docs_examples(.*?)\)", (docs / "CMakeLists.txt").read_text(), re.S)
    listed = set(listed[1].split()) if listed else set()
    for source in sorted((docs / "examples").glob("*.cpp")):
        if source.name not in HELPERS and source.stem != "hello" and source.stem not in listed:
            errors.append(f"docs/examples/{source.name}: not built and run (add it to docs/CMakeLists.txt)")
    for error in errors:
        print(error, file=sys.stderr)
    if not errors:
        print(f"{len(pages)} pages, {len(embedded)} examples in sync")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
