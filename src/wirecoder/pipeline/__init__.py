"""spaCy components that turn a parsed article into actors, dates, places, quotes and events."""
