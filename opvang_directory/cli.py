"""Command line: python -m opvang_directory {search,plaats,validate,import,export,stats,seed}."""
from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any, Dict, List, Optional, Sequence

from . import places
from .db import DEFAULT_URL, make_engine, session_scope
from .exchange import export_file, export_text, import_file
from .search import SearchResult, search
from .seed import ensure_seeded, seed_files
from .sources import DirectoryFileError
from .stats import all_stats
from .validate import DEFAULT_MAX_MONTHS, validate_files
from .vocab import KANAAL_SOORTEN, ONDERWERPEN, ROLLEN

EXIT_OK, EXIT_ERRORS, EXIT_USAGE = 0, 1, 2


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, default=str))


def _fail(message: str, code: int = EXIT_USAGE) -> int:
    print(f"fout: {message}", file=sys.stderr)
    return code


def _print_issues(error: DirectoryFileError) -> int:
    for issue in sorted(error.issues, key=lambda i: (i.file, i.line)):
        print(f"fout: {issue}", file=sys.stderr)
    print(f"{len(error.issues)} fout(en); er is niets veranderd.", file=sys.stderr)
    return EXIT_ERRORS


# ---------------------------------------------------------------- search


def _parse_now(text: Optional[str]) -> Optional[dt.datetime]:
    if not text:
        return None
    try:
        return dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise ValueError(f"--nu '{text}' is geen tijdstip (bv. 2026-12-01T21:30)") from exc


def _place_payload(text: Optional[str]) -> Dict[str, Any]:
    if not text:
        return {"plaats": None, "gemeente": None, "gm_code": None, "plaats_status": "not_found", "kandidaten": []}
    resolution = places.resolve_place(text)
    return {
        "plaats": text,
        "gemeente": resolution.gemeente,
        "gm_code": resolution.gm_code,
        "plaats_status": resolution.status,
        "kandidaten": list(resolution.candidates),
    }


def _describe(result: SearchResult) -> List[str]:
    if result.open_nu is True:
        state = "nu open"
    elif result.open_nu is False:
        state = f"nu dicht, opent {result.opent_om}" if result.opent_om else "nu dicht"
    elif result.mogelijk_open:
        state = "mogelijk open (tijden niet bevestigd)"
    else:
        state = "openingstijden onbekend"
    lines = [f"- {result.naam} ({result.soort_label}, {result.dekking}): {state}"]
    for channel in result.kanalen:
        lines.append(f"    {channel.soort}: {channel.waarde}  [{channel.tijden}]")
    if result.onzeker:
        lines.append(f"    let op, niet bevestigd: {', '.join(result.onzeker)}")
    return lines


def cmd_search(args: argparse.Namespace) -> int:
    try:
        now = _parse_now(args.nu)
        engine = make_engine(args.db)
        ensure_seeded(engine)
        payload = _place_payload(args.plaats)
        with session_scope(engine) as session:
            results = search(
                session,
                gemeente=payload["gm_code"],
                onderwerp=args.onderwerp,
                rol=args.rol,
                leeftijd=args.leeftijd,
                urgent=args.urgent,
                kanaal=args.kanaal,
                now=now,
                limit=args.max,
            )
    except DirectoryFileError as exc:
        return _print_issues(exc)
    except ValueError as exc:
        return _fail(str(exc))
    if args.json:
        payload["resultaten"] = [r.to_dict() for r in results]
        _print_json(payload)
        return EXIT_OK
    if payload["plaats_status"] == "ambiguous":
        candidates = ", ".join(payload["kandidaten"])
        print(f"'{args.plaats}' kan meerdere gemeenten zijn: {candidates}. Alleen landelijke hulp:")
    elif args.plaats and payload["plaats_status"] == "not_found":
        print(f"Geen gemeente gevonden in '{args.plaats}'. Alleen landelijke hulp:")
    elif payload["gemeente"]:
        print(f"Gemeente: {payload['gemeente']}")
    for result in results:
        print("\n".join(_describe(result)))
    return EXIT_OK


def cmd_plaats(args: argparse.Namespace) -> int:
    resolution = places.resolve_place(args.tekst)
    data = {
        "status": resolution.status,
        "gemeente": resolution.gemeente,
        "gm_code": resolution.gm_code,
        "kandidaten": list(resolution.candidates),
        "herkend": resolution.matched,
    }
    if resolution.gm_code:
        g = places.gemeente(resolution.gm_code)
        data.update(provincie=g.provincie, veiligheidsregio=g.veiligheidsregio, ggd_regio=g.ggd_regio)
    _print_json(data)
    return EXIT_OK


# ---------------------------------------------------------------- files


