"""Fixes for costs that the benchmarks found in Rasa itself (docs/benchmarks.md, "Bottlenecks")."""
