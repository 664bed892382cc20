"""The demo's orchestrator: ``seed_demo``, ``demo_server`` and ``demo_code`` (docs/testing.md, README)."""
