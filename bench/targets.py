"""The targets of a benchmark run and its printed report (bench/run.py)."""

# The targets of issues 10 and 22.
PUBLIC_SHARE_OF_BASELINE = 0.5  # measured with the background writer at work (bench/writer.py)
PUBLIC_P95_MS = 100
LOGGED_IN_SHARE_OF_BASELINE = 0.2
LOGGED_IN_P95_MS = 100
IMPORT_SECONDS = 20
LIGHTHOUSE_PERFORMANCE = 95

# -- targets and report -----------------------------------------------------------------------------


def answered(figures: dict) -> bool:
    """Whether the run completed any request: a p95 of no requests is 0 ms, and meets nothing."""
    return figures.get("requests", 0) > 0


def targets(result: dict) -> list[dict]:
    from bench.pages import MAXIMUM_QUERIES

    found = []
    pages = result["pages"]
    baseline = [pages[name]["rps"] for name in ("baseline", "baseline (end)") if name in pages]
    ceiling = sum(baseline) / len(baseline) if baseline else None
    for name, figures in pages.items():
        if name.startswith("baseline"):
            continue
        if figures["public"]:
            share = figures["rps"] / ceiling
            found.append({"target": f"{name}: ≥ {PUBLIC_SHARE_OF_BASELINE:.0%} of the baseline's req/s",
                          "value": f"{share:.0%}", "met": share >= PUBLIC_SHARE_OF_BASELINE})  # fmt: skip
            found.append({"target": f"{name}: p95 < {PUBLIC_P95_MS} ms", "value": f"{figures['p95_ms']} ms",
                          "met": answered(figures) and figures["p95_ms"] < PUBLIC_P95_MS})  # fmt: skip
        else:
            share = figures["rps"] / ceiling
            found.append({"target": f"{name}: ≥ {LOGGED_IN_SHARE_OF_BASELINE:.0%} of the baseline's req/s",
                          "value": f"{share:.0%}", "met": share >= LOGGED_IN_SHARE_OF_BASELINE})  # fmt: skip
            found.append({"target": f"{name}: p95 < {LOGGED_IN_P95_MS} ms", "value": f"{figures['p95_ms']} ms",
                          "met": answered(figures) and figures["p95_ms"] < LOGGED_IN_P95_MS})  # fmt: skip
    counts = result["query_counts"]
    if counts:
        per_scale = list(counts.values())
        for page in per_scale[0]:
            values = [scale[page]["queries"] for scale in per_scale]
            found.append({"target": f"{page}: same queries at every scale, ≤ {MAXIMUM_QUERIES}",
                          "value": " / ".join(str(v) for v in values),
                          "met": len(set(values)) == 1 and values[0] <= MAXIMUM_QUERIES})  # fmt: skip
    for path, scores in ((result.get("lighthouse") or {}).get("pages") or {}).items():
        found.append({"target": f"Lighthouse mobile performance of {path} ≥ {LIGHTHOUSE_PERFORMANCE}",
                      "value": str(scores.get("performance", scores.get("error", "?"))),
                      "met": scores.get("performance", 0) >= LIGHTHOUSE_PERFORMANCE})  # fmt: skip
    if result["import"]:
        seconds = result["import"]["resource_seconds"]
        found.append({"target": f"import of {result['import']['rows']:,} organisations < {IMPORT_SECONDS} s",
                      "value": f"{seconds} s", "met": seconds < IMPORT_SECONDS})  # fmt: skip
    return found


def report(result: dict) -> str:
    """The figures as Markdown tables, as the README shows them."""
    lines = []
    pages, counts = result["pages"], result["query_counts"]
    scales = list(counts)
    if pages:
        baseline = [pages[n]["rps"] for n in ("baseline", "baseline (end)") if n in pages]
        ceiling = sum(baseline) / len(baseline)
        head = ["Page", "req/s", "of baseline", "p50 ms", "p95 ms", *(f"queries (scale {s})" for s in scales)]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for name, figures in pages.items():
            per_scale = [str(counts[s].get(name, {}).get("queries", "–")) for s in scales]
            share = f"{figures['rps'] / ceiling:.0%}"
            cells = [
                name,
                f"{figures['rps']:.1f}",
                share,
                f"{figures['p50_ms']:.1f}",
                f"{figures['p95_ms']:.1f}",
            ]
            lines.append("| " + " | ".join(cells + per_scale) + " |")
    elif counts:
        lines += ["| Page | " + " | ".join(f"queries (scale {s})" for s in scales) + " |",
                  "|" + "---|" * (1 + len(scales))]  # fmt: skip
        for page in counts[scales[0]]:
            lines.append(f"| {page} | " + " | ".join(str(counts[s][page]["queries"]) for s in scales) + " |")
    if result["import"]:
        figures = result["import"]
        lines += ["", f"Import of {figures['rows']:,} organisations: django-import-export "
                  f"{figures['resource_seconds']} s (dry run {figures['resource_dry_run_seconds']} s), "
                  f"PostgreSQL COPY {figures['copy_seconds']} s."]  # fmt: skip
    for scale, data in result["data"].items():
        lines.append(f"Data at scale {scale}: generated in {data['generate_seconds']} s.")
    writers = [f"{name} {figures['writer']['per_second']}/s" for name, figures in (pages or {}).items()
               if figures.get("writer")]  # fmt: skip
    if writers:
        lines.append("Background writer while measuring: " + ", ".join(writers) + " committed changes.")
    if (result.get("lighthouse") or {}).get("skipped"):
        lines.append(f"Lighthouse skipped: {result['lighthouse']['skipped']}.")
    lines += ["", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['value']} | {'yes' if t['met'] else 'no'} |" for t in result["targets"]]
    return "\n".join(lines)
