"""``dvo-kb serve`` (the web app, the API and the SPARQL endpoint) and ``dvo-kb publish`` (the
built graph into a SPARQL server)."""

from __future__ import annotations

import argparse
import errno
import json
import sys
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import UserError
from ..kb import is_remote
from ..settings import Settings, pass_to_workers
from .common import decimal, open_kb, say, settings_of, words


def add(sub: Any, common: argparse.ArgumentParser, env: Settings) -> None:
    sv = sub.add_parser("serve", parents=[common], help="serveer de webapp, de API en het SPARQL-endpoint",
                        description="Serveert de webpagina's, de JSON-API en het SPARQL 1.1-endpoint op de "
                                    "kennisbank (instellingen uit de omgevingsvariabelen DVO_KB_*; zie README).")
    sv.add_argument("--host", default=env.host, help=f"het adres (standaard {env.host}; env DVO_KB_HOST)")
    sv.add_argument("--port", type=int, default=env.port, help=f"de poort (standaard {env.port}; env DVO_KB_PORT)")
    sv.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"],
                    help="hoeveel de server logt (standaard info)")
    sv.add_argument("--workers", type=int, default=env.workers,
                    help=f"werkprocessen (standaard {env.workers}; meer dan één vraagt de opslag in het geheugen of "
                         f"een SPARQL-server; env DVO_KB_WORKERS)")
    sv.set_defaults(func=serve)

    pb = sub.add_parser("publish", parents=[common], help="laad de gebouwde graaf in een SPARQL-server",
                        description="Zet elke benoemde graaf van de bouw (één per document) met het Graph Store "
                                    "Protocol in een SPARQL-server, elke graaf in één stap vervangen; grafen van deze "
                                    "kennisbank die niet meer gebouwd worden, worden verwijderd. Serveer daarna vanaf "
                                    "de server met --store http://HOST/query.")
    pb.add_argument("--to", required=True, metavar="URL",
                    help="het Graph Store Protocol-endpoint (Oxigraph: http://HOST:7878/store; Fuseki: "
                         ".../DATASET/data)")
    pb.add_argument("--query-endpoint", metavar="URL",
                    help="het query-endpoint van de server, om te verwijderen grafen te vinden (standaard: afgeleid "
                         "van --to)")
    pb.add_argument("--keep-others", action="store_true",
                    help="verwijder geen grafen van deze kennisbank die de bouw niet meer heeft")
    pb.add_argument("--format", choices=["text", "json"], default="text", help="uitvoer (standaard text)")
    pb.set_defaults(func=publish)


# -- serve -----------------------------------------------------------------------------------------
# an in-memory graph above this many quads is said to be better on disk: pyoxigraph's in-memory
# store writes to the pages it reads, so the forked query processes do not share it (about 330
# bytes a quad, measured at 1M and 5M quads: benchmarks/RESULTS.md, "5M quads again")
LARGE_IN_MEMORY = 2_000_000
BYTES_PER_QUAD = 330
# extra data above this size: its loading is announced (about 10 s per 200 MB in memory, 40 s on disk)
LARGE_EXTRA_BYTES = 50_000_000


def serve(args: argparse.Namespace) -> int:
    """The service on the command's settings: handed to the application itself with one worker;
    with several, through the environment the worker processes inherit (settings.pass_to_workers)."""
    import uvicorn

    settings = settings_of(args, host=args.host, port=args.port, workers=args.workers)
    if settings.workers > 1 and settings.store and not is_remote(settings.store):
        raise UserError(say("several_workers"))
    check_port(settings.host, settings.port)  # before building the graph and before saying "serving on"
    args.settings = settings
    from ..api.deps import registry

    t = words()
    extra = [Path(f) for f in settings.extra_files()]
    size = sum(f.stat().st_size for f in extra if f.is_file())
    if size > LARGE_EXTRA_BYTES and not is_remote(settings.store):  # say why nothing happens for a while
        print(t["loading_extra"].format(n=len(extra), mb=round(size / 1e6)), file=sys.stderr, flush=True)
    kb = open_kb(args, timeout=None)  # built (or reused) before the first request, with the service's timeout
    registry.configure(settings, kb=kb)
    where = t[f"store_{kb.info.kind}"] + (" " + t["store_at"].format(path=settings.store)
                                          if kb.info.kind == "remote" else "")
    print(t["serving"].format(version=__version__, triples=kb.info.triples, where=where,
                              seconds=decimal(kb.info.seconds), reused=t["reused_part"] if kb.info.reused else "",
                              url=f"http://{settings.host}:{settings.port}/", workers=settings.workers,
                              processes=t["processes" if settings.workers > 1 else "process"]), flush=True)
    quads = kb.info.quads or 0
    if kb.info.kind == "memory" and quads > LARGE_IN_MEMORY:
        print(t["large_in_memory"].format(quads=quads, gb=decimal(round(quads * BYTES_PER_QUAD / 1e9, 1))),
              file=sys.stderr, flush=True)
    if settings.workers > 1:  # each worker loads the cached build (or the server's graph)
        pass_to_workers(settings)
        uvicorn.run("dvo_kb.api.main:create_app", factory=True, host=settings.host, port=settings.port,
                    workers=settings.workers, log_level=args.log_level)
        return 0
    from ..api.main import create_app

    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level=args.log_level)
    return 0


def check_port(host: str, port: int) -> None:
    """That the address can be bound (as uvicorn binds it, with SO_REUSEADDR), else a UserError
    naming it: a busy port is said in one line before anything is built or announced."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise UserError(say("cannot_serve", where=f"{host}:{port}", why=exc.strerror)) from None
    family, _, _, _, address = infos[0]
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(address)
        except OSError as exc:
            why = say("port_in_use") if exc.errno == errno.EADDRINUSE else exc.strerror
            raise UserError(say("cannot_serve", where=f"http://{host}:{port}/", why=why)) from None


# -- publish ---------------------------------------------------------------------------------------
def publish(args: argparse.Namespace) -> int:
    from ..publish import publish as put

    if args.store and is_remote(args.store):
        raise UserError(say("publish_local"))
    report = put(open_kb(args), args.to, query_endpoint=args.query_endpoint, prune=not args.keep_others)
    if args.format == "json":
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(say("published", graphs=report.graphs, triples=report.triples, to=report.graph_store,
                  seconds=decimal(report.seconds, 1))
              + (say("deleted", n=len(report.deleted), ids=", ".join(report.deleted)) if report.deleted else ""))
    return 0
