"""Daily summaries and bars oracle for libs/query: computes, straight from the ASX sample's CSV
files and with Python's standard library only (csv, zoneinfo, fractions/decimal), what K2's query
engine must return for every symbol-day of the sample, in each requested time zone.

Request (JSON on stdin):
  {"sample_dir": ".../asx-2014-03", "zones": ["UTC", "Australia/Sydney"], "interval_seconds": 60}
Response (JSON on stdout):
  {"summaries": [{symbol, tz, date, start, end, open, high, low, close, volume, trade_count, vwap,
                  buy_volume, sell_volume}],
   "bars": {"SYMBOL|tz|date": [{start, end, open, high, low, close, volume, trade_count, vwap}]}}

Rules, written independently of the TypeScript code (DESIGN.md D7, D9):
- Vendor times are Australia/Sydney wall clock (data README); a row's sequence is its 1-based line
  number in its file; trades are ordered by (UTC time, sequence): open = first, close = last.
- A day in zone Z is [local midnight, next local midnight); a bar bucket is the local wall-clock
  time floored to the interval, counted from local midnight; start/end are UTC microseconds.
- VWAP = sum(price * volume) / sum(volume) exactly, rounded half-to-even to 18 fractional digits,
  trailing zeros dropped. Decimals print in their shortest plain form ("36.667", "20000").
- The vendor gives no aggressor side, so buy and sell volume are 0.
"""
import csv
import json
import os
import sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from fractions import Fraction
from zoneinfo import ZoneInfo

EPOCH = datetime(1970, 1, 1)
SYDNEY = ZoneInfo("Australia/Sydney")
DAY_US = 86_400_000_000


def plain(d: Decimal) -> str:
    text = format(d.normalize(), "f")
    return "0" if text in ("-0", "") else text


def vwap(notional: Decimal, volume: Decimal) -> str:
    exact = Fraction(notional) / Fraction(volume)
    scaled = round(exact * 10**18)  # round() of a Fraction is half-to-even
    return plain(Decimal(scaled).scaleb(-18))


def micros_of_naive(naive: datetime) -> int:
    delta = naive - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def utc_micros(local_naive: datetime, zone) -> int:
    aware = local_naive.replace(tzinfo=zone)
    return micros_of_naive(aware.astimezone(timezone.utc).replace(tzinfo=None))


def local_micros(utc_us: int, zone) -> int:
    aware = (EPOCH + timedelta(microseconds=utc_us)).replace(tzinfo=timezone.utc)
    return micros_of_naive(aware.astimezone(zone).replace(tzinfo=None))


def read_trades(sample_dir: str):
    symbols = {}
    with open(os.path.join(sample_dir, "reference", "company_info.csv"), newline="") as f:
        for row in csv.DictReader(f):
            symbols[row["company_id"]] = row["symbol"]
    trades = []
    folder = os.path.join(sample_dir, "trades")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".csv"):
            continue
        symbol = symbols[name[:-4]]
        with open(os.path.join(folder, name), newline="") as f:
            for seq, row in enumerate(csv.reader(f), start=1):
                date, time, price, volume = row[0], row[1], row[2], row[3]
                local = datetime.strptime(f"{date} {time}", "%m/%d/%Y %H:%M:%S.%f")
                trades.append((symbol, utc_micros(local, SYDNEY), seq, Decimal(price), Decimal(volume)))
    trades.sort(key=lambda t: (t[0], t[1], t[2]))
    return trades


def aggregate(rows):
    volume = sum((r[4] for r in rows), Decimal(0))
    notional = sum((r[3] * r[4] for r in rows), Decimal(0))
    return {
        "open": plain(rows[0][3]),
        "high": plain(max(r[3] for r in rows)),
        "low": plain(min(r[3] for r in rows)),
        "close": plain(rows[-1][3]),
        "volume": plain(volume),
        "trade_count": len(rows),
        "vwap": vwap(notional, volume),
        "buy_volume": "0",
        "sell_volume": "0",
    }


def main() -> None:
    request = json.load(sys.stdin)
    trades = read_trades(request["sample_dir"])
    interval = int(request["interval_seconds"]) * 1_000_000
    summaries = []
    bars = {}
    for tz in request["zones"]:
        zone = ZoneInfo(tz)
        days = defaultdict(list)
        for t in trades:  # sorted by (symbol, time, sequence)
            local = local_micros(t[1], zone)
            days[(t[0], local - local % DAY_US)].append((t, local))
        for (symbol, day_local), items in sorted(days.items()):
            date = (EPOCH + timedelta(microseconds=day_local)).date()
            start = utc_micros(EPOCH + timedelta(microseconds=day_local), zone)
            end = utc_micros(EPOCH + timedelta(microseconds=day_local + DAY_US), zone)
            rows = [t for t, _ in items]
            summaries.append({"symbol": symbol, "tz": tz, "date": date.isoformat(), "start": start,
                              "end": end, **aggregate(rows)})
            buckets = defaultdict(list)
            for t, local in items:
                buckets[day_local + (local - day_local) // interval * interval].append(t)
            out = []
            for bucket, group in sorted(buckets.items()):
                bucket_end = min(bucket + interval, day_local + DAY_US)
                out.append({"start": utc_micros(EPOCH + timedelta(microseconds=bucket), zone),
                            "end": utc_micros(EPOCH + timedelta(microseconds=bucket_end), zone),
                            **aggregate(group)})
            bars[f"{symbol}|{tz}|{date.isoformat()}"] = out
    json.dump({"summaries": summaries, "bars": bars}, sys.stdout)


if __name__ == "__main__":
    main()
