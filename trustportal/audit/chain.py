"""Verify the audit trail's hash chain (PostgreSQL).

Each row's ``row_hash`` is SHA-256 over ``prev_hash`` and the row's fields, computed by the
database function ``audit_auditevent_row_hash`` (migration audit 0004). Verification calls
the same function in one SQL pass, so the canonical text is identical to the one hashed at
INSERT time, and reports the first broken link in ``chain_seq`` order:

- a changed row: its fields no longer give its ``row_hash``;
- missing rows: a gap in ``chain_seq`` (rows deleted), or rows missing from the start;
- a broken link: ``prev_hash`` differs from the previous row's hash (that row was replaced
  and re-hashed, or rows were reordered);
- an unchained row: no ``chain_seq`` (inserted with the trigger disabled).

Someone with the owner's rights could rewrite a row and re-hash every later row; an *anchor*
(a ``chain_seq:row_hash`` pair recorded outside the database, e.g. in the backup manifest)
catches that: the row at that position must still carry that hash.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import connection

GENESIS = "0" * 64

_FIRST_BROKEN = """
WITH chain AS (
  SELECT e.id, e.chain_seq, e.prev_hash, e.row_hash,
         audit_auditevent_row_hash(e) AS recomputed,
         lag(e.chain_seq) OVER w AS before_seq,
         lag(e.row_hash) OVER w AS before_hash
    FROM audit_auditevent e
   WHERE e.chain_seq IS NOT NULL
  WINDOW w AS (ORDER BY e.chain_seq)
)
SELECT chain_seq, id, prev_hash, row_hash, recomputed, before_seq, before_hash
  FROM chain
 WHERE row_hash IS DISTINCT FROM recomputed
    OR chain_seq <> COALESCE(before_seq, 0) + 1
    OR prev_hash IS DISTINCT FROM COALESCE(before_hash, %s)
 ORDER BY chain_seq
 LIMIT 1
"""


@dataclass
class Verification:
    events: int = 0
    head_seq: int = 0
    head_hash: str = GENESIS
    problems: list[str] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems

    @property
    def head(self) -> str:
        return f"{self.head_seq}:{self.head_hash}"


def chain_supported() -> bool:
    return connection.vendor == "postgresql"


def parse_anchor(text: str) -> tuple[int, str]:
    seq, _, digest = text.strip().partition(":")
    if not seq.isdigit() or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise ValueError(f"an anchor is CHAIN_SEQ:SHA256_HEX (64 lowercase hex digits), not {text!r}")
    return int(seq), digest


def verify_chain(anchors: Sequence[tuple[int, str]] = ()) -> Verification:
    """Recompute every link; return the counts, the head and the first problem found."""
    result = Verification()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM audit_auditevent")
        result.events = cursor.fetchone()[0]
        cursor.execute(
            "SELECT chain_seq, row_hash FROM audit_auditevent WHERE chain_seq IS NOT NULL "
            "ORDER BY chain_seq DESC LIMIT 1"
        )
        head = cursor.fetchone()
        if head:
            result.head_seq, result.head_hash = head
        cursor.execute(_FIRST_BROKEN, [GENESIS])
        broken = cursor.fetchone()
        if broken:
            result.problems.append(_describe(*broken))
        cursor.execute("SELECT id FROM audit_auditevent WHERE chain_seq IS NULL ORDER BY id LIMIT 1")
        unchained = cursor.fetchone()
        if unchained:
            result.problems.append(
                f"unchained row: event id {unchained[0]} has no chain_seq "
                "(inserted with the chain trigger disabled)"
            )
        for seq, digest in anchors:
            if seq == 0:
                continue  # the empty trail's anchor: nothing to compare
            cursor.execute("SELECT row_hash FROM audit_auditevent WHERE chain_seq = %s", [seq])
            row = cursor.fetchone()
            if row is None:
                result.problems.append(
                    f"anchor {seq}:{digest[:12]}…: chain_seq {seq} is missing (the trail was cut back)"
                )
            elif row[0] != digest:
                result.problems.append(
                    f"anchor {seq}:{digest[:12]}…: chain_seq {seq} now has hash {row[0][:12]}… "
                    "(the trail up to it was rewritten and re-hashed)"
                )
    return result


def _describe(seq, event_id, prev_hash, row_hash, recomputed, before_seq, before_hash) -> str:
    where = f"first broken link at chain_seq {seq} (event id {event_id}): "
    reasons = []
    expected_seq = (before_seq or 0) + 1
    if seq != expected_seq:
        missing = f"{expected_seq}" if seq - expected_seq == 1 else f"{expected_seq}–{seq - 1}"
        reasons.append(f"missing row(s): chain_seq {missing} absent (deleted)")
    if row_hash != recomputed:
        reasons.append("changed row: its fields no longer match its row_hash")
    if seq == expected_seq and prev_hash != (before_hash or GENESIS):
        previous = f"chain_seq {before_seq}" if before_seq else "the start of the chain"
        reasons.append(
            f"broken link: prev_hash does not match the hash of {previous} "
            "(that row was replaced and re-hashed, or rows were reordered)"
        )
    return where + "; ".join(reasons)
