"""Staff accounts (Argon2id password hashes), login with lockout, sessions with idle expiry and CSRF tokens.

The session token lives only in the staff member's HttpOnly cookie; the database keeps its SHA-256 hash, so a
copy of the database does not let anyone log in.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from dataclasses import dataclass

import sqlalchemy as sa
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from bot.handoff.db import audit_log, staff_accounts, staff_sessions

MAX_FAILED_LOGINS = 5
LOCKOUT_SECONDS = 15 * 60
MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"^[a-z0-9._-]{2,64}$")
_hasher = PasswordHasher()
# Verifying against this when the account does not exist keeps the answer time the same.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    pass


class LoginLocked(Exception):
    pass


@dataclass(frozen=True)
class StaffSession:
    username: str
    csrf_token: str


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def audit(connection, username: str | None, action: str, conversation_id: str | None = None,
          detail: str | None = None) -> None:
    connection.execute(audit_log.insert().values(at=time.time(), username=username, action=action,
                                                 conversation_id=conversation_id, detail=detail))


def add_account(engine, username: str, password: str) -> None:
    if not USERNAME.match(username):
        raise AccountError("Use 2-64 lower-case letters, digits, '.', '_' or '-' for the name.")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(f"The password needs at least {MIN_PASSWORD_LENGTH} characters.")
    with engine.begin() as connection:
        if connection.execute(sa.select(staff_accounts.c.username).where(staff_accounts.c.username == username)).first():
            raise AccountError(f"There is already an account {username!r}.")
        connection.execute(staff_accounts.insert().values(username=username, password_hash=_hasher.hash(password),
                                                          failed_logins=0, locked_until=0.0, created_at=time.time()))
        audit(connection, None, "account_aangemaakt", detail=username)


def remove_account(engine, username: str) -> bool:
    with engine.begin() as connection:
        connection.execute(staff_sessions.delete().where(staff_sessions.c.username == username))
        removed = connection.execute(staff_accounts.delete().where(staff_accounts.c.username == username)).rowcount
        if removed:
            audit(connection, None, "account_verwijderd", detail=username)
    return bool(removed)


def list_accounts(engine) -> list[str]:
    with engine.connect() as connection:
        return [row[0] for row in connection.execute(sa.select(staff_accounts.c.username).order_by("username"))]


def login(engine, username: str, password: str, now: float | None = None) -> tuple[str, StaffSession] | None:
    """(cookie token, session) for the right password; None for a wrong one. Raises LoginLocked while the
    account is locked (after MAX_FAILED_LOGINS wrong passwords in a row)."""
    now = time.time() if now is None else now
    with engine.begin() as connection:
        account = connection.execute(
            sa.select(staff_accounts).where(staff_accounts.c.username == username)).mappings().first()
        if account and account["locked_until"] > now:
            audit(connection, username, "login_geblokkeerd")
            raise LoginLocked()
        try:
            _hasher.verify(account["password_hash"] if account else _DUMMY_HASH, password)
            valid = account is not None
        except (VerificationError, InvalidHashError):
            valid = False
        if not valid:
            if account:
                failed = account["failed_logins"] + 1
                locked = now + LOCKOUT_SECONDS if failed >= MAX_FAILED_LOGINS else 0.0
                connection.execute(staff_accounts.update().where(staff_accounts.c.username == username)
                                   .values(failed_logins=0 if locked else failed, locked_until=locked))
            audit(connection, username if account else None, "login_mislukt")
            return None
        connection.execute(staff_accounts.update().where(staff_accounts.c.username == username)
                           .values(failed_logins=0, locked_until=0.0))
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        connection.execute(staff_sessions.insert().values(token_hash=_hash_token(token), username=username,
                                                          csrf_token=csrf, created_at=now, last_seen=now))
        audit(connection, username, "login")
    return token, StaffSession(username, csrf)


def session_for(engine, token: str | None, idle_seconds: float, now: float | None = None) -> StaffSession | None:
    """The session of a cookie token, refreshed; None when unknown or idle for too long (then deleted)."""
    if not token:
        return None
    now = time.time() if now is None else now
    with engine.begin() as connection:
        row = connection.execute(sa.select(staff_sessions).where(
            staff_sessions.c.token_hash == _hash_token(token))).mappings().first()
        if row is None:
            return None
        if now - row["last_seen"] > idle_seconds:
            connection.execute(staff_sessions.delete().where(staff_sessions.c.token_hash == row["token_hash"]))
            audit(connection, row["username"], "sessie_verlopen")
            return None
        connection.execute(staff_sessions.update().where(staff_sessions.c.token_hash == row["token_hash"])
                           .values(last_seen=now))
        return StaffSession(row["username"], row["csrf_token"])


def csrf_ok(session: StaffSession, header_value: str | None) -> bool:
    return bool(header_value) and hmac.compare_digest(session.csrf_token, header_value)


def logout(engine, token: str | None) -> None:
    if not token:
        return
    with engine.begin() as connection:
        row = connection.execute(sa.select(staff_sessions.c.username).where(
            staff_sessions.c.token_hash == _hash_token(token))).first()
        connection.execute(staff_sessions.delete().where(staff_sessions.c.token_hash == _hash_token(token)))
        if row:
            audit(connection, row[0], "logout")


def staff_online(engine, within_seconds: float = 120, now: float | None = None) -> int:
    """Staff members with the console open (it polls every few seconds)."""
    now = time.time() if now is None else now
    with engine.connect() as connection:
        return connection.execute(sa.select(sa.func.count(sa.distinct(staff_sessions.c.username)))
                                  .where(staff_sessions.c.last_seen >= now - within_seconds)).scalar_one()
