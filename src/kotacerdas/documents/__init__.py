"""The masterplan document (DOCX and PDF) and the reports."""
