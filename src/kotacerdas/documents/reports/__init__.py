"""Reports generated from a region's data in background jobs (one module per report)."""
