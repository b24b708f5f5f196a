from dataclasses import replace

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The site's policy everywhere; the Wagtail admin also gets the inline styles it needs."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and request.path_info.startswith("/admin/"):
            parts = replace(parts, update={**settings.CSP_ADMIN_UPDATE, **(parts.update or {})})
        return parts
