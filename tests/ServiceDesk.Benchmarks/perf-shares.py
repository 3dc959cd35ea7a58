#!/usr/bin/env python3
"""Where a Lex turn's time goes, from a Linux perf profile of `alloc-lex`: the share of the turn's samples under each
named frame (inclusive, JIT tiers merged). Samples are real CPU cycles (perf's clock), not EventPipe's thread-time
samples, which land at GC safe points and rank allocation-heavy code too high.

    DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 perf record -F 4000 -g -o perf.data \\
        tests/ServiceDesk.Benchmarks/bin/Release/net10.0/ServiceDesk.Benchmarks alloc-lex 300000
    perf script -i perf.data -F comm,tid,ip,sym > perf.txt
    python3 tests/ServiceDesk.Benchmarks/perf-shares.py perf.txt 'TolerantJson::Read|GlobalCommands::Heard|...' [root=FRAME] [-self]

W^X off lets perf resolve JIT frames through /tmp/perf-PID.map (with it on, they show as memfd:doublemapper).
"""
import collections
import re
import sys

TIER = re.compile(r"\[(OptimizedTier1OSR|OptimizedTier1|Optimized|QuickJitted|InstrumentedTier\w*)\]")


def samples(path):
    stack = []
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if not line.strip():
            if stack:
                yield stack
                stack = []
        elif line.startswith("\t"):
            parts = line.strip().split(" ", 1)
            stack.append(TIER.sub("", parts[1]) if len(parts) > 1 else "?")
    if stack:
        yield stack


def main(args):
    path, keys = args[0], [k for k in args[1].split("|") if k] if len(args) > 1 else []
    root = next((a[5:] for a in args if a.startswith("root=")), "LambdaFunction`2+<InvokeAsync>")
    total, inclusive, leaf = 0, collections.Counter(), collections.Counter()
    for stack in samples(path):
        if not any(root in frame for frame in stack):
            continue
        total += 1
        for key in {k for k in keys if any(k in frame for frame in stack)}:
            inclusive[key] += 1
        leaf[stack[0][:140]] += 1
    print(f"samples under {root}: {total}")
    for key in keys:
        print(f"{100 * inclusive[key] / max(total, 1):6.1f}%  {key}")
    if "-self" in args:
        print("--- where the samples land")
        for frame, count in leaf.most_common(40):
            print(f"{100 * count / total:6.1f}%  {frame}")


if __name__ == "__main__":
    main(sys.argv[1:])
