"""Figures: counts of detainers, decisions, ICE access and policy-impact evaluations per agency,
local day and month (``reports.models``: ``DetainerFigure`` … ``EvaluationChangeFigure``).

``sources`` says how each is counted from the records (one GROUP BY each, the same counting the
pages did over every record), ``build`` refreshes the months a write touched and rebuilds them
all, ``read`` sums a period's figures (whole months, plus or minus a few days).
"""
