"""Retrieved passages → answers, and the CLI and web app that serve them."""
