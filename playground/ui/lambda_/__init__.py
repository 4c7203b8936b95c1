"""The Lambda workbench: functions, their handler, invocations and what triggers them."""
