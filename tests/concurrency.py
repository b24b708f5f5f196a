"""Running the same service call from several threads at once (each thread has its own DB connection)."""

import threading

from django.db import connections


def run_together(target, count, *, timeout=60):
    """Run `target(index)` in `count` threads released at the same moment; return results or errors."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=10)
            results[index] = target(index)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results
