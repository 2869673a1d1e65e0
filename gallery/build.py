"""Run every gallery script and assemble the static HTML gallery in gallery/_build/.

Usage: python gallery/build.py [--full] [--output DIR] [--only NAME ...] [--jobs N]

The index shows a thumbnail and the verdicts of every page; each phenomenon
has its own page with the physics (the script's docstring), the figure, the
table of checks and, where the script made one, a link to its interactive
(holoviews/bokeh) explorer.  Exits non-zero if any check failed.
"""

import argparse
import ast
import concurrent.futures
import html
import json
import os
import pathlib
import subprocess
import sys
import time

HERE = pathlib.Path(__file__).resolve().parent
STYLE = """
body{font-family:system-ui,sans-serif;max-width:64em;margin:auto;padding:1em;color:#222}
img{max-width:100%}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.25em .6em;font-size:.9em}
.pass{color:#1a7f37;font-weight:bold}.fail{color:#c00;font-weight:bold}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(18em,1fr));gap:1em}
.card{border:1px solid #ddd;border-radius:6px;padding:.6em}.card img{height:11em;
object-fit:contain;width:100%}.meta{color:#777;font-size:small}
"""


#: Pages known to take longest in quick mode (measured; the rest run in name order).
SLOWEST_FIRST = ["plot_weak_antilocalization_dephasing", "plot_zero_bias_anomaly",
                 "plot_variable_range_hopping", "plot_scaling_function",
                 "plot_level_statistics"]


def run_script(script, output, full):
    env = dict(os.environ, MESO_GALLERY_OUTPUT=str(output), MPLBACKEND="Agg",
               MESO_GALLERY_FULL="1" if full else "0", OMP_NUM_THREADS="1",
               OPENBLAS_NUM_THREADS="1")
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, str(script)], cwd=HERE, env=env,
                          capture_output=True, text=True)
    return proc, time.perf_counter() - start


def _block(text):
    """A docstring paragraph as HTML: a bullet list if its lines start with '* ' or '1. '."""
    stripped = text.strip()
    if stripped.startswith("* ") or stripped[:3] in ("1. ", "1) "):
        import re
        items = [" ".join(i.split()) for i in re.split(r"(?m)^\s*(?:\*|\d+\.)\s+", stripped) if i.strip()]
        return "<ul>" + "".join(f"<li>{html.escape(i)}</li>" for i in items) + "</ul>"
    return f"<p>{html.escape(' '.join(text.split()))}</p>"


def _document(title, body):
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{html.escape(title)}"
            f"</title><style>{STYLE}</style></head><body>{body}</body></html>")


def _verdict_table(checks):
    rows = "".join(
        f"<tr><td>{html.escape(c['name'])}</td><td>{c['simulated']:.4g} ± {c['error']:.2g} "
        f"{html.escape(c['unit'])}</td><td>{html.escape(str(c['theory']) if isinstance(c['theory'], str) else format(c['theory'], '.4g'))}</td>"
        f"<td>{html.escape(str(c['tolerance']) if isinstance(c['tolerance'], str) else format(c['tolerance'], '.3g'))}</td>"
        f"<td class={'pass' if c['ok'] else 'fail'}>{'PASS' if c['ok'] else 'FAIL'}</td>"
        f"<td>{html.escape(c.get('note', ''))}</td></tr>" for c in checks)
    return ("<table><tr><th>check</th><th>simulated</th><th>theory</th><th>tolerance</th>"
            f"<th>verdict</th><th>note</th></tr>{rows}</table>")


def _reported_table(reported):
    """Comparisons a page shows without a verdict (its text says why)."""
    if not reported:
        return ""
    rows = "".join(
        f"<tr><td>{html.escape(r['name'])}</td><td>{r['simulated']:.4g} ± {r['error']:.2g} "
        f"{html.escape(r['unit'])}</td><td>{r['reference']:.4g}</td>"
        f"<td>{html.escape(r.get('note', ''))}</td></tr>" for r in reported)
    return ("<h3>Reported, not verdicts</h3><table><tr><th>quantity</th><th>simulated</th>"
            f"<th>reference</th><th>note</th></tr>{rows}</table>")


def _title(script):
    doc = ast.get_docstring(ast.parse(script.read_text())) or script.stem
    return doc.partition("\n")[0]


def _card(name, title, status):
    return (f"<div class=card><a href='{name}.html'><img src='{name}.png' alt='{html.escape(title)}'>"
            f"</a><h3><a href='{name}.html'>{html.escape(title)}</a></h3>{status}</div>")


