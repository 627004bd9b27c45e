"""Writes of the reports app, one module per job: runs (requests, retries,
claims, failures, the sweep), rendering (a run's document, fan-out and
merge) and review_drafts (the narrative and its approval)."""
