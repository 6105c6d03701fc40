"""The command line: one program with subcommands. Thin: every command calls a service."""
