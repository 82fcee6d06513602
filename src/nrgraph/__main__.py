"""``python -m nrgraph``."""

from nrgraph.cli.main import main

main()
