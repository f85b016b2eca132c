"""Benchmarks of the product: ``python -m bench`` measures load, queries, page reruns, export and cold start against
naive baselines in the same run and writes ``bench/RESULTS.md``. Not imported by the product."""
