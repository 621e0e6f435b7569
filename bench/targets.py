"""The targets of a benchmark run and its printed report (bench/run.py)."""

# The targets of issues 10 and 22.
PUBLIC_SHARE_OF_BASELINE = 0.5  # measured with the background writer at work (bench/writer.py)
PUBLIC_P95_MS = 100
LOGGED_IN_SHARE_OF_BASELINE = 0.2
LOGGED_IN_P95_MS = 100
IMPORT_SECONDS = 20
# p95 at the compared scale (--compare-scale, 10) at most this many times the p95 at --scale (1).
P95_GROWTH = 1.5
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
    counts = dict(result["query_counts"])
    compared = result.get("compare") or {}
    if compared.get("query_counts"):
        counts[f"{compared['scale']:g}"] = compared["query_counts"]
    if counts:
        scales = list(counts)
        for page in counts[scales[0]]:
            values = [counts[scale].get(page, {}).get("queries") for scale in scales]
            found.append({"target": f"{page}: equal queries at scales {', '.join(scales)}",
                          "value": " / ".join(str(v) for v in values), "met": len(set(values)) == 1})  # fmt: skip
            most = max(values, key=lambda v: v or 0)
            found.append({"target": f"{page}: ≤ {MAXIMUM_QUERIES} queries", "value": str(most),
                          "met": all(v is not None and v <= MAXIMUM_QUERIES for v in values)})  # fmt: skip
    found += growth_targets(pages, compared)
    for path, scores in ((result.get("lighthouse") or {}).get("pages") or {}).items():
        found.append({"target": f"Lighthouse mobile performance of {path} ≥ {LIGHTHOUSE_PERFORMANCE}",
                      "value": str(scores.get("performance", scores.get("error", "?"))),
                      "met": scores.get("performance", 0) >= LIGHTHOUSE_PERFORMANCE})  # fmt: skip
    if result["import"]:
        seconds = result["import"]["resource_seconds"]
        found.append({"target": f"import of {result['import']['rows']:,} organisations < {IMPORT_SECONDS} s",
                      "value": f"{seconds} s", "met": seconds < IMPORT_SECONDS})  # fmt: skip
    if result.get("letters"):
        pdf, decided = result["letters"]["letter_pdf"], result["letters"]["round_decision"]
        found.append({"target": f"a decision letter rendered to PDF < {pdf['target_ms']} ms",
                      "value": f"{pdf['median_ms']} ms", "met": pdf["median_ms"] < pdf["target_ms"]})  # fmt: skip
        found.append({"target": f"round decision of {decided['applications']:,} applications with their letters "
                                f"< {decided['target_seconds']:g} s",
                      "value": f"{decided['seconds']} s", "met": decided["seconds"] < decided["target_seconds"]})  # fmt: skip
    return found


def growth_targets(pages: dict, compared: dict) -> list[dict]:
    """p95 of each page at the compared scale within P95_GROWTH times its p95 at the load run's scale."""
    found = []
    for name, larger in (compared.get("pages") or {}).items():
        if name.startswith("baseline") or name not in pages:
            continue
        smaller = pages[name]
        ratio = larger["p95_ms"] / smaller["p95_ms"] if answered(smaller) and answered(larger) else None
        value = f"{smaller['p95_ms']} → {larger['p95_ms']} ms" + (f" ({ratio:.2f}×)" if ratio else "")
        found.append({"target": f"{name}: p95 at scale {compared['scale']:g} ≤ {P95_GROWTH:g}× the load run's",
                      "value": value, "met": ratio is not None and ratio <= P95_GROWTH})  # fmt: skip
    return found


def compare_report(pages: dict, compared: dict) -> list[str]:
    scale = f"{compared['scale']:g}"
    seconds = compared["data"]["generate_seconds"]
    lines = ["", f"Scale {scale} against the load run (data generated in {seconds} s):", "",
             f"| Page | p95 ms | p95 ms (scale {scale}) | × | target | queries (scale {scale}) |",
             "|---|---|---|---|---|---|"]  # fmt: skip
    for name, larger in (compared.get("pages") or {}).items():
        smaller = pages.get(name)
        ratio = f"{larger['p95_ms'] / smaller['p95_ms']:.2f}" if smaller and answered(smaller) else "–"
        queries = (compared.get("query_counts") or {}).get(name, {}).get("queries", "–")
        cells = [name, f"{smaller['p95_ms']:.1f}" if smaller else "–", f"{larger['p95_ms']:.1f}", ratio,
                 "–" if name.startswith("baseline") else f"≤ {P95_GROWTH:g}×", str(queries)]  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    if compared.get("ranking_afresh"):
        lines += ["", ranking_line(compared["ranking_afresh"], scale)]
    return lines


def ranking_line(figures: dict, scale: str) -> str:
    """The ranking computed afresh (bench/computations.py), with the aggregate it no longer runs beside it."""
    return (f"Ranking computed afresh at scale {scale} ({figures['ranked']:,} ranked applications): "
            f"{figures['ranking_and_summary_s']} s ({figures['per_ranked_row_us']} µs a row); the aggregate over the "
            f"scores it ran each time before: {figures['baseline_aggregate_over_scores_s']} s more; a submission's "
            f"refresh of its totals {figures['refresh_one_application_ms']} ms.")  # fmt: skip


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
    if result.get("letters"):
        pdf, decided = result["letters"]["letter_pdf"], result["letters"]["round_decision"]
        lines.append(f"Letters: one decision letter to PDF {pdf['median_ms']} ms (median of {pdf['samples']}); the "
                     f"round decision of {decided['applications']:,} applications, {decided['letters']:,} letters, "
                     f"{decided['seconds']} s ({decided['per_decision_ms']} ms a decision).")  # fmt: skip
        made = result["letters"].get("pdfs_after_commit")
        if made:
            lines.append(f"  After the commit (not in that time): {made['letters']} of those letters' PDFs made from "
                         f"their stored HTML, {made['per_letter_ms']} ms each.")  # fmt: skip
    if result.get("ranking_afresh"):
        lines.append(ranking_line(result["ranking_afresh"], f"{result['settings']['scale']:g}"))
    for scale, data in result["data"].items():
        lines.append(f"Data at scale {scale}: generated in {data['generate_seconds']} s.")
    if result.get("compare"):
        lines += compare_report(pages or {}, result["compare"])
    writers = [f"{name} {figures['writer']['per_second']}/s" for name, figures in (pages or {}).items()
               if figures.get("writer")]  # fmt: skip
    if writers:
        lines.append("Background writer while measuring: " + ", ".join(writers) + " committed changes.")
    if (result.get("lighthouse") or {}).get("skipped"):
        lines.append(f"Lighthouse skipped: {result['lighthouse']['skipped']}.")
    lines += ["", "| Target | Measured | Met |", "|---|---|---|"]
    lines += [f"| {t['target']} | {t['value']} | {'yes' if t['met'] else 'no'} |" for t in result["targets"]]
    return "\n".join(lines)
