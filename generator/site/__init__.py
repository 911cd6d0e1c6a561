"""The site: the MkDocs plugin that adds the generated pages, its navigation, the
reuse of work between preview rebuilds, the build for `playbook build`, and publishing
versions with mike."""
