"""The report's own words, in one catalogue, in both languages.

Check titles, explanations and remedies live with their checks (the registry); everything the
report frame says is here, so a translator edits one file.
"""

from __future__ import annotations

from v6audit.auditor.model import Text

CATALOGUE: dict[str, Text] = {
    "title": Text("IPv6 readiness report", "IPv6 就绪度评估报告"),
    "generated": Text("Generated", "生成时间"),
    "profile": Text("Profile", "评分方案"),
    "run": Text("Run", "运行编号"),
    "run_end": Text("Run status", "运行状态"),
    "end.complete": Text("complete", "已完成"),
    "end.deadline": Text("cut short by the deadline", "因时限提前结束"),
    "end.interrupted": Text("interrupted", "被中断"),
    "end.failed": Text("stopped on an error", "因错误中止"),
    "summary": Text("Summary", "概览"),
    "targets": Text("Targets", "评估对象"),
    "overall": Text("Overall score", "总体得分"),
    "mean_of": Text("mean over measured targets", "已测对象平均分"),
    "goals": Text("Goals of the 2023 opinion", "2023 年意见提出的目标"),
    "not_measured": Text("not measured", "未测量"),
    "benchmarks": Text("Benchmark targets", "标杆对象"),
    "worst": Text("Most frequent problems", "最常见的问题"),
    "no_problems": Text("No failures or warnings.", "没有失败或警告。"),
    "affected": Text("targets affected", "个对象受影响"),
    "sectors": Text("Key sectors", "重点行业"),
    "sector": Text("Sector", "行业"),
    "sector_goal": Text(
        "benchmark targets (goal: {goal} per sector)", "标杆对象（目标：每个行业 {goal} 个）"
    ),
    "declared": Text("Declared by the operator (not measured)", "运营方申报（未经测量）"),
    "declared_yes": Text("deployed (declared)", "已部署（申报）"),
    "declared_no": Text("not deployed (declared)", "未部署（申报）"),
    "declared_none": Text("not declared", "未申报"),
    "no_inventory": Text(
        "No inventory file was given (--inventory).", "未提供申报文件（--inventory）。"
    ),
    "details": Text("Targets in detail", "逐项详情"),
    "search": Text("Filter by name, check or text…", "按名称、检查项或内容筛选…"),
    "all_statuses": Text("all results", "全部结果"),
    "with_fail": Text("with failures", "有失败项"),
    "with_warn": Text("with warnings", "有警告项"),
    "with_error": Text("not fully measured", "有未测项"),
    "all_sectors": Text("all sectors", "全部行业"),
    "shown": Text("shown", "显示"),
    "show_more": Text("Show more", "显示更多"),
    "old_browser": Text(
        "This browser cannot unpack the report's targets; open the file in a current browser.",
        "此浏览器无法解开报告中的逐项数据，请用较新的浏览器打开本文件。",
    ),
    "needs_script": Text(
        "The targets are listed by the report's built-in script; allow it to see them.",
        "逐项详情由报告内置脚本显示，请允许其运行。",
    ),
    "check": Text("Check", "检查项"),
    "result": Text("Result", "结果"),
    "evidence": Text("Evidence", "证据"),
    "remedy": Text("Remedy", "整改建议"),
    "score": Text("Score", "得分"),
    "grade": Text("Grade", "等级"),
    "how_scored": Text("How this score was computed", "得分计算方式"),
    "weight": Text("weight", "权重"),
    "earned": Text("earned", "得分"),
    "input_errors": Text("Rejected input lines", "被拒绝的输入行"),
    "status.pass": Text("pass", "通过"),
    "status.warn": Text("warn", "警告"),
    "status.fail": Text("fail", "失败"),
    "status.info": Text("info", "信息"),
    "status.not_applicable": Text("n/a", "不适用"),
    "status.error": Text("not measured", "未测"),
    "sector.gov": Text("Government", "政务"),
    "sector.finance": Text("Finance", "金融"),
    "sector.energy": Text("Energy", "能源"),
    "sector.transport": Text("Transport", "交通"),
    "sector.education": Text("Education", "教育"),
    "sector.manufacturing": Text("Manufacturing", "制造"),
    "untagged": Text("no sector", "未分行业"),
    "trend.title": Text("IPv6 readiness over time", "IPv6 就绪度趋势"),
    "trend.selection": Text("Targets", "评估对象"),
    "trend.all": Text("all targets of each run", "每次运行的全部对象"),
    "trend.runs": Text("Complete runs", "已完成的运行"),
    "trend.none": Text(
        "No complete run of this profile matches the selection.", "没有符合所选条件的已完成运行。"
    ),
    "trend.scores": Text("Overall score and benchmark share", "总体得分与标杆占比"),
    "trend.benchmark_share": Text("share of targets at benchmark", "达到标杆的对象占比"),
    "trend.goals": Text("Score per goal", "各目标得分"),
    "trend.started": Text("Started", "开始时间"),
}


class Translator:
    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: object) -> str:
        return CATALOGUE[key].get(self.lang).format(**values)

    def text(self, text: Text) -> str:
        return text.get(self.lang)
