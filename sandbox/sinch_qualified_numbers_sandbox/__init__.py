"""A stateful fake of the Sinch Qualified Numbers service, for tests, the CLI and the demo."""
