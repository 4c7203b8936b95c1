"""Lambda: functions, invocations, event source mappings (package `lambda_`: `lambda` is a keyword)."""
