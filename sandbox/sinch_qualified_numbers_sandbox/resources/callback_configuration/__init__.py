"""The project's callback configuration: the secret that signs its callbacks (tag
`CallbackConfiguration`)."""
