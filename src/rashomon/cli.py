"""The command line: parse arguments, call one library function, show the result."""

from __future__ import annotations

import argparse
import json
import logging
import os
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from . import __version__
from .errors import ConfigError, Error

EXIT_OK, EXIT_ERROR, EXIT_NOTHING = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand (the README's CLI reference is generated from it)."""
    parser = argparse.ArgumentParser(
        prog="rashomon",
        description=(
            "Compare reports of the same events from every side, with each source's words as evidence."
        ),
    )
    parser.add_argument("--version", action="version", version=f"rashomon {__version__}")
    parser.add_argument("--config", metavar="FILE", help="settings file (TOML) over the defaults")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = sub.add_parser("analyze", help="analyse documents and write the store, JSON, CSV and report")
    analyze.add_argument(
        "docs", nargs="+", metavar="DOCS", help="files or folders (.txt .md .html .htm .pdf)"
    )
    analyze.add_argument("--sources", metavar="FILE", help="sources.csv (file,title,outlet,side,published)")
    analyze.add_argument(
        "--db", default="rashomon.db", metavar="FILE", help="SQLite store (default: %(default)s)"
    )
    analyze.add_argument("--json", metavar="FILE", help="write the analysis as rashomon/1 JSON")
    analyze.add_argument(
        "--csv",
        metavar="DIR",
        help="write documents.csv, mentions.csv, counts.csv, participants.csv, events.csv, slots.csv, "
        "discrepancies.csv and a README.md of their columns",
    )
    analyze.add_argument("--out", metavar="DIR", help="write the static HTML report")
    analyze.add_argument("--workers", type=int, metavar="N", help="worker processes (default: one per core)")
    analyze.add_argument(
        "--engine",
        choices=["local", "ray"],
        default="local",
        help="where the per-document stages run: local processes, or Ray (pip install 'rashomon[ray]')",
    )
    analyze.add_argument(
        "--address",
        metavar="HOST:PORT",
        help="with --engine ray: the Ray cluster to join (default: a local one)",
    )
    analyze.add_argument(
        "--keep-missing",
        action="store_true",
        help="keep stored documents whose file is gone (default: they leave the corpus)",
    )
    analyze.add_argument("--quiet", action="store_true", help="no progress bar or summary table")

    export = sub.add_parser("export", help="export a store as JSON or CSV")
    export.add_argument(
        "--db", default="rashomon.db", metavar="FILE", help="SQLite store (default: %(default)s)"
    )
    export.add_argument(
        "--format",
        choices=["json", "csv", "parquet"],
        default="json",
        help="json, csv, or parquet (one file per table of the store; needs pyarrow) (default: %(default)s)",
    )
    export.add_argument(
        "--output", "-o", required=True, metavar="PATH", help="file (json) or folder (csv, parquet)"
    )

    report = sub.add_parser("report", help="write the static HTML report of a store")
    report.add_argument(
        "--db", default="rashomon.db", metavar="FILE", help="SQLite store (default: %(default)s)"
    )
    report.add_argument("--out", required=True, metavar="DIR", help="folder for the report")

    serve = sub.add_parser(
        "serve",
        help="browse a store in Datasette on 127.0.0.1, read-only",
        description="Browse a store in Datasette (facets, sorting, search, CSV/JSON of every view) with "
        "the report's event and document pages. The store is opened immutable (read-only) and the app "
        "answers on 127.0.0.1 only.",
    )
    serve.add_argument(
        "--db", default="rashomon.db", metavar="FILE", help="SQLite store (default: %(default)s)"
    )
    serve.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (default: %(default)s)")

    timex = sub.add_parser("timex", help="tag time expressions of one text as TimeML TIMEX3")
    timex.add_argument("input", metavar="IN", help="plain text, or a TempEval-3 TimeML file with its DCT")
    timex.add_argument("output", metavar="OUT", help="TimeML file to write")
    timex.add_argument(
        "--dct", metavar="YYYY-MM-DD", help="document creation time (anchor for relative dates)"
    )

    config = sub.add_parser("config", help="show the effective settings")
    config.add_argument("action", choices=["show"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `rashomon` console script."""
    args = build_parser().parse_args(argv)
    log_file = _start_log(args)
    previous = signal.signal(signal.SIGTERM, _terminate) if _main_thread() else None
    try:
        return int(_COMMANDS[args.command](args))
    except Error as exc:
        print(f"rashomon: error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # no traceback reaches the terminal: it goes to the log file
        if os.environ.get("RASHOMON_DEBUG"):
            raise
        logging.getLogger("rashomon").error("internal error", exc_info=exc)
        where = f"details in {log_file}" if log_file else "set RASHOMON_DEBUG=1 for details"
        print(f"rashomon: internal error: {type(exc).__name__}: {exc} ({where})", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("rashomon: interrupted; run the same command again to resume", file=sys.stderr)
        return 130
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
        _stop_log()


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _terminate(signum: int, frame: Any) -> None:
    # `kill PID` stops a run like Ctrl-C: its workers are stopped and the run is marked interrupted
    raise KeyboardInterrupt


LOG_NAME = "rashomon.log"
_LOG: dict[str, Any] = {}


def log_path(args: argparse.Namespace) -> list[Path]:
    """Where the log file may go, best first: beside the store, then the user's state folder."""
    candidates = []
    db = getattr(args, "db", None)
    if db:
        candidates.append(Path(db).resolve().parent / LOG_NAME)
    state = os.environ.get("XDG_STATE_HOME") or str(Path.home() / ".local" / "state")
    candidates.append(Path(state) / "rashomon" / LOG_NAME)
    return candidates


def _start_log(args: argparse.Namespace) -> Path | None:
    """Send the library's warnings and tracebacks to a log file, never to the terminal."""
    for path in log_path(args):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            continue
        writable = os.access(path, os.W_OK) if path.exists() else os.access(path.parent, os.W_OK)
        if not writable:
            continue
        # opened on the first message only: a run without trouble leaves no log file behind
        handler = logging.FileHandler(path, encoding="utf-8", delay=True)
        handler.setFormatter(logging.Formatter("%(asctime)s %(process)d %(levelname)s %(name)s: %(message)s"))
        logger = logging.getLogger("rashomon")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        _LOG["handler"] = handler
        _LOG["path"] = path
        return path
    return None


def _stop_log() -> None:
    handler = _LOG.pop("handler", None)
    if handler is not None:
        logging.getLogger("rashomon").removeHandler(handler)
        handler.close()


def _settings(args: argparse.Namespace, **overrides: Any) -> Any:
    from .settings import load_settings

    return load_settings(args.config, **{k: v for k, v in overrides.items() if v is not None})


def _cmd_analyze(args: argparse.Namespace) -> int:
    from .pipeline import analyze

    settings = _settings(args, workers=args.workers)
    console = _console(args.quiet)
    with _Progress(console) as progress:
        summary = analyze(
            args.docs,
            db=args.db,
            settings=settings,
            sources=args.sources,
            progress=progress,
            keep_missing=args.keep_missing,
            engine=args.engine,
            address=args.address,
        )
    if args.json:
        _stream_json(args.db, settings, args.json)
    if args.csv or args.out:
        export = _export(args.db, settings)
        if args.csv:
            from .export import write_csv

            write_csv(export, args.csv)
        if args.out:
            from .report.render import write_report

            write_report(export, Path(args.out))
    if console is not None:
        _print_summary(console, summary, args)
        if _LOG.get("path") is not None and Path(_LOG["path"]).exists() and summary.problems:
            console.print(f"tracebacks of failed stages, if any: {_LOG['path']}")
    else:
        for problem in summary.problems:
            print(f"rashomon: {problem.path}: {problem.stage}: {problem.message}", file=sys.stderr)
        if summary.removed:
            print(f"rashomon: {_removed_line(summary)}", file=sys.stderr)
    return EXIT_OK if summary.analysed or summary.cached else EXIT_NOTHING


def _export(db: str, settings: Any) -> dict[str, Any]:
    from . import store
    from .export import build_export

    conn = store.connect_readonly(db)
    try:
        return build_export(conn, settings)
    finally:
        conn.close()


def _stream_json(db: str, settings: Any, path: str) -> None:
    from . import store
    from .export import stream_json

    conn = store.connect_readonly(db)
    try:
        stream_json(conn, path, settings)
    finally:
        conn.close()


def _cmd_export(args: argparse.Namespace) -> int:
    from .export import write_csv

    settings = _settings(args)
    if args.format == "json":
        _stream_json(args.db, settings, args.output)
    elif args.format == "parquet":
        from . import store
        from .export.parquet import write_parquet

        conn = store.connect_readonly(args.db)
        try:
            write_parquet(conn, args.output)
        finally:
            conn.close()
    else:
        write_csv(_export(args.db, settings), args.output)
    return EXIT_OK


def _cmd_report(args: argparse.Namespace) -> int:
    from .report.render import write_report

    pages = write_report(_export(args.db, _settings(args)), Path(args.out))
    print(f"wrote {len(pages)} files to {args.out}")
    return EXIT_OK


def _cmd_serve(args: argparse.Namespace) -> int:
    from .web import HOST, make_datasette, serve

    ds = make_datasette(args.db)  # fails before binding when the store is missing or unreadable
    print(f"serving {args.db} (read-only) on http://{HOST}:{args.port}/ (Ctrl-C to stop)")
    serve(ds, port=args.port)
    return EXIT_OK


def _cmd_timex(args: argparse.Namespace) -> int:
    from .timex import timex_file

    if args.dct is not None:
        from .ingest import check_published

        if check_published(args.dct) is None:
            raise ConfigError(
                f"--dct {args.dct!r}: not a calendar date (expected YYYY-MM-DD, YYYY-MM or YYYY)"
            )
    count = timex_file(Path(args.input), Path(args.output), args.dct)
    print(f"{count} time expressions tagged in {args.output}")
    return EXIT_OK


def _cmd_config(args: argparse.Namespace) -> int:
    print(json.dumps(_settings(args).to_dict(), indent=2))
    return EXIT_OK


_COMMANDS = {
    "analyze": _cmd_analyze,
    "export": _cmd_export,
    "report": _cmd_report,
    "serve": _cmd_serve,
    "timex": _cmd_timex,
    "config": _cmd_config,
}


# -- terminal output ----------------------------------------------------------------------------


def _console(quiet: bool) -> Any:
    if quiet:
        return None
    from rich.console import Console

    return Console(stderr=True)


class _Progress:
    """A rich progress bar fed by the pipeline's progress callback."""

    def __init__(self, console: Any) -> None:
        self.console = console
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}

    def __enter__(self) -> _Progress:
        if self.console is not None:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=False,
            )
            self.bar.start()
        return self

    def __call__(self, phase: str, done: int, total: int) -> None:
        if self.bar is None:
            return
        if phase not in self.tasks:
            self.tasks[phase] = self.bar.add_task(phase, total=total)
        self.bar.update(self.tasks[phase], completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _removed_line(summary: Any) -> str:
    ids = ", ".join(summary.removed[:5]) + (", ..." if len(summary.removed) > 5 else "")
    return f"{len(summary.removed)} stored documents whose file is gone left the corpus ({ids})"


def _print_summary(console: Any, summary: Any, args: argparse.Namespace) -> None:
    from rich.table import Table

    table = Table(title="rashomon analyze", show_header=False)
    table.add_row("documents in the corpus", str(len(summary.documents)))
    table.add_row("analysed in this run", str(len(summary.analysed)))
    table.add_row("unchanged (from the store)", str(len(summary.cached)))
    table.add_row("removed (file gone; --keep-missing keeps them)", str(len(summary.removed)))
    table.add_row("event mentions", str(summary.mentions))
    table.add_row("events", str(summary.events))
    table.add_row("events reported by several documents", str(summary.multi_source_events))
    table.add_row("discrepancies", str(summary.discrepancies))
    table.add_row("problems", str(len(summary.problems)))
    table.add_row("store", args.db)
    for label, value in (("json", args.json), ("csv", args.csv), ("report", args.out)):
        if value:
            table.add_row(label, str(value))
    console.print(table)
    if summary.problems:
        problems = Table(title="problems (these inputs were skipped; the rest was analysed)")
        # a file name must never be cut: the user needs it to find the file
        problems.add_column("file", no_wrap=True)
        problems.add_column("stage", no_wrap=True)
        problems.add_column("message", overflow="fold")
        problems.add_column("folder", overflow="fold")
        for problem in summary.problems:
            path = Path(problem.path)
            problems.add_row(path.name, problem.stage, problem.message, str(path.parent))
        console.print(problems)


if __name__ == "__main__":
    raise SystemExit(main())
