"""The version of meso-transport: the one place it is defined (setup.cfg and physics read it)."""

__version__ = "0.2.0"
