"""The data and its checks: load a data directory, validate every file, freeze the result."""
