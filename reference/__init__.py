"""Reference solutions, one module per kata. Run them with `--reference`."""
