"""Sign-offs: approvals recorded in the YAML, signatures on the PDFs, and their checks."""
