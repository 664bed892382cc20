"""Program rules as pure Python: see ``base`` for the mechanism and one module per program."""
