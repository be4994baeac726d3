"""Model data for strato (docs/models.md): strato's loader finds ``data`` beside this
file without importing the package; nothing here is meant to be imported."""
