"""dvo-kb: a rules-as-code knowledge base of Dutch intergovernmental agreements."""

__version__ = "0.1.0"
