"""Reading course lists and labour-market needs from CSV, XLSX and ODS files."""
