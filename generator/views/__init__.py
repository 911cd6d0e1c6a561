"""What every output shows the same way, computed from typed playbooks.

Dates and the timeline, sign-off states, the readiness review, internal notes and the
wording of values. The site, the PDFs and the change summaries import these and never
each other.
"""
