"""Bench-only middleware: the number of SQL queries of each request, in an `X-Queries` header, and the
time the worker spent on it (from this middleware in to the response out), in `X-Server-Ms`, and the
CPU time it used meanwhile, in `X-Server-Cpu-Ms`: a sync worker serves one request at a time, so its
process's CPU time is the request's, without the time it waited for a core taken by another process
(locust, PostgreSQL, the other workers), which is most of the noise of a shared 2-core machine.

`connection.execute_wrapper` counts without keeping the SQL text (unlike DEBUG's query log), so the
count costs almost nothing and memory stays flat however many requests a worker serves."""

import time

from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        started, cpu_started = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Server-Ms"] = f"{1000 * (time.perf_counter() - started):.2f}"
        response["X-Server-Cpu-Ms"] = f"{1000 * (time.process_time() - cpu_started):.2f}"
        response["X-Queries"] = str(count)
        return response
