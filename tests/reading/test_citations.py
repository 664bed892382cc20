"""Citations as a person reads them (``core.citations.public``): the public document's name and section, never the
seed file, without the notes the rules' authors left each other, and a re-issued term cited without the seed's
original date (issue 20)."""

import pytest

from core.citations import public

pytestmark = []


@pytest.mark.parametrize(
    ("stored", "read"),
    [
        (
            '001_ea26778b00a7e017.txt, PA2026-02 Section 4.4 "DELIVERABLES"; Table 1 step 6; due date: '
            "001_ea26778b00a7e017.txt, PA2026-02 Table 1 step 6 (schedule left to the agreement; portal default)",
            'Program Announcement PA2026-02, Section 4.4 "DELIVERABLES"; Table 1 step 6',
        ),
        (
            '001_ea26778b00a7e017.txt, PA2026-02 Section 1.1 ("deployed no later than February 2028"); changed by '
            'the re-issued announcement (seed: 001_ea26778b00a7e017.txt, PA2026-02 Section 1.1 ("deployed"))',
            "Program Announcement PA2026-02, Section 1.1",
        ),
        (
            "x (001_ea26778b00a7e017.txt, PA2026-02 Section 1.1; changed by the re-issued announcement from "
            "February 29, 2028 to May 31, 2029) y",
            "x (Program Announcement PA2026-02, Section 1.1) y",
        ),
        (
            "target (004_af983ba73b5d80a4.txt, Rule 4001 (c)(6), (c)(8)).",
            "target (Proposed Rule 4001 (c)(6), (c)(8)).",
        ),
        ("trucks (001_ea26778b00a7e017.txt); staff enter", "trucks (INVEST CLEAN Board letter); staff enter"),
        ("002_93fe1fbed5faf247.txt, SECTION IV", "Program Announcement PA2022-01, Section IV"),
        ("  No citation here.  ", "  No citation here.  "),
        (None, ""),
    ],
)
def test_a_stored_citation_reads_by_the_public_documents_name(stored, read):
    assert public(stored) == read
