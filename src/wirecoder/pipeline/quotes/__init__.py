"""Quote stage: direct quotes (straight and curly, across sentence breaks) and indirect speech."""
