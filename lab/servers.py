"""Configuration files for the lab's real servers: knot (authoritative), unbound, nginx."""

from __future__ import annotations

import ipaddress
from pathlib import Path

from lab.spec import NameServer, WebSite
from lab.zones import fqdn


def listen_spec(address: str, port: int) -> str:
    return f"{address}@{port}"


def knot_config(ns: NameServer, directory: Path, zone_files: dict[str, Path]) -> str:
    listens = ", ".join(f'"{listen_spec(a, 53)}"' for a in ns.addresses)
    zones = "\n".join(
        f'  - domain: "{fqdn(origin)}"\n    file: "{path}"' for origin, path in zone_files.items()
    )
    return f"""server:
    rundir: "{directory}"
    listen: [ {listens} ]
    udp-workers: 1
    tcp-workers: 1
    background-workers: 1
log:
  - target: stderr
    any: warning
database:
    storage: "{directory}"
template:
  - id: default
    storage: "{directory}"
    journal-content: none
zone:
{zones}
"""


def unbound_config(
    addresses: tuple[str, ...], root_hints: Path, directory: Path, dns64: str | None = None
) -> str:
    """A recursive resolver; with ``dns64`` (a prefix) it synthesizes AAAA (RFC 6147)."""
    interfaces = "\n".join(f"    interface: {a}" for a in addresses)
    modules = "dns64 iterator" if dns64 else "iterator"
    synthesis = f"\n    dns64-prefix: {dns64}" if dns64 else ""
    return f"""server:
{interfaces}
    port: 53
    interface-automatic: no
    do-ip4: yes
    do-ip6: yes
    access-control: 0.0.0.0/0 allow
    access-control: ::/0 allow
    root-hints: "{root_hints}"
    module-config: "{modules}"{synthesis}
    username: ""
    chroot: ""
    directory: "{directory}"
    pidfile: "{directory}/unbound.pid"
    do-daemonize: no
    use-syslog: no
    logfile: ""
    verbosity: 1
    num-threads: 1
    so-reuseport: no
    do-not-query-localhost: no
    harden-referral-path: no
    infra-keep-probing: yes
    cache-max-ttl: 30
    cache-max-negative-ttl: 5
remote-control:
    control-enable: no
"""


def _listen_lines(address: str, port: int, extra: str = "") -> str:
    host = f"[{address}]" if ipaddress.ip_address(address).version == 6 else address
    return f"        listen {host}:{port}{extra};"


def _answer_lines(site: WebSite) -> str:
    """What the site answers: its page, a redirect, or a bare status (nginx's own page)."""
    if site.redirect is not None:
        status = site.status if 300 <= site.status < 400 else 302
        return f"        location / {{ return {status} {site.redirect}; }}"
    if site.status != 200:
        return f"        location / {{ return {site.status}; }}"
    return "        index index.html;" + (
        f"\n        charset {site.charset};" if site.charset else ""
    )


def _header_lines(site: WebSite) -> str:
    """The site's extra headers, on every answer (``always``: errors and redirects too)."""
    return "".join(f'        add_header {name} "{value}" always;\n' for name, value in site.headers)


def nginx_config(sites: list[tuple[WebSite, Path, Path]], directory: Path) -> str:
    """One server block per site: (site, document root, certificate and key file)."""
    servers = []
    for site, root, certificate in sites:
        listens = "\n".join(
            _listen_lines(a, 80) + "\n" + _listen_lines(a, 443, " ssl") for a in site.addresses
        ) or "\n".join(
            f"        listen {host}{port} default_server{tls};"
            for host in ("", "[::]:")
            for port, tls in ((80, ""), (443, " ssl"))
        )
        servers.append(
            f"""    server {{
{listens}
        server_name {" ".join(site.names)};
        ssl_certificate {certificate};
        ssl_certificate_key {certificate};
        root {root};
{_header_lines(site)}{_answer_lines(site)}
    }}"""
        )
    temp = directory / "nginx-temp"
    return f"""daemon off;
master_process on;
worker_processes 1;
user root;
pid {directory}/nginx.pid;
error_log {directory}/nginx-error.log warn;
events {{ worker_connections 512; }}
http {{
    log_format lab '$remote_addr $server_addr $scheme $host "$request" $status';
    access_log {directory}/nginx-access.log lab;
    client_body_temp_path {temp}/body;
    proxy_temp_path {temp}/proxy;
    fastcgi_temp_path {temp}/fastcgi;
    uwsgi_temp_path {temp}/uwsgi;
    scgi_temp_path {temp}/scgi;
    types {{ text/html html; }}
    default_type text/html;
{chr(10).join(servers)}
}}
"""


def tayga_config(prefix: str, ipv6_address: str, directory: Path) -> str:
    """tayga translating ``prefix`` to a private IPv4 pool the router then masquerades."""
    return f"""tun-device {TAYGA_DEVICE}
ipv4-addr {TAYGA_IPV4}
ipv6-addr {ipv6_address}
prefix {prefix}
dynamic-pool {TAYGA_POOL}
data-dir {directory}
"""


TAYGA_DEVICE = "nat64"
TAYGA_IPV4 = "192.168.255.1"
TAYGA_POOL = "192.168.255.0/24"
