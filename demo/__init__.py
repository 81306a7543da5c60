"""The offline demo world and the loopback HTTP server that serves it.

Not a stage of the pipeline: ``demo.localserver`` serves canned feeds and pages on
127.0.0.1 (for ``mediawatch demo``, the tests and the benchmarks), and
``demo.world`` builds the demo's news world with its known truth.
"""
