"""Compiles the project's translations (locale/*/LC_MESSAGES/*.po → .mo) in pure Python with
Babel, so that no GNU gettext (msgfmt) is needed on the machine.

Run by `make venv` (and so by `make run`, `make test` and CI) and by the test suite's
conftest; a .mo is rebuilt only when its .po is newer. The .mo files are build output and are
not committed (.gitignore).

    python -m core.locale_build
"""

from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def compile_messages(locale_dir=LOCALE_DIR, *, force=False):
    """Compile every .po under locale_dir whose .mo is missing or older; returns those built."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    built = []
    for po in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
        mo = po.with_suffix(".mo")
        if not force and mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        with po.open("rb") as f:
            catalog = read_po(f, locale=po.parent.parent.name)
        tmp = mo.with_suffix(".mo.tmp")
        with tmp.open("wb") as f:
            write_mo(f, catalog)
        tmp.replace(mo)  # atomic: a running server never reads half a file
        built.append(mo)
    return built


if __name__ == "__main__":
    for path in compile_messages():
        print(f"compiled {path.relative_to(LOCALE_DIR.parent)}")
