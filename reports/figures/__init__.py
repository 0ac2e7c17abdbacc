"""Daily figures: counts of detainers, decisions, ICE access and policy-impact evaluations per
agency and local day (``reports.models``: ``DetainerDay`` … ``EvaluationChangeDay``).

``sources`` says how each is counted from the records (one GROUP BY each, the same counting the
pages did over every record), ``build`` refreshes the days a write touched and rebuilds them all.
"""
