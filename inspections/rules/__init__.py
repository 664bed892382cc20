"""Each program's inspections as pure data (no Django imports): ``programs.PROGRAM_INSPECTIONS`` by program code."""
