"""The lab's network: namespaces, veth links, addresses, routes and nftables rules.

One server namespace owns every server address (on its loopback); each vantage is a client
namespace joined to it by one veth pair, directly or through a chain of router namespaces
(NAT44, CGN, NAT64), with routes to the lab and nowhere else. The host's namespace is never
touched, so no packet can leave the lab. Nothing here runs a server: :mod:`lab.services` does,
on the network this module builds.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass
from pathlib import Path

from lab import netns
from lab.netns import LabError
from lab.servers import TAYGA_DEVICE, TAYGA_POOL, tayga_config
from lab.spec import Router, Scenario, Vantage

PREFIX = "v6lab"
"""Every lab namespace's name starts with it, then the owning process's id."""
LINK6 = "3ffe:501:ff{index:02x}::{host}"
LINK4 = "11.255.{index}.{host}"
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


def family(address: str) -> int:
    """IP version of an address or a prefix."""
    return ipaddress.ip_network(address, strict=False).version


@dataclass(frozen=True)
class Translator:
    """A NAT64 router's tayga: its tunnel is up and routed; :mod:`lab.services` runs it."""

    vantage: str
    router: Router
    namespace: str
    config: Path


class Topology:
    """The namespaces of one lab and everything in them but processes."""

    def __init__(self, scenario: Scenario, tag: str, workdir: Path) -> None:
        self.scenario = scenario
        self.tag = tag
        self.workdir = workdir
        self.server_ns = f"{tag}-srv"
        self.translators: list[Translator] = []
        self._namespaces: list[str] = []

    def namespace(self, vantage: str) -> str:
        return f"{self.tag}-{vantage}"

    def router_namespace(self, vantage: str, router: str) -> str:
        return f"{self.tag}-{vantage}-{router}"

    def build(self) -> None:
        self._add_namespace(self.server_ns)
        for address in self.scenario.server_addresses():
            prefix = 128 if family(address) == 6 else 32
            netns.ip(self.server_ns, "addr", "add", f"{address}/{prefix}", "dev", "lo")
        for aliased in self.scenario.aliased:
            version = "-6" if family(aliased) == 6 else "-4"
            netns.ip(self.server_ns, version, "route", "add", "local", aliased, "dev", "lo")
        for index, vantage in enumerate(self.scenario.vantages):
            self._add_vantage(index, vantage)
        dropped = self.scenario.dropped_addresses()
        if dropped or self.scenario.filtered:
            self._drop(dropped)

    def tear_down(self) -> None:
        for namespace in reversed(self._namespaces):
            netns.delete(namespace)
        self._namespaces.clear()

    def verify_sealed(self) -> None:
        """Every lab namespace has exactly the links the lab made: nothing routes off the machine.

        Vantages have loopback and their lab link; routers their two lab links (and tayga's
        tunnel); the server one link per vantage. Each veth's peer is in a lab namespace.
        """
        expected: dict[str, list[str] | None] = {self.server_ns: None}
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

    def local_packets(self, vantage: str) -> int:
        """Packets the vantage has sent to non-global destinations since the lab started."""
        listing = netns.sh(
            netns.exec_argv(
                self.namespace(vantage), ["nft", "list", "counter", "inet", "local", "sent"]
            )
        )
        return int(listing.split("packets", 1)[1].split()[0])

    def _add_namespace(self, name: str) -> None:
        netns.create(name)
        self._namespaces.append(name)

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
        for address in vantage.canaries:
            prefix = 128 if family(address) == 6 else 32
            if address not in ("127.0.0.1", "::1"):
                netns.ip(client, "addr", "add", f"{address}/{prefix}", "dev", "lo")
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
        """NAT44 (nftables masquerade) and NAT64 (tayga's tunnel, its pool masqueraded)."""
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
            self.translators.append(Translator(vantage.name, router, namespace, config))
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

    def _drop(self, addresses: list[str]) -> None:
        v6 = ", ".join(a for a in addresses if family(a) == 6)
        v4 = ", ".join(a for a in addresses if family(a) == 4)
        rules = ["table inet lab {", "  chain input {", "    type filter hook input priority 0;"]
        if v6:
            rules.append(f"    ip6 daddr {{ {v6} }} drop")
        if v4:
            rules.append(f"    ip daddr {{ {v4} }} drop")
        for pair in self.scenario.filtered:
            address, port = pair.split()
            version = "ip6" if family(address) == 6 else "ip"
            rules.append(f"    {version} daddr {address} tcp dport {port} drop")
        rules += ["  }", "}"]
        ruleset = self.workdir / "drop.nft"
        ruleset.write_text("\n".join(rules) + "\n")
        netns.sh(netns.exec_argv(self.server_ns, ["nft", "-f", str(ruleset)]))


def innermost_carries(vantage: Vantage, version: int) -> bool:
    """Whether the vantage's own link has an address of IP ``version``."""
    if not vantage.routers:
        return vantage.ipv6 if version == 6 else vantage.ipv4
    first = vantage.routers[0]
    return (first.inside6 if version == 6 else first.inside4) is not None


def remove_stale_labs() -> None:
    """Delete namespaces left by lab processes that died without tearing down."""
    for name in netns.existing():
        if not name.startswith(PREFIX):
            continue
        owner = name[len(PREFIX) :].split("n", 1)[0]
        if owner.isdigit() and not _alive(int(owner)):
            netns.delete(name)


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True
