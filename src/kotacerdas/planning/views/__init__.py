"""HTML pages of the planning module, one module per part of the masterplan."""
