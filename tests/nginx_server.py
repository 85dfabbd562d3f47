"""Starts a throwaway nginx in front of several Rasa server processes (Debian's nginx, installed by `make test`).

The configuration is generated in a temporary folder (pid file, logs and temporary files there too) and uses the
project's own proxy settings, deploy/nginx/rasa-proxy.conf, the same file the production site includes.
"""
from __future__ import annotations

import grp
import os
import shutil
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Sequence

from processes import stop_process

ROOT = Path(__file__).resolve().parent.parent
PROXY_SETTINGS = ROOT / "deploy" / "nginx" / "rasa-proxy.conf"
START_TIMEOUT = 30


def find_nginx() -> str | None:
    return shutil.which("nginx") or next((path for path in ("/usr/sbin/nginx",) if Path(path).exists()), None)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _worker_user() -> str:
    """As root the workers run as nobody (root is only needed for ports below 1024)."""
    if os.geteuid() != 0:
        return ""
    group = "nogroup"
    try:
        grp.getgrnam(group)
    except KeyError:
        group = "nobody"
    return f"user nobody {group};"


def config(root: Path, listen_port: int, backend_ports: Sequence[int]) -> str:
    temp = root / "temp"
    servers = "\n".join(f"        server 127.0.0.1:{port};" for port in backend_ports)
    return f"""
{_worker_user()}
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {temp}/client;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    upstream rasa {{
        ip_hash;
{servers}
    }}
    server {{
        listen 127.0.0.1:{listen_port};
        location / {{
            include {PROXY_SETTINGS};
        }}
    }}
}}
"""


@contextmanager
def nginx_proxy(backend_ports: Sequence[int]) -> Iterator[str]:
    """Yields the proxy's base URL."""
    binary = find_nginx()
    if binary is None:
        raise FileNotFoundError("nginx not found (apt-get install nginx)")
    root = Path(tempfile.mkdtemp(prefix="nginxtest-"))
    root.chmod(0o755)
    (root / "temp").mkdir()
    port = _free_port()
    conf = root / "nginx.conf"
    conf.write_text(config(root, port, backend_ports), encoding="utf-8")
    log = (root / "stderr.log").open("w")
    process = subprocess.Popen([binary, "-p", str(root), "-e", str(root / "error.log"), "-c", str(conf),
                                "-g", "daemon off;"], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("nginx did not start: " + (root / "stderr.log").read_text(errors="replace")
                                       + (root / "error.log").read_text(errors="replace")) from None
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        stop_process(process)
        log.close()
        shutil.rmtree(root, ignore_errors=True)