def previous_card(script, output):
    """The index card of a page built by an earlier run (``--only`` skips it), or None."""
    name = script.stem.removeprefix("plot_")
    results = output / f"{name}.json"
    if not (results.exists() and (output / f"{name}.html").exists()):
        return None
    checks = json.loads(results.read_text()).get("checks", [])
    n_pass = sum(c["ok"] for c in checks)
    status = (f"<span class=pass>{n_pass}/{len(checks)} PASS</span>" if checks and
              n_pass == len(checks) else "<span class=fail>FAILED</span>")
    return _card(name, _title(script), status)


def build_page(script, output, proc, seconds):
    name = script.stem.removeprefix("plot_")
    doc = ast.get_docstring(ast.parse(script.read_text())) or script.stem
    title, _, body = doc.partition("\n")
    body = body.lstrip("=\n")
    results = output / f"{name}.json"
    info = json.loads(results.read_text()) if results.exists() and proc.returncode in (0, 1) else {}
    checks = info.get("checks", [])
    paragraphs = "".join(_block(p) for p in body.split("\n\n") if p.strip())
    explorer = "".join(f"<p><a href='{html.escape(f)}'>Interactive explorer</a> "
                       "(holoviews/bokeh; drag the slider)</p>"
                       for f in info.get("extra_files", []))
    failed = proc.returncode != 0
    log = f"<pre>{html.escape(proc.stderr[-4000:])}</pre>" if failed else ""
    page = (f"<p><a href='index.html'>← gallery</a></p><h1>{html.escape(title)}</h1>{paragraphs}"
            f"<img src='{name}.png' alt='{html.escape(title)}'>{explorer}"
            f"<h2>Simulation versus theory</h2>{_verdict_table(checks)}"
            f"{_reported_table(info.get('reported', []))}"
            f"<p class=meta>{script.name}: {'FAILED' if failed else 'ran'} in {seconds:.0f} s"
            f" ({'full' if info.get('full') else 'quick'} mode)</p>{log}")
    (output / f"{name}.html").write_text(_document(title, page))
    n_pass = sum(c["ok"] for c in checks)
    status = (f"<span class=fail>FAILED</span>" if failed or n_pass < len(checks)
              else f"<span class=pass>{n_pass}/{len(checks)} PASS</span>")
    return _card(name, title, status)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="publication sizes (slow)")
    parser.add_argument("--output", type=pathlib.Path, default=HERE / "_build")
    parser.add_argument("--only", nargs="*", help="run only these pages (names without plot_)")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                        help="pages run side by side (default: number of cores)")
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    all_scripts = sorted(HERE.glob("plot_*.py"))
    scripts = all_scripts
    if args.only:
        unknown = set(args.only) - {s.stem.removeprefix("plot_") for s in all_scripts}
        if unknown:
            parser.error(f"unknown page(s): {', '.join(sorted(unknown))}")
        scripts = [s for s in all_scripts if s.stem.removeprefix("plot_") in args.only]
    cards, failed = {}, []
    # Pages are independent processes: run them side by side, the slowest first (the build
    # then ends with short pages filling both cores instead of one long page alone).
    order = sorted(scripts, key=lambda s: SLOWEST_FIRST.index(s.stem)
                   if s.stem in SLOWEST_FIRST else len(SLOWEST_FIRST))
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = {pool.submit(run_script, script, args.output, args.full): script
                   for script in order}
        for future in concurrent.futures.as_completed(futures):
            script = futures[future]
            proc, seconds = future.result()
            print(f"== {script.name} ({seconds:.0f} s)", flush=True)
            print(proc.stdout, end="", flush=True)
            if proc.returncode != 0:
                failed.append(script.name)
                print(proc.stderr[-4000:], file=sys.stderr)
            cards[script] = build_page(script, args.output, proc, seconds)
    # The index keeps the pages an earlier run built (--only re-runs a few).
    cards = [cards[script] if script in cards else previous_card(script, args.output)
             for script in all_scripts]
    cards = [card for card in cards if card is not None]
    index = ("<h1>Disordered conductors: simulation versus theory</h1>"
             "<p>Each page reproduces a prediction of the theory of disordered conductors with "
             "this project's simulations and states the number that checks it.</p>"
             f"<div class=cards>{''.join(cards)}</div>")
    (args.output / "index.html").write_text(_document("meso-transport gallery", index))
    print(f"gallery written to {args.output / 'index.html'}")
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
