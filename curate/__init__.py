"""curate: Chinese news pages to a versioned NER/event dataset via Label Studio."""
__version__ = "0.1.0"
