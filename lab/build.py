"""Build, check and tear down the sealed lab for a scenario.

Topology: one server namespace owns every server address (on its loopback) and runs the real
servers; each vantage is a client namespace joined to it by one veth pair, directly or through a
chain of router namespaces (NAT44, CGN, NAT64), with routes to the lab and nowhere else. The
host's namespace is never touched, so no packet can leave the lab.
"""

from __future__ import annotations

import ipaddress
import itertools
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

import dns.message
import dns.query

from lab import netns
from lab.netns import LabError
from lab.servers import (
    TAYGA_DEVICE,
    TAYGA_POOL,
    knot_config,
    nginx_config,
    tayga_config,
    unbound_config,
)
from lab.spec import Router, Scenario, Vantage
from lab.zones import root_hints, zone_text

T = TypeVar("T")
PREFIX = "v6lab"
LINK6 = "3ffe:501:ff{index:02x}::{host}"
LINK4 = "11.255.{index}.{host}"
_INSTANCES = itertools.count()
REPOSITORY = Path(__file__).resolve().parent.parent


def _family(address: str) -> int:
    """IP version of an address or a prefix."""
    return ipaddress.ip_network(address, strict=False).version


CANARY_PORTS = (25, 80, 443)
LOCAL_COUNTER = """table inet local {
  counter sent {}
  set local4 { type ipv4_addr; flags interval; elements = {
    0.0.0.0/8, 10.0.0.0/8, 100.64.0.0/10, 127.0.0.0/8, 169.254.0.0/16, 172.16.0.0/12,
    192.168.0.0/16, 224.0.0.0/4, 240.0.0.0/4 } }
  set local6 { type ipv6_addr; flags interval; elements = {
    ::/96, ::ffff:0:0/96, 64:ff9b::/96, 64:ff9b:1::/48, 2001:db8::/32, 2002::/16,
    fc00::/7, fe80::/10, ff00::/8 } }
  chain output {
    type filter hook output priority 0;
    meta l4proto { tcp, udp } ip daddr @local4 counter name sent
    meta l4proto { tcp, udp } ip6 daddr @local6 counter name sent
    icmp type echo-request ip daddr @local4 counter name sent
    icmpv6 type echo-request ip6 daddr @local6 counter name sent
  }
}
"""
"""Packets a vantage sends to loopback, unspecified, private, shared, link-local, multicast,
IPv4-mapped/compatible, NAT64, 6to4 and documentation destinations (not to neighbour discovery,
which the kernel itself does)."""


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

    def router_namespace(self, vantage: str, router: str) -> str:
        return f"{self.tag}-{vantage}-{router}"

    def up(self) -> Lab:
        if os.geteuid() != 0:
            raise LabError("the lab needs root (network namespaces); run the tests as root")
        for tool in ("ip", "knotd", "unbound", "nginx", "nft", "tayga"):
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
        spec = self.scenario.vantage(vantage)
        family = 6 if spec.ipv6 and _innermost_carries(spec, 6) else 4
        return [
            "--resolver",
            spec.resolver or self.scenario.resolver(family),
            "--root-hints",
            str(self.root_hints_path),
            "--ca-bundle",
            str(self.ca_path),
        ]

    def vantage_args(self, vantage: str) -> list[str]:
        """Options for ``v6audit vantage`` from a vantage: its resolver and reflector."""
        spec = self.scenario.vantage(vantage)
        reflector = ["--reflector", spec.reflector] if spec.reflector else []
        return [*self.resolver_args(vantage)[:2], *reflector]

    # -- network ------------------------------------------------------------------------------
    def _add_namespace(self, name: str) -> None:
        netns.create(name)
        self._namespaces.append(name)

    def _build_network(self) -> None:
        self._add_namespace(self.server_ns)
        for address in self.scenario.server_addresses():
            prefix = 128 if _family(address) == 6 else 32
            netns.ip(self.server_ns, "addr", "add", f"{address}/{prefix}", "dev", "lo")
        for prefix in self.scenario.aliased:
            family = "-6" if _family(prefix) == 6 else "-4"
            netns.ip(self.server_ns, family, "route", "add", "local", prefix, "dev", "lo")
        for index, vantage in enumerate(self.scenario.vantages):
            self._add_vantage(index, vantage)
        dropped = self.scenario.dropped_addresses()
        if dropped or self.scenario.filtered:
            self._drop(dropped)

    def _add_vantage(self, index: int, vantage: Vantage) -> None:
        """The vantage, its routers from the inside out, and the link to the servers.

        Every link is a veth pair created with both ends in lab namespaces. Each hop gets a
        default route outward; prefixes inside a router are routed to it from further out unless
        a NAT44 on the way hides them (IPv4), as on a real access network.
        """
        client = self.namespace(vantage.name)
        self._add_namespace(client)
        inner, inner_if = client, "lab0"
        for router in vantage.routers:
            namespace = self.router_namespace(vantage.name, router.name)
            self._add_namespace(namespace)
            netns.sysctl(namespace, "net.ipv4.ip_forward", "1")
            netns.sysctl(namespace, "net.ipv6.conf.all.forwarding", "1")
            _veth(namespace, "down0", inner, inner_if)
            if router.mtu:
                netns.ip(namespace, "link", "set", "down0", "mtu", str(router.mtu))
                netns.ip(inner, "link", "set", inner_if, "mtu", str(router.mtu))
            if router.filter_ptb:
                self._filter_ptb(vantage, router)
            if router.inside6:
                own, peer = _hosts(router.inside6)
                netns.ip(namespace, "addr", "add", own, "dev", "down0", "nodad")
                netns.ip(inner, "addr", "add", peer, "dev", inner_if, "nodad")
                netns.ip(inner, "-6", "route", "add", "default", "via", own.split("/")[0])
            if router.inside4:
                own, peer = _hosts(router.inside4)
                netns.ip(namespace, "addr", "add", own, "dev", "down0")
                netns.ip(inner, "addr", "add", peer, "dev", inner_if)
                netns.ip(inner, "-4", "route", "add", "default", "via", own.split("/")[0])
            inner, inner_if = namespace, "up0"
        server_side = f"to-{vantage.name}"[:15]
        _veth(self.server_ns, server_side, inner, inner_if)
        if vantage.ipv6:
            server6, client6 = LINK6.format(index=index, host=1), LINK6.format(index=index, host=2)
            netns.ip(self.server_ns, "addr", "add", f"{server6}/64", "dev", server_side, "nodad")
            netns.ip(inner, "addr", "add", f"{client6}/64", "dev", inner_if, "nodad")
            netns.ip(inner, "-6", "route", "add", "default", "via", server6)
        if vantage.ipv4:
            server4, client4 = LINK4.format(index=index, host=1), LINK4.format(index=index, host=2)
            netns.ip(self.server_ns, "addr", "add", f"{server4}/24", "dev", server_side)
            netns.ip(inner, "addr", "add", f"{client4}/24", "dev", inner_if)
            netns.ip(inner, "-4", "route", "add", "default", "via", server4)
        for position, address in enumerate(vantage.canaries):
            prefix = 128 if _family(address) == 6 else 32
            if address not in ("127.0.0.1", "::1"):
                netns.ip(client, "addr", "add", f"{address}/{prefix}", "dev", "lo")
            for port in CANARY_PORTS:
                argv = [
                    sys.executable, "-m", "lab.rawserver", "record", f"{_bracketed(address)}:{port}"
                ]  # fmt: skip
                self._start(f"canary-{vantage.name}-{position}-{port}", argv, client)
        if vantage.canaries:
            self._count_local_packets(vantage.name, client)
        self._route_inside_prefixes(vantage, index)
        for router in vantage.routers:
            self._add_translation(vantage, router)

    def _route_inside_prefixes(self, vantage: Vantage, index: int) -> None:
        """Route each router's inside subnets from every hop further out that can see them."""
        chain = list(vantage.routers)
        outward = [self.router_namespace(vantage.name, r.name) for r in chain[1:]]
        outward.append(self.server_ns)
        uplinks = [
            (
                _hosts(r.inside6)[1] if r.inside6 else None,
                _hosts(r.inside4)[1] if r.inside4 else None,
            )
            for r in chain[1:]
        ]
        uplinks.append(
            (LINK6.format(index=index, host=2) + "/64", LINK4.format(index=index, host=2) + "/24")
        )
        for position, router in enumerate(chain):
            hidden4 = False
            for hop in range(position, len(chain)):
                hidden4 = hidden4 or chain[hop].nat44
                via6, via4 = uplinks[hop]
                if router.inside6 and via6:
                    netns.ip(
                        outward[hop],
                        "-6",
                        "route",
                        "add",
                        router.inside6,
                        "via",
                        via6.split("/")[0],
                    )
                if router.inside4 and via4 and not hidden4:
                    netns.ip(
                        outward[hop],
                        "-4",
                        "route",
                        "add",
                        router.inside4,
                        "via",
                        via4.split("/")[0],
                    )

    def _add_translation(self, vantage: Vantage, router: Router) -> None:
        """NAT44 (nftables masquerade) and NAT64 (tayga, its pool masqueraded) on a router."""
        namespace = self.router_namespace(vantage.name, router.name)
        if router.nat64:
            directory = self.workdir / f"tayga-{vantage.name}-{router.name}"
            directory.mkdir()
            config = directory / "tayga.conf"
            assert router.inside6 is not None, "a NAT64 router needs an IPv6 inside"
            tayga_address = str(ipaddress.ip_network(router.inside6)[0x64])
            config.write_text(tayga_config(router.nat64, tayga_address, directory))
            netns.sh(netns.exec_argv(namespace, ["tayga", "--mktun", "-c", str(config)]))
            netns.ip(namespace, "link", "set", TAYGA_DEVICE, "up")
            netns.ip(namespace, "route", "add", TAYGA_POOL, "dev", TAYGA_DEVICE)
            netns.ip(namespace, "-6", "route", "add", router.nat64, "dev", TAYGA_DEVICE)
            self._start(f"tayga-{vantage.name}", ["tayga", "-n", "-c", str(config)], namespace)
            if router.pref64:
                argv = [sys.executable, "-m", "lab.ra", "down0", router.nat64]
                self._start(f"ra-{vantage.name}", argv, namespace)
        if router.nat44 or router.nat64:
            ruleset = self.workdir / f"nat-{vantage.name}-{router.name}.nft"
            ruleset.write_text(
                "table ip nat {\n  chain postrouting {\n"
                "    type nat hook postrouting priority srcnat;\n"
                '    oifname "up0" masquerade\n  }\n}\n'
            )
            netns.sh(netns.exec_argv(namespace, ["nft", "-f", str(ruleset)]))

    def _filter_ptb(self, vantage: Vantage, router: Router) -> None:
        namespace = self.router_namespace(vantage.name, router.name)
        ruleset = self.workdir / f"ptb-{vantage.name}-{router.name}.nft"
        chains = [
            f"  chain {hook} {{\n    type filter hook {hook} priority 0;\n"
            "    icmpv6 type packet-too-big drop\n  }\n"
            for hook in ("output", "forward")
        ]
        ruleset.write_text("table inet ptb {\n" + "".join(chains) + "}\n")
        netns.sh(netns.exec_argv(namespace, ["nft", "-f", str(ruleset)]))

    def _count_local_packets(self, vantage: str, namespace: str) -> None:
        """Count what the vantage sends to non-global destinations (canaries are a few ports;
        this counter sees every TCP, UDP and echo packet, whatever its port)."""
        ruleset = self.workdir / f"local-{vantage}.nft"
        ruleset.write_text(LOCAL_COUNTER)
        netns.sh(netns.exec_argv(namespace, ["nft", "-f", str(ruleset)]))

    def local_packets(self, vantage: str) -> int:
        """Packets the vantage has sent to non-global destinations since the lab started."""
        listing = netns.sh(
            netns.exec_argv(
                self.namespace(vantage), ["nft", "list", "counter", "inet", "local", "sent"]
            )
        )
        return int(listing.split("packets", 1)[1].split()[0])

    def canary_log(self, vantage: str) -> str:
        """What the vantage's canary servers recorded (empty: nothing contacted them)."""
        return "".join(
            path.read_text() for path in sorted(self.workdir.glob(f"canary-{vantage}-*.log"))
        )

    def _drop(self, addresses: list[str]) -> None:
        v6 = ", ".join(a for a in addresses if _family(a) == 6)
        v4 = ", ".join(a for a in addresses if _family(a) == 4)
        rules = ["table inet lab {", "  chain input {", "    type filter hook input priority 0;"]
        if v6:
            rules.append(f"    ip6 daddr {{ {v6} }} drop")
        if v4:
            rules.append(f"    ip daddr {{ {v4} }} drop")
        for pair in self.scenario.filtered:
            address, port = pair.split()
            family = "ip6" if _family(address) == 6 else "ip"
            rules.append(f"    {family} daddr {address} tcp dport {port} drop")
        rules += ["  }", "}"]
        ruleset = self.workdir / "drop.nft"
        ruleset.write_text("\n".join(rules) + "\n")
        netns.sh(netns.exec_argv(self.server_ns, ["nft", "-f", str(ruleset)]))

    def _verify_sealed(self) -> None:
        """Every lab namespace has exactly the links the lab made: nothing routes off the machine.

        Vantages have loopback and their lab link; routers their two lab links (and tayga's
        tunnel); the server one link per vantage. Each veth's peer is in a lab namespace.
        """
        expected = {self.server_ns: None}
        for vantage in self.scenario.vantages:
            expected[self.namespace(vantage.name)] = ["lab0", "lo"]
            for router in vantage.routers:
                names = ["down0", "lo", "up0"] + ([TAYGA_DEVICE] if router.nat64 else [])
                expected[self.router_namespace(vantage.name, router.name)] = sorted(names)
        for namespace, wanted in expected.items():
            links = netns.ip(namespace, "-o", "link", "show").splitlines()
            names = sorted(line.split(":")[1].strip().split("@")[0] for line in links)
            if wanted is not None and names != wanted:
                raise LabError(f"namespace {namespace} is not sealed: links {names}")
            if wanted is None and len(names) != 1 + len(self.scenario.vantages):
                raise LabError(f"server namespace has unexpected links: {names}")
            for line in links:
                words = line.split()
                if "link/ether" not in words:
                    continue
                peer = words[words.index("link-netns") + 1] if "link-netns" in words else None
                if peer not in expected:
                    raise LabError(f"{namespace}: a link whose peer is outside the lab ({peer})")

    # -- servers ------------------------------------------------------------------------------
    def _start(self, name: str, argv: list[str], namespace: str | None = None) -> None:
        environment = {**os.environ, "PYTHONPATH": str(REPOSITORY)}  # for the lab's own servers
        with (self.workdir / f"{name}.log").open("wb") as log:
            process = subprocess.Popen(
                netns.exec_argv(namespace or self.server_ns, argv),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=environment,
            )
        self._processes.append((name, process))

    def _start_servers(self) -> None:
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
        if scenario.resolvers:
            directory = self.workdir / "unbound"
            directory.mkdir()
            config = directory / "unbound.conf"
            config.write_text(unbound_config(scenario.resolvers, self.root_hints_path, directory))
            self._start("unbound", ["unbound", "-d", "-c", str(config)])
        for index, dns64 in enumerate(scenario.dns64):
            directory = self.workdir / f"unbound-dns64-{index}"
            directory.mkdir()
            config = directory / "unbound.conf"
            config.write_text(
                unbound_config(dns64.addresses, self.root_hints_path, directory, dns64.prefix)
            )
            self._start(f"unbound-dns64-{index}", ["unbound", "-d", "-c", str(config)])
        for index, reflector in enumerate(scenario.reflectors):
            listen = [
                f"[{a}]:{reflector.port}" if ":" in a else f"{a}:{reflector.port}"
                for a in reflector.addresses
            ]
            argv = [sys.executable, "-m", "auditor", "reflector"]
            self._start(f"reflector-{index}", argv + [x for a in listen for x in ("--listen", a)])
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


def _veth(namespace: str, name: str, peer_namespace: str, peer: str) -> None:
    """A veth pair created with its ends directly in two lab namespaces, both up."""
    netns.ip(
        namespace,
        "link",
        "add",
        name,
        "type",
        "veth",
        "peer",
        "name",
        peer,
        "netns",
        peer_namespace,
    )
    netns.ip(namespace, "link", "set", name, "up")
    netns.ip(peer_namespace, "link", "set", peer, "up")


def _hosts(subnet: str) -> tuple[str, str]:
    """The first two addresses of a link subnet, with its length: (router, next hop inward)."""
    network = ipaddress.ip_network(subnet)
    return f"{network[1]}/{network.prefixlen}", f"{network[2]}/{network.prefixlen}"


def _innermost_carries(vantage: Vantage, family: int) -> bool:
    """Whether the vantage's own link has an address of ``family``."""
    if not vantage.routers:
        return vantage.ipv6 if family == 6 else vantage.ipv4
    first = vantage.routers[0]
    return (first.inside6 if family == 6 else first.inside4) is not None


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
