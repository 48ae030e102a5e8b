"""Everything about the JSON report, one concept per module:

- `schema`: the declared format (TypedDicts, SCHEMA_VERSION, `validate`, accessors);
- `json_report`: building, writing and reading a report file;
- `table`: the terminal table; `html_page`: the HTML page;
- `journal`: the run journal a dying run leaves behind;
- `runs`: stored runs; `merge`: joining shard reports;
- `regression`: the baseline gate; `compare` and `paired_statistics`: run/method comparisons.

The names below are the ones method authors and CI scripts need; they import nothing heavy.
"""

from interpbench_harness.report.json_report import build_report, read_report, write_report
from interpbench_harness.report.schema import (
    SCHEMA_VERSION,
    Cost,
    DiscoveryResult,
    LevelMetrics,
    Metrics,
    ModelEntry,
    RealismEntry,
    Report,
    ReportResult,
    RunBlock,
    auroc,
    discovery_result,
    is_scored,
    validate,
)

__all__ = [
    "SCHEMA_VERSION", "Cost", "DiscoveryResult", "LevelMetrics", "Metrics", "ModelEntry", "RealismEntry", "Report",
    "ReportResult", "RunBlock", "auroc", "build_report", "discovery_result", "is_scored", "read_report", "validate",
    "write_report",
]
