"""gunicorn's settings for every web node (read from the working directory; docs/deployment.md).

FORWARDED_ALLOW_IPS is the proxy's address; Django reads the same variable with
DJANGO_TRUSTED_PROXY_COUNT to find the client's address (core/client.py), and production refuses to
start when the two disagree."""

import os

forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The access log names the client (the proxy's X-Forwarded-For), never a secret of a URL.
logger_class = "elearning.access_log.RedactingLogger"
access_log_format = '%({x-forwarded-for}i)s via %(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(f)s" "%(a)s"'
