"""The shared toolkit every app uses: permissions, caching, Excel writing, settings helpers, chart helpers,
filter helpers, hooks and test helpers. It imports none of the feature apps (a test reads the imports)."""
