"""The running-cost meter: what the playground's resources and the app's own calls would cost an
hour on AWS (prices.yaml, us-east-1, an estimate). Headless: the header shows it (ui/shell)."""
