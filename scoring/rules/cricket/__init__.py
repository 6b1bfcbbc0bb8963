"""Cricket rules engine: the Laws of Cricket as plain Python (see `engine` for the contract)."""
