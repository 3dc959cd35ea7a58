# Time from `servicedesk call` start to the first prompt, and the mean handler time per turn of a scripted call.
# Run from the repo root after: dotnet build -c Release src/ServiceDesk.Cli
#   python3 tests/ServiceDesk.Benchmarks/measure-call.py
import json, os, statistics, subprocess, tempfile, time
exe = "src/ServiceDesk.Cli/bin/Release/net10.0/servicedesk"
firsts, handler_means = [], []
for i in range(9):
    d = tempfile.mkdtemp()
    start = time.perf_counter()
    p = subprocess.Popen([exe, "call", "--data", d], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    p.stdout.readline()  # the first line the caller hears
    firsts.append(time.perf_counter() - start)
    p.stdin.write("I need a person\n"); p.stdin.close(); p.wait()
    t = os.path.join(d, "t.json")
    subprocess.run([exe, "call", "--script", "tests/conversations/report-issue.call", "--data", d, "--transcript", t], stdout=subprocess.DEVNULL, check=True)
    handler_means.append(statistics.mean(c["ms"] for c in json.load(open(t))["handlerCalls"]))
print("first prompt after: median %.0f ms (min %.0f, max %.0f)" % (1000 * statistics.median(firsts), 1000 * min(firsts), 1000 * max(firsts)))
print("mean handler time per call in report-issue.call: median %.1f ms" % statistics.median(handler_means))
