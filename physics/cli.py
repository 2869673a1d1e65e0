"""meso command line."""
def main(argv=None):
    raise SystemExit("meso: not implemented yet")
