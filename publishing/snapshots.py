"""The frozen snapshot of a published results round: its schema version and how older
shapes are read."""

# The shape of a frozen snapshot. Raise it when the shape changes, and teach
# `snapshot_content` to read the older shapes: a published round is never frozen again.
# 1: before versions (signatures may lack their role); 2: the version is stored.
SNAPSHOT_SCHEMA = 2


def snapshot_content(snapshot):
    """A stored snapshot in today's shape, whichever version froze it."""
    schema = snapshot.get("schema", 1)
    if schema > SNAPSHOT_SCHEMA:
        raise ValueError(
            f"snapshot schema {schema} is newer than this code reads ({SNAPSHOT_SCHEMA})"
        )
    if schema < 2:
        memo = snapshot["memo"]
        signatures = [{"role": "", **s} for s in memo.get("signatures", [])]
        snapshot = {
            **snapshot,
            "closing_is_draft": snapshot.get("closing_is_draft", False),
            "memo": {**memo, "signatures": signatures},
        }
    return {**snapshot, "schema": SNAPSHOT_SCHEMA}
