"""REDIS_URL: empty keeps the single-process defaults; set, it selects the shared lock store and socket.io manager.
No Redis server is needed here: the clients connect only when first used."""
import pytest

from bot.settings import InvalidSetting, load_settings


def settings_with(tmp_path, **values):
    env = tmp_path / ".env"
    env.write_text("RASA_AUTH_TOKEN=x\n" + "".join(f"{k}={v}\n" for k, v in values.items()), encoding="utf-8")
    return load_settings(env, environ={})


def test_redis_url_is_empty_by_default(tmp_path):
    assert settings_with(tmp_path).redis_url == ""


@pytest.mark.parametrize("url", ["redis://127.0.0.1:6379/0", "rediss://:geheim@redis.intern:6380/1",
                                 "unix:///run/redis/redis.sock"])
def test_redis_url_accepts_redis_addresses(tmp_path, url):
    assert settings_with(tmp_path, REDIS_URL=url).redis_url == url


def test_a_wrong_redis_url_is_refused_without_showing_the_password(tmp_path):
    with pytest.raises(InvalidSetting) as error:
        settings_with(tmp_path, REDIS_URL="http://:geheim@127.0.0.1:6379")
    assert "geheim" not in str(error.value)


def test_the_lock_store_endpoint_creates_the_shared_redis_lock_store():
    from rasa.core.lock_store import LockStore

    from bot.scaleout.lock_store import SharedRedisLockStore, lock_store_endpoint

    store = LockStore.create(lock_store_endpoint("redis://127.0.0.1:6379/2"))
    assert isinstance(store, SharedRedisLockStore)
    assert store.red.connection_pool.connection_kwargs["db"] == 2


def test_the_socketio_server_gets_the_redis_manager_before_anyone_connects():
    from socketio import AsyncRedisManager, AsyncServer

    from bot.scaleout.socketio import CHANNEL, share_rooms_through_redis

    sio = AsyncServer(async_mode="sanic")
    share_rooms_through_redis(sio, "redis://127.0.0.1:6379/0")
    assert isinstance(sio.manager, AsyncRedisManager) and sio.manager.server is sio
    assert sio.manager.channel == CHANNEL

    sio.manager_initialized = True  # what the first connection does
    with pytest.raises(RuntimeError):
        share_rooms_through_redis(sio, "redis://127.0.0.1:6379/0")


def test_finishing_a_ticket_deletes_the_lock_only_when_nobody_waits():
    from rasa.core.lock import TicketLock

    from bot.scaleout.lock_store import _finish_ticket

    lock = TicketLock("gesprek")
    first, second = lock.issue_ticket(60), lock.issue_ticket(60)
    kept, _ = _finish_ticket(first, delete_when_idle=True)(lock)
    assert kept is lock and not lock.is_locked(second)
    assert _finish_ticket(second, delete_when_idle=True)(lock) == (None, None)
    assert _finish_ticket(second, delete_when_idle=False)(None) == (None, None)
