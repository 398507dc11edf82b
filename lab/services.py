"""The lab's server processes: knot, unbound, nginx, tayga, reflectors, mail, raw and canaries.

Each runs in a namespace of the :class:`~lab.topology.Topology` it is given, from configuration
files written into the lab's work directory, with its output logged there. :meth:`Services.start`
returns once every server answers, so a test never races a server still starting.
"""

from __future__ import annotations

import functools
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import dns.message
import dns.query

from lab import netns
from lab.netns import LabError
from lab.servers import knot_config, nginx_config, unbound_config
from lab.topology import Topology, family
from lab.zones import root_hints, zone_text

if TYPE_CHECKING:
    import trustme

REPOSITORY = Path(__file__).resolve().parent.parent
CANARY_PORTS = (25, 80, 443)


def bracketed(address: str) -> str:
    return f"[{address}]" if family(address) == 6 else address


class Services:
    """The processes serving one lab, started and stopped together."""

    def __init__(self, topology: Topology, ca_path: Path, root_hints_path: Path) -> None:
        self.topology = topology
        self.scenario = topology.scenario
        self.workdir = topology.workdir
        self.ca_path = ca_path
        self.root_hints_path = root_hints_path
        self._processes: list[tuple[str, subprocess.Popen[bytes]]] = []

    def start(self) -> None:
        """Every server of the scenario, then wait until each one answers."""
        self._start_vantage_side()
        self._start_name_servers()
        self._start_resolvers()
        for index, reflector in enumerate(self.scenario.reflectors):
            listen = [f"{bracketed(a)}:{reflector.port}" for a in reflector.addresses]
            argv = [sys.executable, "-m", "v6audit", "reflector"]
            self._start(f"reflector-{index}", argv + [x for a in listen for x in ("--listen", a)])
        if self.scenario.websites:
            self._start_nginx()
        for index, raw in enumerate(self.scenario.raw_servers):
            listen = [f"{bracketed(a)}:{port}" for a in raw.addresses for port in raw.ports]
            tls: list[str] = []
            if raw.tls_names:
                certificate = self.workdir / f"lab-raw-{index}.pem"
                issued = self._ca.issue_cert(*raw.tls_names)
                issued.private_key_and_cert_chain_pem.write_to_path(str(certificate))
                tls = ["--tls", str(certificate)]
            argv = [sys.executable, "-m", "lab.rawserver", *tls, raw.behaviour, *listen]
            self._start(f"raw{index}-{raw.behaviour}", argv)
        for index, mail in enumerate(self.scenario.mail_servers):
            argv = [sys.executable, "-m", "lab.mailserver", mail.hostname, *mail.addresses]
            self._start(f"smtp{index}-{mail.hostname}", argv)
        self._wait_until_ready()

    def stop(self) -> None:
        for _name, process in reversed(self._processes):
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _name, process in self._processes:
            try:
                process.wait(timeout=3)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._processes.clear()

    def canary_log(self, vantage: str) -> str:
        """What the vantage's canary servers recorded (empty: nothing contacted them)."""
        return "".join(
            path.read_text() for path in sorted(self.workdir.glob(f"canary-{vantage}-*.log"))
        )

    def _start(self, name: str, argv: list[str], namespace: str | None = None) -> None:
        environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}  # for the lab's own servers
        with (self.workdir / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                netns.exec_argv(namespace or self.topology.server_ns, argv),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
            )
        self._processes.append((name, process))

    def _start_vantage_side(self) -> None:
        """Canary servers on each vantage's loopback; tayga and PREF64 announcements on its
        NAT64 routers (their tunnels are already up)."""
        for vantage in self.scenario.vantages:
            client = self.topology.namespace(vantage.name)
            for position, address in enumerate(vantage.canaries):
                for port in CANARY_PORTS:
                    listen = f"{bracketed(address)}:{port}"
                    argv = [sys.executable, "-m", "lab.rawserver", "record", listen]
                    self._start(f"canary-{vantage.name}-{position}-{port}", argv, client)
            for translator in self.topology.translators:
                if translator.vantage != vantage.name:
                    continue
                config, namespace = str(translator.config), translator.namespace
                self._start(f"tayga-{vantage.name}", ["tayga", "-n", "-c", config], namespace)
                if translator.router.pref64:
                    assert translator.router.nat64 is not None
                    argv = [sys.executable, "-m", "lab.ra", "down0", translator.router.nat64]
                    self._start(f"ra-{vantage.name}", argv, namespace)

    def _start_name_servers(self) -> None:
        scenario = self.scenario
        self.root_hints_path.write_text(root_hints(scenario))
        for index, ns in enumerate(scenario.nameservers):
            if not ns.addresses:
                continue  # a server that is published but never answers
            directory = self.workdir / f"knot{index}"
            directory.mkdir()
            zone_files = {}
            for origin in ns.zones:
                zone = next(z for z in scenario.zones if z.origin == origin)
                path = directory / f"{origin.strip('.') or 'root'}.zone"
                path.write_text(zone_text(zone, scenario, ns.serial))
                zone_files[origin] = path
            config = directory / "knot.conf"
            config.write_text(knot_config(ns, directory, zone_files))
            self._start(f"knot{index}-{ns.host}", ["knotd", "-c", str(config)])

    def _start_resolvers(self) -> None:
        """The lab's recursive resolver, and the DNS64 ones."""
        if self.scenario.resolvers:
            directory = self.workdir / "unbound"
            directory.mkdir()
            config = directory / "unbound.conf"
            config.write_text(
                unbound_config(self.scenario.resolvers, self.root_hints_path, directory)
            )
            self._start("unbound", ["unbound", "-d", "-c", str(config)])
        for index, dns64 in enumerate(self.scenario.dns64):
            directory = self.workdir / f"unbound-dns64-{index}"
            directory.mkdir()
            config = directory / "unbound.conf"
            config.write_text(
                unbound_config(dns64.addresses, self.root_hints_path, directory, dns64.prefix)
            )
            self._start(f"unbound-dns64-{index}", ["unbound", "-d", "-c", str(config)])

    @functools.cached_property
    def _ca(self) -> trustme.CA:
        """The lab CA, which every server's certificate comes from (written to ``ca_path``)."""
        import trustme

        ca = trustme.CA(organization_name="v6audit lab CA")
        ca.cert_pem.write_to_path(str(self.ca_path))
        return ca

    def _start_nginx(self) -> None:
        ca = self._ca
        shared = [site for site in self.scenario.websites if not site.certificate_names]
        names = list(dict.fromkeys(name for site in shared for name in site.names))
        certificate = self.workdir / "lab-web.pem"
        ca.issue_cert(*names).private_key_and_cert_chain_pem.write_to_path(str(certificate))
        sites = []
        for index, site in enumerate(self.scenario.websites):
            root = self.workdir / "www" / str(index)
            root.mkdir(parents=True)
            (root / "index.html").write_bytes(site.body.encode(site.charset or "utf-8"))
            own = certificate
            if site.certificate_names:
                own = self.workdir / f"lab-web-{index}.pem"
                issued = ca.issue_cert(*site.certificate_names)
                issued.private_key_and_cert_chain_pem.write_to_path(str(own))
            sites.append((site, root, own))
        (self.workdir / "nginx-temp").mkdir()
        config = self.workdir / "nginx.conf"
        config.write_text(nginx_config(sites, self.workdir))
        self._start(
            "nginx", ["nginx", "-c", str(config), "-e", str(self.workdir / "nginx-error.log")]
        )

    def _wait_until_ready(self, limit: float = 15.0) -> None:
        checks: list[tuple[str, Callable[[], bool]]] = []
        for ns in self.scenario.nameservers:
            if ns.addresses:
                zone = (*ns.zones, *ns.lame)[0]  # any reply will do, REFUSED included
                checks.append((f"knot {ns.host}", _dns_answers(ns.addresses[0], zone)))
        for address in self.scenario.resolvers:
            checks.append((f"unbound {address}", _dns_answers(address, ".")))
        for dns64 in self.scenario.dns64:
            checks.append(
                (f"unbound dns64 {dns64.addresses[0]}", _dns_answers(dns64.addresses[0], "."))
            )
        for reflector in self.scenario.reflectors:
            checks.append(
                (
                    f"reflector {reflector.addresses[0]}",
                    _tcp_answers(reflector.addresses[0], reflector.port),
                )
            )
        for site in self.scenario.websites:
            if site.addresses:
                checks.append((f"nginx {site.addresses[0]}", _tcp_answers(site.addresses[0], 80)))
        for raw in self.scenario.raw_servers:
            label = f"{raw.behaviour} server {raw.addresses[0]}"
            checks.append((label, _tcp_answers(raw.addresses[0], raw.ports[0])))
        for mail in self.scenario.mail_servers:
            checks.append((f"smtp {mail.addresses[0]}", _tcp_answers(mail.addresses[0], 25)))
        deadline = time.monotonic() + limit
        for label, ready in checks:
            while not netns.run_in(self.topology.server_ns, ready):
                self._fail_if_exited()
                if time.monotonic() > deadline:
                    raise LabError(
                        f"{label} did not come up within {limit:g}s (logs: {self.workdir})"
                    )
                time.sleep(0.05)

    def _fail_if_exited(self) -> None:
        for name, process in self._processes:
            if process.poll() is not None:
                log = (self.workdir / f"{name}.log").read_text(errors="replace")[-2000:]
                raise LabError(f"{name} exited with {process.returncode}:\n{log}")


def _dns_answers(address: str, zone: str) -> Callable[[], bool]:
    def probe() -> bool:
        query = dns.message.make_query(zone if zone.endswith(".") else zone + ".", "SOA")
        try:
            dns.query.udp(query, address, timeout=0.3)
        except Exception:
            return False
        return True

    return probe


def _tcp_answers(address: str, port: int) -> Callable[[], bool]:
    def probe() -> bool:
        try:
            with socket.create_connection((address, port), timeout=0.3):
                return True
        except OSError:
            return False

    return probe
