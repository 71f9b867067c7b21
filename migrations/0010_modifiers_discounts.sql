-- Section 12: modifiers, discounts, tips, hold/recall (in progress)
SELECT 1;
