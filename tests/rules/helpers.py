import json
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def load_example(code: str) -> dict:
    """A program's example input, with JSON numbers kept exact (as strings)."""
    return json.loads((EXAMPLES / f"{code}.json").read_text(), parse_float=str)
