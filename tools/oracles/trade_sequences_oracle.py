"""Exactly-once oracle for the pipeline tests: reads market_data.trades_v2 with pyiceberg (an
independent Iceberg reader) and prints, per symbol, the row count, distinct source sequences, the
smallest and largest one, and how many sequences in between are missing.

Usage: trade_sequences_oracle.py <warehouse dir>   (SQLite catalog at <warehouse>/catalog.db)
Prints one JSON object: {"snapshots": n, "files": n, "symbols": {SYM: {...}}}.
"""
import json
import sys
from collections import defaultdict

from pyiceberg.catalog.sql import SqlCatalog


def main() -> None:
    warehouse = sys.argv[1].rstrip("/")
    catalog = SqlCatalog("k2", uri=f"sqlite:///{warehouse}/catalog.db", warehouse=f"file://{warehouse}")
    table = catalog.load_table("market_data.trades_v2")
    rows = table.scan(selected_fields=("symbol", "source_sequence")).to_arrow()
    by_symbol = defaultdict(list)
    for symbol, seq in zip(rows.column("symbol").to_pylist(), rows.column("source_sequence").to_pylist()):
        by_symbol[symbol].append(seq)
    out = {}
    for symbol, seqs in sorted(by_symbol.items()):
        distinct = set(seqs)
        lo, hi = min(distinct), max(distinct)
        out[symbol] = {
            "rows": len(seqs),
            "distinct": len(distinct),
            "min": lo,
            "max": hi,
            "missing": hi - lo + 1 - len(distinct),
        }
    print(json.dumps({
        "snapshots": len(table.metadata.snapshots),
        "files": table.inspect.files().num_rows,
        "symbols": out,
    }))


if __name__ == "__main__":
    main()
