"""The two program documents the ports' rules come from (../shared/seeds/)."""

AGREEMENT = "000_5a27d03f56223f7e.txt"  # Board presentation: Cooperative Agreement with the Ports
RULE_4001 = "004_af983ba73b5d80a4.txt"  # Proposed Rule 4001


def agreement(section: str) -> str:
    return f'{AGREEMENT}, "{section}"'


def rule_4001(clause: str) -> str:
    return f"{RULE_4001}, Rule 4001 {clause}"
