"""The map of administrative units as it was at a date, and the reorganisations that change it."""
