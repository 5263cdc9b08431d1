"""Event stage: predicates and their arguments → PLOVER events with negation and modality."""
