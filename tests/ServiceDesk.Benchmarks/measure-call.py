# Time from `servicedesk call --script` start to the first prompt, and the mean handler time per turn of a scripted call.
# Run from the repo root after: dotnet build -c Release src/ServiceDesk.Cli
#   python3 tests/ServiceDesk.Benchmarks/measure-call.py
import json, os, statistics, subprocess, tempfile, time
exe = "src/ServiceDesk.Cli/bin/Release/net10.0/servicedesk"
firsts, handler_means = [], []
for i in range(9):
    d = tempfile.mkdtemp()
    t = os.path.join(d, "t.json")
    start = time.perf_counter()
    p = subprocess.Popen([exe, "call", "--script", "tests/conversations/report-issue.call", "--data", d, "--transcript", t],
                         stdout=subprocess.PIPE, text=True)
    for line in p.stdout:
        if line.lstrip().startswith("desk:"):  # the first line the caller hears
            firsts.append(time.perf_counter() - start)
            break
    p.stdout.read(); p.wait()
    if p.returncode != 0:
        raise SystemExit("the scripted call failed")
    handler_means.append(statistics.mean(c["ms"] for c in json.load(open(t))["handlerCalls"]))
print("call --script start to first prompt: median %.0f ms (min %.0f, max %.0f)" % (1000 * statistics.median(firsts), 1000 * min(firsts), 1000 * max(firsts)))
print("mean handler time per call in report-issue.call: median %.1f ms" % statistics.median(handler_means))
