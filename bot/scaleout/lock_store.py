"""Rasa's ticket lock kept in Redis, so that several Rasa server processes take turns per conversation.

Rasa's own RedisLockStore reads a conversation's lock, changes it and writes it back in separate calls. Two
processes that take a ticket for the same conversation at the same moment can then both get the same number
(and handle the conversation at the same time), and a process that finishes can overwrite a ticket another
process has just taken. Here every read-change-write is one Redis transaction (WATCH/MULTI, retried when
another process changed the lock in between); the waiting and ticket logic stay Rasa's.
"""
from __future__ import annotations

import json
from typing import Callable, Optional, Tuple, TypeVar

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

KEY_PREFIX = "loverboys:lock:"
# A process that dies in the middle of a turn leaves its lock key behind; its tickets expire after
# LOCK_LIFETIME anyway, the expiry removes the key itself. Every change renews it.
KEY_EXPIRY_SECONDS = 3600
SOCKET_TIMEOUT_SECONDS = 10

Result = TypeVar("Result")
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Result]]


def lock_store_endpoint(redis_url: str) -> EndpointConfig:
    """The `lock_store` endpoint that replaces endpoints.yml's in-memory one when REDIS_URL is set."""
    return EndpointConfig(url=redis_url, type=f"{__name__}.SharedRedisLockStore")


class SharedRedisLockStore(LockStore):
    def __init__(self, endpoint_config: EndpointConfig) -> None:
        import redis

        self.red = redis.Redis.from_url(endpoint_config.url, socket_timeout=SOCKET_TIMEOUT_SECONDS)
        super().__init__()

    @staticmethod
    def key(conversation_id: str) -> str:
        return KEY_PREFIX + conversation_id

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        return _parse(self.red.get(self.key(conversation_id)))

    def delete_lock(self, conversation_id: str) -> None:
        self.red.delete(self.key(conversation_id))

    def save_lock(self, lock: TicketLock) -> None:
        self.red.set(self.key(lock.conversation_id), lock.dumps(), ex=KEY_EXPIRY_SECONDS)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]) -> Tuple[TicketLock, int]:
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:  # noqa: BLE001 - Rasa expects a LockError for any failure here
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, _finish_ticket(ticket_number, delete_when_idle=False))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, _finish_ticket(ticket_number, delete_when_idle=True))

    def _change(self, conversation_id: str, change: Change) -> Result:
        key = self.key(conversation_id)

        def transaction(pipe) -> Result:
            stored = pipe.get(key)
            lock, result = change(_parse(stored))
            pipe.multi()
            if lock is not None:
                pipe.set(key, lock.dumps(), ex=KEY_EXPIRY_SECONDS)
            elif stored is not None:
                pipe.delete(key)
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)


def _finish_ticket(ticket_number: int, delete_when_idle: bool) -> Change:
    def finish(lock: Optional[TicketLock]) -> Tuple[Optional[TicketLock], None]:
        if lock is None:
            return None, None
        lock.remove_ticket_for(ticket_number)
        if delete_when_idle and not lock.is_someone_waiting():
            return None, None
        return lock, None

    return finish


def _parse(stored: Optional[bytes]) -> Optional[TicketLock]:
    return TicketLock.from_dict(json.loads(stored)) if stored else None
