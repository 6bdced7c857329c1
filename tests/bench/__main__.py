"""`make bench`: measure the portal on the demo city (and, with --city 100k, on a synthetic city
of 100,000 staff).

Each city lives in its own PostgreSQL database (created on first use, seeded idempotently, kept for
the next run) and is measured in a subprocess, so every figure comes from a fresh process with
production-like settings (DEBUG off). Results are printed as a table and written to
bench-results/latest.md and bench-results/latest.json (gitignored).

    python -m tests.bench                 # the demo city
    python -m tests.bench --city 100k     # the synthetic city of 100,000 staff (a flag: slow)
    python -m tests.bench --city demo --city 100k
    BENCH_ONLY=planning python -m tests.bench   # only the figures of tests/bench/planning.py
    BENCH_ONLY=load python -m tests.bench       # check-ins under load (gunicorn, 100/s for 60 s)
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
PREFIX = os.environ.get("BENCH_DB_PREFIX", "wfa_bench")  # one set of databases per prefix
CITIES = {"demo": 1.0, "100k": 7.21}


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--city", choices=sorted(CITIES), action="append")
    args = parser.parse_args()
    results = {}
    for city in args.city or ["demo"]:
        env = os.environ | {
            "DATABASE_URL": f"{SERVER}/{PREFIX}_{city}",
            "DJANGO_DEBUG": "false",
            "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
            "DJANGO_SECURE_SSL_REDIRECT": "false",
            "DJANGO_ALLOWED_HOSTS": "testserver,127.0.0.1",
            "DJANGO_STATICFILES_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
            "BENCH_SCALE": str(CITIES[city]),
        }
        print(f"== {city}: {env['DATABASE_URL']}", flush=True)
        ensure_database(f"{PREFIX}_{city}")
        proc = subprocess.run(
            [sys.executable, "-m", "tests.bench.city"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
        )
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            print(proc.stdout)
            return proc.returncode
        results[city] = json.loads(proc.stdout.strip().splitlines()[-1])
    report(results)
    return 0


def ensure_database(name: str) -> None:
    """Create the city's database on first use; later runs reuse it (the seed is idempotent)."""
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def report(results: dict) -> None:
    lines = [
        "| measure | " + " | ".join(results) + " | target |",
        "|---|" + "---|" * (len(results) + 1),
    ]
    names = list(dict.fromkeys(name for city in results.values() for name in city))
    for name in names:
        row = [results[city].get(name, {}).get("text", "—") for city in results]
        target = next((c[name]["target"] for c in results.values() if name in c), "")
        lines.append(f"| {name} | " + " | ".join(row) + f" | {target} |")
    table = "\n".join(lines)
    print(table)
    out = ROOT / "bench-results"
    out.mkdir(exist_ok=True)
    (out / "latest.md").write_text(table + "\n")
    (out / "latest.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    sys.exit(main())
