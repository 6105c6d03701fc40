"""PDF printouts with ReportLab: sheets, registers, calendars, reports, booklets."""
