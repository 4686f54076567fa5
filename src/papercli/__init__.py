"""papercli: keep up with ML papers from the terminal."""

__version__ = "0.1.0"
