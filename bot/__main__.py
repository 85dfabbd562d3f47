"""Command line: `python -m bot <command>`.

  init        create `.env` secrets and var/ (first run)
  build-nlp   build the Dutch spaCy pipeline (skipped when nothing changed; --force rebuilds)
  run         start the action server and the Rasa server
  retention   delete conversations older than RETENTION_DAYS now (the server also does this every hour)
  forget ID   delete one conversation from every store
  staff add NAME | remove NAME | list
              staff accounts for the console (add asks for the password, or reads it with --password-stdin)
  rasa ...    run a Rasa CLI command with the project's environment (e.g. `python -m bot rasa shell`)
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from bot import settings as settings_module


def cmd_init(args: argparse.Namespace) -> int:
    created = settings_module.ensure_secrets(args.env_file)
    for name in created:
        print(f"Generated {name} in {args.env_file}.")
    from bot.storage import prepare_storage

    if prepare_storage(settings_module.load_settings(args.env_file)):
        print("Help directory loaded from opvang_directory/seed/.")
    return 0


def cmd_build_nlp(args: argparse.Namespace) -> int:
    from bot.nlp.build import build_pipeline

    report = build_pipeline(settings_module.SPACY_PIPELINE_DIR, force=args.force)
    state = "built" if report.rebuilt else "up to date"
    print(f"Dutch spaCy pipeline {state}: {report.path} (base {report.base}, "
          f"{report.place_patterns} place patterns, {report.special_cases} tokenizer cases).")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from bot.launcher import run

    return run(settings_module.load_settings(args.env_file))


def cmd_retention(args: argparse.Namespace) -> int:
    from bot.privacy.retention import purge_expired

    settings = settings_module.load_settings(args.env_file)
    report = purge_expired(settings)
    print(f"Deleted {report.conversations} conversations ({report.rows} rows) "
          f"with no activity in the last {settings.retention_days} days.")
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    from bot.privacy.retention import forget_conversation

    rows = forget_conversation(settings_module.load_settings(args.env_file), args.conversation_id)
    print(f"Deleted {rows} rows of that conversation." if rows else "No stored data for that conversation.")
    return 0


def cmd_staff(args: argparse.Namespace) -> int:
    import getpass

    from bot.handoff import staff
    from bot.handoff.db import engine_for

    settings = settings_module.load_settings(args.env_file)
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    engine = engine_for(settings.handoff_db_url)
    if args.action == "list":
        print("\n".join(staff.list_accounts(engine)) or "No staff accounts yet.")
        return 0
    if not args.name:
        print(f"Give the account name: python -m bot staff {args.action} <name>", file=sys.stderr)
        return 2
    if args.action == "remove":
        removed = staff.remove_account(engine, args.name)
        print(f"Removed {args.name}." if removed else f"There is no account {args.name}.")
        return 0 if removed else 1
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("Password (12 characters or more): ")
        if getpass.getpass("Once more: ") != password:
            print("The passwords differ.", file=sys.stderr)
            return 2
    try:
        staff.add_account(engine, args.name, password)
    except staff.AccountError as error:
        print(error, file=sys.stderr)
        return 2
    print(f"Added {args.name}. Log in at {settings.rasa_url}/staff")
    return 0


def cmd_rasa(args: argparse.Namespace) -> int:
    settings = settings_module.load_settings(args.env_file)
    env = settings_module.child_environment(settings)
    os.chdir(settings_module.PROJECT_ROOT)
    os.execvpe(sys.executable, [sys.executable, "-m", "rasa", *args.rasa_args], env)
    return 1  # not reached


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--env-file", type=Path,
                        default=settings_module.DEFAULT_ENV_FILE)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("init").set_defaults(handler=cmd_init)
    build = commands.add_parser("build-nlp")
    build.add_argument("--force", action="store_true")
    build.set_defaults(handler=cmd_build_nlp)
    commands.add_parser("run").set_defaults(handler=cmd_run)
    commands.add_parser("retention").set_defaults(handler=cmd_retention)
    forget = commands.add_parser("forget")
    forget.add_argument("conversation_id")
    forget.set_defaults(handler=cmd_forget)
    staff = commands.add_parser("staff")
    staff.add_argument("action", choices=["add", "remove", "list"])
    staff.add_argument("name", nargs="?")
    staff.add_argument("--password-stdin", action="store_true")
    staff.set_defaults(handler=cmd_staff)
    rasa = commands.add_parser("rasa")
    rasa.add_argument("rasa_args", nargs=argparse.REMAINDER)
    rasa.set_defaults(handler=cmd_rasa)

    args = parser.parse_args(argv)
    try:
        return args.handler(args)
    except (settings_module.MissingSecret, settings_module.InvalidSetting) as error:
        print(error, file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
