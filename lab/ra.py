"""``python -m lab.ra IFACE PREFIX``: send router advertisements carrying PREF64 (RFC 8781).

Debian's radvd predates PREF64, so the lab's NAT64 router announces its prefix with this small
scapy loop. The advertisements have router lifetime 0 (this is no default router) and the lab's
clients ignore RAs for configuration anyway; they exist only to be read by the NAT64 check.
"""

from __future__ import annotations

import ipaddress
import sys
import time

LENGTH_CODES = {96: 0, 64: 1, 56: 2, 48: 3, 40: 4, 32: 5}
INTERVAL = 0.5


def main() -> int:
    from scapy.layers.inet6 import ICMPv6ND_RA, ICMPv6NDOptPREF64, IPv6
    from scapy.sendrecv import send

    interface, prefix_text = sys.argv[1], sys.argv[2]
    prefix = ipaddress.IPv6Network(prefix_text)
    advertisement = (
        IPv6(dst="ff02::1", hlim=255)
        / ICMPv6ND_RA(routerlifetime=0)
        / ICMPv6NDOptPREF64(
            scaledlifetime=225,
            plc=LENGTH_CODES[prefix.prefixlen],
            prefix=str(prefix.network_address),
        )
    )
    while True:
        send(advertisement, iface=interface, verbose=False)
        time.sleep(INTERVAL)


if __name__ == "__main__":
    sys.exit(main())
