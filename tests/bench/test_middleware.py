"""The bench's middleware tells each request's queries, elapsed worker time and CPU time."""

import time

from django.http import HttpResponse
from django.test import RequestFactory

from bench.middleware import QueryCountMiddleware


def test_cpu_time_leaves_out_the_time_spent_waiting():
    def view(request):
        busy_until = time.process_time() + 0.02
        while time.process_time() < busy_until:  # 20 ms of CPU
            pass
        time.sleep(0.05)  # then 50 ms waiting, as for a core taken by another process
        return HttpResponse("ok")

    response = QueryCountMiddleware(view)(RequestFactory().get("/"))
    elapsed, cpu = float(response["X-Server-Ms"]), float(response["X-Server-Cpu-Ms"])
    assert response["X-Queries"] == "0"
    assert elapsed >= 70
    assert 20 <= cpu < 45
