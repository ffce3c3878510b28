"""The README's performance table is written from measured figures only."""

from __future__ import annotations

import json
from pathlib import Path

from bench.report import BEGIN, END, refresh_readme


def test_table_marks_goals_met_missed_and_not_run(tmp_path: Path) -> None:
    """A met goal says yes, a missed one no, and a scenario never run says so."""
    readme = tmp_path / "README.md"
    readme.write_text(f"# Bot\n\n## Performance\n\n{BEGIN}\nold table\n{END}\n\nAfter.\n")
    results = tmp_path / "bench-results.json"
    results.write_text(json.dumps({"ingest": {"entries_per_s": 2500.0, "cores": 2},
                                   "votes": {"votes_per_s": 1200.0, "cores": 2}}))  # fmt: skip
    refresh_readme(readme, results)
    text = readme.read_text()
    assert "old table" not in text
    assert "| ingest | feed entries stored/s | 2,500 | ≥ 2,000 | yes | 2 | no |" in text
    assert "| votes | votes/s through the Application | 1,200 | ≥ 3,000 | **no** |" in text
    assert "| memory | peak RSS, 100k-chat paid fan-out + 1M votes (MB) | not run |" in text
    assert text.endswith("After.\n")
