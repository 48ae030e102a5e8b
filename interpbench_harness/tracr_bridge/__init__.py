"""tracr compilation, conversion to TransformerLens, and ground-truth extraction."""
