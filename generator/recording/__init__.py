"""Recording what happened: results imported from spreadsheet exports into results.yaml."""
