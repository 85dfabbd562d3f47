"""`make bench`: round trips, throughput, cold start, training time and memory of the assistant against a plain
Rasa baseline, plus directory search latency. Run `python -m benchmarks --help`; results in docs/benchmarks.md."""
