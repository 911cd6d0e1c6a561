"""Proposal packets: one PDF a prospect (or client) can trust, built from the playbook."""
