"""peelreview: review HMICFRS inspection reports and draft the PCC response."""
__version__ = "0.1.0"
