"""Translation requests: intake, lifecycle, visibility, downloads, callbacks."""
