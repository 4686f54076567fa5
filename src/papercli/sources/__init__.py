"""Where papers come from: the Hub and arXiv, each parsed and validated where it enters."""
