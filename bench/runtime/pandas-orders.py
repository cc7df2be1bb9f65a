"""The analytics mode's aggregation in pandas: pandas-orders.py <file>.

Revenue, orders and units by category, by (product, category) and by UTC day, plus the totals: the
same groups bench/worker/duckdb-orders.mjs computes. Prints {ms, cpuMs, maxRssMiB, orders, revenue};
timed after `import pandas`, like the other sides are timed after module loading.
"""
import json
import resource
import sys
import time

import pandas as pd

started = time.perf_counter()
cpu_started = time.process_time()
orders = pd.read_csv(
    sys.argv[1],
    dtype={"order_id": "int64", "customer_id": "int64", "category": "string", "product": "string", "quantity": "int32", "unit_price": "float64"},
)
orders["day"] = pd.to_datetime(orders["timestamp"], utc=True).dt.date
orders["revenue"] = orders["quantity"] * orders["unit_price"]
aggregations = {"orders": ("order_id", "size"), "units": ("quantity", "sum"), "revenue": ("revenue", "sum")}
by_category = orders.groupby("category").agg(**aggregations)
by_product = orders.groupby(["product", "category"]).agg(**aggregations)
by_day = orders.groupby("day").agg(**aggregations)
total_orders = int(by_category["orders"].sum())
total_revenue = round(float(orders["revenue"].sum()), 2)
elapsed_ms = (time.perf_counter() - started) * 1000
print(json.dumps({
    "ms": round(elapsed_ms),
    "cpuMs": round((time.process_time() - cpu_started) * 1000),
    "maxRssMiB": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    "orders": total_orders,
    "revenue": total_revenue,
    "groups": [len(by_category), len(by_product), len(by_day)],
}))
