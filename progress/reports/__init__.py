"""Trainer and administrator reports (Wagtail admin « Rapports »).

selectors.py computes the figures with aggregate queries (a fixed number whatever the number of
learners); views.py shows them with Wagtail's ReportView and its CSV/XLSX export; exports.py moves
large exports to a Celery task. Who sees what is one rule: trainers.selectors.
"""
