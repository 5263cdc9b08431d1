"""Actor stage: canonical actors with kind, country, sector and role, one per entity per document."""