def cmd_validate(args: argparse.Namespace) -> int:
    paths = [Path(p) for p in args.bestanden] or seed_files()
    try:
        today = dt.date.fromisoformat(args.vandaag) if args.vandaag else None
    except ValueError:
        return _fail(f"--vandaag '{args.vandaag}' is geen datum JJJJ-MM-DD")
    try:
        report = validate_files(paths, max_months=args.maanden, today=today)
    except DirectoryFileError as exc:
        return _print_issues(exc)
    for issue in report.errors:
        print(f"fout: {issue}", file=sys.stderr)
    for issue in report.stale:
        print(f"verouderd: {issue}", file=sys.stderr)
    print(
        f"{len(paths)} bestand(en), {len(report.entries)} goede dienst(en), {len(report.errors)} fout(en), "
        f"{len(report.stale)} ouder dan {args.maanden} maanden."
    )
    if report.errors or (args.streng and report.stale):
        return EXIT_ERRORS
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    try:
        if not args.zonder_seed:
            ensure_seeded(engine)
        report = import_file(engine, Path(args.bestand), replace=args.vervang)
    except DirectoryFileError as exc:
        return _print_issues(exc)
    print(
        f"{report.total} dienst(en) ingelezen: {report.added} nieuw, {report.updated} bijgewerkt"
        + (f", {report.removed} verwijderd" if args.vervang else "")
        + "."
    )
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    try:
        ensure_seeded(engine)
        if args.bestand == "-":
            sys.stdout.write(export_text(engine, args.formaat or "yaml"))
            return EXIT_OK
        count = export_file(engine, Path(args.bestand), args.formaat)
    except DirectoryFileError as exc:
        return _print_issues(exc)
    print(f"{count} dienst(en) geschreven naar {args.bestand}.")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    try:
        ensure_seeded(engine)
    except DirectoryFileError as exc:
        return _print_issues(exc)
    data = all_stats(engine)
    if args.json:
        _print_json(data)
        return EXIT_OK
    d, p = data["directory"], data["plaatsen"]
    print(f"Diensten: {d['diensten']} ({d['geverifieerd']} geverifieerd, {d['niet_geverifieerd']} niet geverifieerd), "
          f"organisaties: {d['organisaties']}, regionaal: {d['regionaal']}")
    print(f"Per soort: {d['per_soort']}")
    print(f"Per onderwerp: {d['per_onderwerp']}")
    print(f"Kanalen: {d['kanalen']}")
    print(f"Gecontroleerd tussen {d['oudste_controle']} en {d['nieuwste_controle']}")
    print(f"Gemeenten: {p['gemeenten']}, plaatsnamen: {p['plaatsnamen']} ({p['unieke_namen']} uniek, "
          f"{p['dubbelzinnige_namen']} dubbelzinnig)")
    return EXIT_OK


def cmd_seed(args: argparse.Namespace) -> int:
    engine = make_engine(args.db)
    try:
        loaded = ensure_seeded(engine, force=args.forceer)
    except DirectoryFileError as exc:
        return _print_issues(exc)
    print("Seed-data geladen." if loaded else "Database was al bijgewerkt; niets te doen.")
    return EXIT_OK


# ---------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--db", default=argparse.SUPPRESS, help=f"SQLAlchemy-URL (standaard {DEFAULT_URL})")

    parser = argparse.ArgumentParser(
        prog="python -m opvang_directory", description="Opvang-directory", parents=[common]
    )
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("search", parents=[common], help="hulp zoeken bij een plaats")
    p.add_argument("--plaats", help="vrije tekst: plaatsnaam, bijnaam of postcode (4 cijfers)")
    p.add_argument("--onderwerp", help=f"een van: {', '.join(ONDERWERPEN)}")
    p.add_argument("--rol", help=f"een van: {', '.join(ROLLEN)}")
    p.add_argument("--leeftijd", type=int, help="leeftijd van degene om wie het gaat")
    p.add_argument("--urgent", action="store_true", help="gevaar nu of crisis")
    p.add_argument("--kanaal", help=f"voorkeur: {', '.join(KANAAL_SOORTEN)}")
    p.add_argument("--nu", help="tijdstip in plaats van nu (ISO, Europe/Amsterdam), voor tests")
    p.add_argument("--max", type=int, help="hoogstens zoveel resultaten")
    p.add_argument("--json", action="store_true", help="uitvoer als JSON")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("plaats", parents=[common], help="laat zien welke gemeente in een tekst staat")
    p.add_argument("tekst")
    p.set_defaults(func=cmd_plaats)

    p = sub.add_parser("validate", parents=[common], help="seed- of importbestanden controleren")
    p.add_argument("bestanden", nargs="*", help="YAML- of CSV-bestanden (standaard de seed-bestanden)")
    p.add_argument("--maanden", type=int, default=DEFAULT_MAX_MONTHS, help="controle ouder dan dit = verouderd")
    p.add_argument("--vandaag", help="datum JJJJ-MM-DD in plaats van vandaag")
    p.add_argument("--streng", action="store_true", help="verouderde diensten tellen als fout")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("import", parents=[common], help="diensten inlezen uit YAML of CSV (alles of niets)")
    p.add_argument("bestand")
    p.add_argument("--vervang", action="store_true", help="alle diensten die niet in het bestand staan verwijderen")
    p.add_argument("--zonder-seed", action="store_true", help="een lege database niet eerst met seed-data vullen")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("export", parents=[common], help="diensten schrijven naar YAML of CSV")
    p.add_argument("bestand", help="pad (.yml/.yaml/.csv) of - voor stdout")
    p.add_argument("--formaat", choices=["csv", "yaml"])
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("stats", parents=[common], help="cijfers over diensten en plaatsen")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_stats)

    p = sub.add_parser("seed", parents=[common], help="lege of verouderde database vullen met de seed-bestanden")
    p.add_argument("--forceer", action="store_true", help="opnieuw laden, ook geïmporteerde diensten weg")
    p.set_defaults(func=cmd_seed)
    return parser


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = build_parser().parse_args(argv)
    if not hasattr(args, "db"):
        args.db = DEFAULT_URL
    return args.func(args)
