"""Writing the catalogue out: iCalendar for calendar programs, CSV and XLSX for spreadsheets
(the XLSX is also the exchange format between offices)."""
