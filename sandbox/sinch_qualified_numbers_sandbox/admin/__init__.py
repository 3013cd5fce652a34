"""The sandbox-only endpoints (`endpoints`, served under `/_sandbox/`) and their client
(`client.SandboxAdmin`)."""
