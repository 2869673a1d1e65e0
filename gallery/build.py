"""Run every gallery script and assemble the HTML gallery in gallery/_build/.

Usage: python gallery/build.py [--quick] [--output DIR]
"""

import argparse
import ast
import html
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent


def run_script(script, output, quick):
    env = dict(os.environ, MESO_GALLERY_OUTPUT=str(output), MPLBACKEND="Agg",
               MESO_GALLERY_QUICK="1" if quick else "0", OMP_NUM_THREADS="1")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script)], cwd=HERE, env=env,
                          capture_output=True, text=True)
    return proc, time.perf_counter() - start


def _block(text):
    """A docstring paragraph as HTML: a bullet list if its lines start with '* '."""
    if text.lstrip().startswith("* "):
        items = [" ".join(item.split()) for item in text.strip().split("* ") if item.strip()]
        return "<ul>" + "".join(f"<li>{html.escape(item)}</li>" for item in items) + "</ul>"
    return f"<p>{html.escape(' '.join(text.split()))}</p>"


def page(script, output, proc, seconds):
    name = script.stem.removeprefix("plot_")
    doc = ast.get_docstring(ast.parse(script.read_text())) or script.stem
    title, _, body = doc.partition("\n")
    body = body.lstrip("=\n")
    results = output / f"{name}.json"
    checks = json.loads(results.read_text())["checks"] if results.exists() else []
    rows = "".join(
        f"<tr class={'ok' if c['ok'] else 'bad'}><td>{html.escape(c['what'])}</td>"
        f"<td>{c['value']:.3g} {html.escape(c['unit'])}</td><td>{c['tolerance']:g}</td>"
        f"<td>{'agrees' if c['ok'] else 'DISAGREES'}</td></tr>" for c in checks)
    paragraphs = "".join(_block(p) for p in body.split("\n\n") if p.strip())
    status = "ok" if proc.returncode == 0 else "failed"
    log = "" if proc.returncode == 0 else f"<pre>{html.escape(proc.stderr[-3000:])}</pre>"
    return (f"<section id='{name}'><h2>{html.escape(title)}</h2>{paragraphs}"
            f"<img src='{name}.png' alt='{html.escape(title)}'>"
            f"<table><tr><th>check</th><th>value</th><th>tolerance</th><th></th></tr>{rows}</table>"
            f"<p class=meta>{script.name}: {status} in {seconds:.1f} s</p>{log}</section>")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes (CI smoke run)")
    parser.add_argument("--output", type=pathlib.Path, default=HERE / "_build")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    sections, failed = [], []
    for script in sorted(HERE.glob("plot_*.py")):
        print(f"running {script.name} ...", flush=True)
        proc, seconds = run_script(script, args.output, args.quick)
        print(proc.stdout, end="")
        if proc.returncode != 0:
            failed.append(script.name)
            print(proc.stderr, file=sys.stderr)
        sections.append(page(script, args.output, proc, seconds))
    style = ("body{font-family:sans-serif;max-width:60em;margin:auto;padding:1em}"
             "img{max-width:100%}table{border-collapse:collapse}td,th{border:1px solid #ccc;"
             "padding:.2em .6em}tr.ok td:last-child{color:green}tr.bad td:last-child{color:red}"
             ".meta{color:#777;font-size:small}")
    index = (f"<!doctype html><html><head><meta charset=utf-8><title>meso-transport gallery</title>"
             f"<style>{style}</style></head><body><h1>Simulation versus theory</h1>"
             + "".join(sections) + "</body></html>")
    (args.output / "index.html").write_text(index)
    print(f"gallery written to {args.output / 'index.html'}")
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
