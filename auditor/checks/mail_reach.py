"""``mail.mx.reach6``: every MX IPv6 address greets with SMTP 220."""

from __future__ import annotations

from auditor.model import Reason, Status, TargetKind, Text
from auditor.registry import JudgeContext, Observations, Verdict, check
from probes.mail_smtp import Greeting, MxSmtpProbe


def _ready(greeting: Greeting) -> bool:
    return greeting.banner is not None and greeting.banner.startswith("220")


def _outcome(greeting: Greeting) -> str:
    if greeting.banner is not None:
        return greeting.banner
    if greeting.reason is Reason.POLICY:  # the message names the address's block
        return f"no usable IPv6 address ({greeting.message})"
    return str(greeting.reason)


@check(
    "mail.mx.reach6",
    kind=TargetKind.DOMAIN,
    title=Text("Mail servers answer over IPv6", "邮件服务器可通过 IPv6 访问"),
    explanation=Text(
        "Each IPv6 address of each MX host is sent a TCP connection on port 25, which must be greeted with an SMTP 220 banner within the timeout; an IPv6-only sender cannot deliver otherwise.",
        "对每个 MX 主机的每个 IPv6 地址发起 25 端口 TCP 连接，须在超时内收到 SMTP 220 问候；否则仅有 IPv6 的发件方无法投递。",
    ),
    remedy=Text(
        "Make the mail server listen on port 25 on every IPv6 address its MX hosts publish, open the port in the IPv6 firewall, and publish AAAA for at least one MX.",
        "让邮件服务器在 MX 主机发布的每个 IPv6 地址上监听 25 端口，在 IPv6 防火墙放行，并至少为一个 MX 发布 AAAA 记录。",
    ),
    probes=[MxSmtpProbe],
)
def judge_mx_reach6(observations: Observations, context: JudgeContext) -> Verdict:
    found = observations.get(MxSmtpProbe)
    details: dict[str, object] = {
        "null_mx": found.null_mx,
        "mx": [
            {
                "host": mx.host,
                "preference": mx.preference,
                "aaaa": mx.aaaa,
                "lookup_error": mx.lookup_error,
                "greetings": [
                    {"address": g.address, "outcome": _outcome(g), "milliseconds": g.milliseconds}
                    for g in mx.greetings
                ],
            }
            for mx in found.hosts
        ],
    }
    if found.null_mx or not found.hosts:
        why = Text("null MX: the domain takes no mail", "空 MX：该域名不接收邮件")
        if not found.null_mx:
            why = Text("no MX record", "无 MX 记录")
        return Verdict(Status.NOT_APPLICABLE, why, details)
    greetings = [(mx.host, g) for mx in found.hosts for g in mx.greetings]
    if not greetings:
        return Verdict(
            Status.FAIL,
            Text("no MX host has an IPv6 address", "没有任何 MX 主机具有 IPv6 地址"),
            details,
        )
    failing = [(host, g) for host, g in greetings if not _ready(g)]
    if failing:
        listed = "; ".join(f"{g.address} ({host}): {_outcome(g)}" for host, g in failing)
        return Verdict(
            Status.FAIL,
            Text(f"no SMTP greeting over IPv6: {listed}", f"IPv6 下无 SMTP 问候：{listed}"),
            details,
        )
    return Verdict(
        Status.PASS,
        Text(
            f"all {len(greetings)} MX IPv6 address(es) greet with 220",
            f"全部 {len(greetings)} 个 MX IPv6 地址均返回 220 问候",
        ),
        details,
    )
