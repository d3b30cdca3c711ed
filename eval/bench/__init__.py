"""``policyqa bench``: throughput, latency, concurrency and memory, beside the LangChain tutorial pipeline."""
