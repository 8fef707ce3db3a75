"""Bounded load on loopback: the production start (gunicorn, scripts/serve.sh) against runserver.

Builds a demo database (SQLite in a temporary folder, the Nijkerk document imported and
published), starts the app on 127.0.0.1 and lets C concurrent clients (Python threads, no
external tool) each request N pages of the kader (overview, themes, afspraken list, a few
afspraken, a table, search). Prints throughput, median and 95th percentile per server.

    .venv/bin/python benchmarks/bench_load.py [--clients 20] [--requests 25] [--workers 4]
                                              [--no-runserver]

Nothing leaves the machine; the temporary folder is removed at the end.
"""

import argparse
import os
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(var_dir: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_DEBUG"}}
    env.update(
        DJANGO_SETTINGS_MODULE="prestatiemonitor.config.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost",
        PRESTATIEMONITOR_VAR_DIR=var_dir,
        LOG_LEVEL="ERROR",
    )
    return env


def prepare(env: dict) -> None:
    manage = str(BIN / "prestatiemonitor")
    subprocess.run([manage, "migrate", "--no-input", "-v", "0"], env=env, check=True)
    subprocess.run([manage, "demo-nijkerk"], env=env, check=True, stdout=subprocess.DEVNULL)


def wait_until_up(base: str, proc: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server stopte met code {proc.returncode}")
        try:
            with urllib.request.urlopen(base + "/", timeout=5) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.3)
    raise RuntimeError("server kwam niet op")


def urls(base: str) -> list[str]:
    with urllib.request.urlopen(base + "/", timeout=10) as response:
        home = response.read().decode()
    match = re.search(r'href="/afspraken/([\w-]+)/"', home)
    if match is None:
        raise RuntimeError("geen gepubliceerd kader op de homepagina")
    slug = match.group(1)
    kader = f"{base}/afspraken/{slug}"
    return [
        f"{kader}/",
        f"{kader}/thema/1/",
        f"{kader}/thema/3/",
        f"{kader}/afspraken/",
        f"{kader}/afspraken/?partij=wsn",
        f"{kader}/afspraak/1/",
        f"{kader}/afspraak/7/",
        f"{kader}/afspraak/15/",
        f"{kader}/tabel/1/",
        f"{kader}/zoeken/?q=woningen",
        f"{kader}/partijen/",
    ]


def load(pages: list[str], clients: int, per_client: int) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        own: list[float] = []
        for i in range(per_client):
            url = pages[(n + i) % len(pages)]
            start = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=60) as response:
                    response.read()
                    if response.status != 200:
                        errors.append(f"{response.status} {url}")
            except Exception as exc:  # noqa: BLE001 - counted and reported
                with lock:
                    errors.append(f"{type(exc).__name__} {url}")
                continue
            own.append(time.perf_counter() - start)
        with lock:
            latencies.extend(own)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    return {
        "requests": len(latencies),
        "errors": errors,
        "seconds": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "median_ms": statistics.median(latencies) * 1000 if latencies else float("nan"),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))] * 1000 if latencies else float("nan"),
    }


def run_server(name: str, command: list[str], env: dict, base: str, args) -> dict:
    proc = subprocess.Popen(
        command,
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_until_up(base, proc)
        pages = urls(base)
        load(pages, min(args.clients, 4), 3)  # warm up (imports, first queries)
        return load(pages, args.clients, args.requests)
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def report(name: str, result: dict) -> None:
    print(
        f"{name:<22} {result['requests']:>6} verzoeken in {result['seconds']:6.1f} s  "
        f"{result['throughput']:6.1f}/s  mediaan {result['median_ms']:6.0f} ms  "
        f"p95 {result['p95_ms']:6.0f} ms  fouten {len(result['errors'])}"
    )
    for error in result["errors"][:5]:
        print(f"    {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=25, help="verzoeken per client")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn-workers")
    parser.add_argument("--no-runserver", action="store_true", help="alleen gunicorn meten")
    args = parser.parse_args()

    var_dir = tempfile.mkdtemp(prefix="bench-load-")
    try:
        env = environment(var_dir)
        prepare(env)
        print(
            f"{args.clients} clients x {args.requests} verzoeken op de kaderpagina's "
            f"(Nijkerk, SQLite in {var_dir}), {os.cpu_count()} cores"
        )
        port = free_port()
        gunicorn_env = {
            **env,
            "BIND": f"127.0.0.1:{port}",
            "WEB_CONCURRENCY": str(args.workers),
            "SKIP_MIGRATE": "1",
            "PRESTATIEMONITOR_BIN": str(BIN),
        }
        result = run_server(
            "gunicorn",
            ["bash", str(ROOT / "scripts" / "serve.sh")],
            gunicorn_env,
            f"http://127.0.0.1:{port}",
            args,
        )
        report(f"gunicorn ({args.workers} workers)", result)
        if not args.no_runserver:
            port = free_port()
            result = run_server(
                "runserver",
                [str(BIN / "prestatiemonitor"), "runserver", "--noreload", f"127.0.0.1:{port}"],
                env,
                f"http://127.0.0.1:{port}",
                args,
            )
            report("runserver", result)
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
