"""``python -m lab.mailserver HOSTNAME ADDR...``: a real SMTP server (aiosmtpd) on port 25.

Debian's MTAs want a whole mail system around them; aiosmtpd speaks the same protocol and is
enough for a lab MX: it greets with ``220 HOSTNAME ...`` and discards whatever it is sent.
"""

from __future__ import annotations

import asyncio
import sys

from aiosmtpd.handlers import Sink
from aiosmtpd.smtp import SMTP

SMTP_PORT = 25


async def serve(hostname: str, addresses: list[str]) -> None:
    loop = asyncio.get_running_loop()
    servers = [
        await loop.create_server(lambda: SMTP(Sink(), hostname=hostname), address, SMTP_PORT)
        for address in addresses
    ]
    await asyncio.gather(*(server.serve_forever() for server in servers))


if __name__ == "__main__":
    asyncio.run(serve(sys.argv[1], sys.argv[2:]))
