"""The `papers` command line: thin modules that parse, call the core, hand to output."""
