-- Z reports (placeholder; filled in by the Z-reports feature)
SELECT 1;
