"""Dataset stage: annotated documents → versioned Hugging Face dataset folders, their diffs and reports."""
