"""The shared base: what every layer may use (the input error, codes, process setup)."""
