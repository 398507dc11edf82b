"""Build, check and tear down the sealed lab for a scenario.

Topology: one server namespace owns every server address (on its loopback) and runs the real
servers; each vantage is a client namespace joined to it by one veth pair, with routes to the
lab and nowhere else. The host's namespace is never touched, so no packet can leave the lab.
"""

from __future__ import annotations

import contextlib
import ipaddress
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

import dns.message
import dns.query

from lab import netns
from lab.netns import LabError
from lab.servers import knot_config, nginx_config, unbound_config
from lab.spec import Scenario, Vantage
from lab.zones import root_hints, zone_text

T = TypeVar("T")
PREFIX = "v6lab"
LINK6 = "3ffe:501:ff{index:02x}::{host}"
LINK4 = "11.255.{index}.{host}"
_INSTANCES = itertools.count()
REPOSITORY = Path(__file__).resolve().parent.parent


def _family(address: str) -> int:
    return ipaddress.ip_address(address).version


def _bracketed(address: str) -> str:
    return f"[{address}]" if _family(address) == 6 else address


class Lab:
    def __init__(self, scenario: Scenario, workdir: Path | None = None) -> None:
        self.scenario = scenario
        self.tag = f"{PREFIX}{os.getpid()}n{next(_INSTANCES)}"
        self.server_ns = f"{self.tag}-srv"
        self.workdir = workdir or Path(tempfile.mkdtemp(prefix="v6lab-"))
        self.ca_path = self.workdir / "lab-ca.pem"
        self.root_hints_path = self.workdir / "root.hints"
        self._processes: list[tuple[str, subprocess.Popen[bytes]]] = []
        self._namespaces: list[str] = []

    # -- public -------------------------------------------------------------------------------
    def namespace(self, vantage: str = "cli") -> str:
        return f"{self.tag}-{vantage}"

    def up(self) -> Lab:
        if os.geteuid() != 0:
            raise LabError("the lab needs root (network namespaces); run the tests as root")
        for tool in ("ip", "knotd", "unbound", "nginx", "nft"):
            if shutil.which(tool) is None:
                raise LabError(f"{tool} is not installed; run scripts/setup first")
        remove_stale_labs()
        try:
            self._build_network()
            self._start_servers()
            self._verify_sealed()
        except BaseException:
            self.down()
            raise
        return self

    def down(self) -> None:
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
        for namespace in reversed(self._namespaces):
            netns.delete(namespace)
        self._namespaces.clear()
        if not os.environ.get("V6LAB_KEEP"):
            shutil.rmtree(self.workdir, ignore_errors=True)

    def __enter__(self) -> Lab:
        return self.up()

    def __exit__(self, *_exc: object) -> None:
        self.down()

    def auditor(
        self, args: Sequence[str], vantage: str = "cli", timeout: float = 120
    ) -> subprocess.CompletedProcess[str]:
        """Run ``v6audit ARGS`` inside a vantage namespace, as a user would."""
        argv = netns.exec_argv(self.namespace(vantage), [sys.executable, "-m", "auditor", *args])
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)

    def run_in(self, function: Callable[[], T], vantage: str = "cli") -> T:
        """Run ``function`` in-process inside a vantage namespace (probe-level lab tests)."""
        return netns.run_in(self.namespace(vantage), function)

    def resolver_args(self, vantage: str = "cli") -> list[str]:
        """Options for the lab's resolver (over IPv6 where the vantage can), hints and CA."""
        family = 6 if self.scenario.vantage(vantage).ipv6 else 4
        return [
            "--resolver",
            self.scenario.resolver(family),
            "--root-hints",
            str(self.root_hints_path),
            "--ca-bundle",
            str(self.ca_path),
        ]

    # -- network ------------------------------------------------------------------------------
    def _add_namespace(self, name: str) -> None:
        netns.create(name)
        self._namespaces.append(name)

    def _build_network(self) -> None:
        self._add_namespace(self.server_ns)
        for address in self.scenario.server_addresses():
            prefix = 128 if _family(address) == 6 else 32
            netns.ip(self.server_ns, "addr", "add", f"{address}/{prefix}", "dev", "lo")
        for index, vantage in enumerate(self.scenario.vantages):
            self._add_vantage(index, vantage)
        dropped = self.scenario.dropped_addresses()
        if dropped:
            self._drop(dropped)

    def _add_vantage(self, index: int, vantage: Vantage) -> None:
        client = self.namespace(vantage.name)
        self._add_namespace(client)
        server_side, client_side = f"to-{vantage.name}"[:15], "lab0"
        netns.ip(
            self.server_ns,
            "link",
            "add",
            server_side,
            "type",
            "veth",
            "peer",
            "name",
            client_side,
            "netns",
            client,
        )
        netns.ip(self.server_ns, "link", "set", server_side, "up")
        netns.ip(client, "link", "set", client_side, "up")
        if vantage.ipv6:
            server6, client6 = LINK6.format(index=index, host=1), LINK6.format(index=index, host=2)
            netns.ip(self.server_ns, "addr", "add", f"{server6}/64", "dev", server_side, "nodad")
            netns.ip(client, "addr", "add", f"{client6}/64", "dev", client_side, "nodad")
            netns.ip(client, "-6", "route", "add", "default", "via", server6)
        if vantage.ipv4:
            server4, client4 = LINK4.format(index=index, host=1), LINK4.format(index=index, host=2)
            netns.ip(self.server_ns, "addr", "add", f"{server4}/24", "dev", server_side)
            netns.ip(client, "addr", "add", f"{client4}/24", "dev", client_side)
            netns.ip(client, "-4", "route", "add", "default", "via", server4)

    def _drop(self, addresses: list[str]) -> None:
        v6 = ", ".join(a for a in addresses if _family(a) == 6)
        v4 = ", ".join(a for a in addresses if _family(a) == 4)
        rules = ["table inet lab {", "  chain input {", "    type filter hook input priority 0;"]
        if v6:
            rules.append(f"    ip6 daddr {{ {v6} }} drop")
        if v4:
            rules.append(f"    ip daddr {{ {v4} }} drop")
        rules += ["  }", "}"]
        ruleset = self.workdir / "drop.nft"
        ruleset.write_text("\n".join(rules) + "\n")
        netns.sh(netns.exec_argv(self.server_ns, ["nft", "-f", str(ruleset)]))

    def _verify_sealed(self) -> None:
        """Each vantage has loopback and its lab link only: nothing routes off the machine."""
        for vantage in self.scenario.vantages:
            links = netns.ip(self.namespace(vantage.name), "-o", "link", "show").splitlines()
            names = sorted(line.split(":")[1].strip().split("@")[0] for line in links)
            if names != ["lab0", "lo"]:
                raise LabError(f"vantage {vantage.name} is not sealed: links {names}")
        links = netns.ip(self.server_ns, "-o", "link", "show").splitlines()
        if len(links) != 1 + len(self.scenario.vantages):
            raise LabError(f"server namespace has unexpected links: {links}")

    # -- servers ------------------------------------------------------------------------------
    def _start(self, name: str, argv: list[str]) -> None:
        environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}  # for the lab's own servers
        with (self.workdir / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                netns.exec_argv(self.server_ns, argv),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
            )
        self._processes.append((name, process))

    def _start_servers(self) -> None:
        scenario = self.scenario
        self.root_hints_path.write_text(root_hints(scenario))
        for index, ns in enumerate(scenario.nameservers):
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
        if scenario.resolvers:
            directory = self.workdir / "unbound"
            directory.mkdir()
            config = directory / "unbound.conf"
            config.write_text(unbound_config(scenario.resolvers, self.root_hints_path, directory))
            self._start("unbound", ["unbound", "-d", "-c", str(config)])
        if scenario.websites:
            self._start_nginx()
        for index, raw in enumerate(scenario.raw_servers):
            listen = [f"{_bracketed(a)}:{port}" for a in raw.addresses for port in raw.ports]
            argv = [sys.executable, "-m", "lab.rawserver", raw.behaviour, *listen]
            self._start(f"raw{index}-{raw.behaviour}", argv)
        for index, mail in enumerate(scenario.mail_servers):
            argv = [sys.executable, "-m", "lab.mailserver", mail.hostname, *mail.addresses]
            self._start(f"smtp{index}-{mail.hostname}", argv)
        self._wait_until_ready()

    def _start_nginx(self) -> None:
        import trustme

        ca = trustme.CA(organization_name="v6audit lab CA")
        shared = [site for site in self.scenario.websites if not site.certificate_names]
        names = list(dict.fromkeys(name for site in shared for name in site.names))
        certificate = self.workdir / "lab-web.pem"
        ca.issue_cert(*names).private_key_and_cert_chain_pem.write_to_path(str(certificate))
        ca.cert_pem.write_to_path(str(self.ca_path))
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
                checks.append((f"knot {ns.host}", _dns_answers(ns.addresses[0], ns.zones[0])))
        for address in self.scenario.resolvers:
            checks.append((f"unbound {address}", _dns_answers(address, ".")))
        for site in self.scenario.websites:
            checks.append((f"nginx {site.addresses[0]}", _tcp_answers(site.addresses[0], 80)))
        for raw in self.scenario.raw_servers:
            label = f"{raw.behaviour} server {raw.addresses[0]}"
            checks.append((label, _tcp_answers(raw.addresses[0], raw.ports[0])))
        for mail in self.scenario.mail_servers:
            checks.append((f"smtp {mail.addresses[0]}", _tcp_answers(mail.addresses[0], 25)))
        deadline = time.monotonic() + limit
        for label, ready in checks:
            while not netns.run_in(self.server_ns, ready):
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
    import socket

    def probe() -> bool:
        try:
            with socket.create_connection((address, port), timeout=0.3):
                return True
        except OSError:
            return False

    return probe


def remove_stale_labs() -> None:
    """Delete namespaces left by lab processes that died without tearing down."""
    for name in netns.existing():
        if not name.startswith(PREFIX):
            continue
        owner = name[len(PREFIX) :].split("n", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            netns.delete(name)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def running(scenario: Scenario) -> Iterator[Lab]:
    lab = Lab(scenario)
    with lab:
        yield lab
