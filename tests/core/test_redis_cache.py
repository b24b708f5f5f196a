"""The production cache backend (core.redis_cache): Django's Redis cache, one client per pool kept."""

import os
import threading

import pytest
import redis

from core.redis_cache import RedisCache

# A database of its own, emptied around each test (the suite's other Redis users take 9 to 13).
REDIS_URL = os.environ.get("ELEARNING_TEST_CACHE_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def backend():
    redis.Redis.from_url(REDIS_URL).flushdb()
    yield RedisCache(REDIS_URL, {"KEY_PREFIX": "t"})
    redis.Redis.from_url(REDIS_URL).flushdb()


def test_every_operation_the_platform_uses_reads_back_what_was_stored(backend):
    backend.set("outline", {"modules": [1, 2]}, 60)
    assert backend.get("outline") == {"modules": [1, 2]}
    assert backend.add("generation", 5, None) is True
    assert backend.add("generation", 7, None) is False  # add never replaces
    assert backend.incr("generation") == 6
    backend.set_many({"a": 1, "b": 2}, 60)
    assert backend.get_many(["a", "b", "missing"]) == {"a": 1, "b": 2}
    backend.delete("a")
    assert backend.get("a", "absent") == "absent"


def test_one_client_serves_every_operation_and_thread(backend):
    clients = []

    def work(number):
        backend.set(f"key-{number}", number, 60)
        assert backend.get(f"key-{number}") == number
        clients.append(backend._cache.get_client(write=True))

    threads = [threading.Thread(target=work, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert backend.get_many([f"key-{number}" for number in range(8)]) == {f"key-{n}": n for n in range(8)}
    assert len(clients) == 8 and all(client is clients[0] for client in clients)


def test_a_forked_process_uses_connections_of_its_own(backend):
    """gunicorn forks its workers after the settings are loaded: a child must not read on the
    parent's socket (redis-py's pool opens new connections when the pid changes)."""
    backend.set("before-fork", "parent", 60)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: read and write through the client created in the parent
        try:
            ok = backend.get("before-fork") == "parent"
            backend.set("from-child", "child", 60)
            os.write(write, b"1" if ok else b"0")
        finally:
            os._exit(0)
    os.close(write)
    assert os.read(read, 1) == b"1"
    os.waitpid(pid, 0)
    assert backend.get("from-child") == "child"
    assert backend.get("before-fork") == "parent"
