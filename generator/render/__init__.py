"""Rendering: typed views of the playbooks, shared by the site, the PDFs and the packet."""
