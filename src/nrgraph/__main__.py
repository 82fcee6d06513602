"""``python -m nrgraph``."""

from nrgraph.cli import main

main()
