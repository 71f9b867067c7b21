-- Placeholder kept so migration numbers stay contiguous; its issue fills it in.
SELECT 1;
