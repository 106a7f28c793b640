"""Text handling: normalisation with offsets back to the original, language ID, terms."""
