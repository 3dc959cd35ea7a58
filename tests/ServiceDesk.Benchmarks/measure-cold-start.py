# Cold start of the one executable as a Lambda custom runtime: process start -> first response posted to a loopback
# fake of the Lambda Runtime API, for a framework-dependent JIT build and a self-contained ReadyToRun build, side by side.
# Run from the repo root:  python3 tests/ServiceDesk.Benchmarks/measure-cold-start.py [runs]
# Function: ContactFlow on an unknown action (its cold start builds every client, but the turn needs no AWS network).
import http.server, json, os, statistics, subprocess, sys, threading, time

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 9
OUT = "artifacts/cold-start"
EVENT = json.dumps({"Name": "ContactFlowEvent", "Details": {"ContactData": {"ContactId": "c-1"}, "Parameters": {"action": "warmup"}}}).encode()

def publish(name, extra):
    subprocess.run(["dotnet", "publish", "src/ServiceDesk.Cli/ServiceDesk.Cli.csproj", "-c", "Release", "-o", f"{OUT}/{name}", "--nologo", "-v", "quiet"] + extra, check=True)
    return f"{OUT}/{name}/servicedesk"

class Runtime(http.server.BaseHTTPRequestHandler):
    done = None
    def log_message(self, *a): pass
    def do_GET(self):
        if Runtime.served:  # a real Runtime API blocks on "next"; here the measurement is over once answered
            time.sleep(30); return
        Runtime.served = True
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", "req-1")
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 8000))
        self.send_header("Content-Length", str(len(EVENT)))
        self.end_headers(); self.wfile.write(EVENT)
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(202); self.end_headers()
        Runtime.result = (self.path, body); Runtime.done.set()

def measure(exe):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Runtime)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    Runtime.done, Runtime.served, Runtime.result = threading.Event(), False, None
    env = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}", _HANDLER="ContactFlow", AWS_REGION="us-east-1",
               CALLERS_TABLE="callers", CONNECT_INSTANCE_ID="instance", SERVICE_DESK_QUEUE_ID="queue",
               AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="example")
    start = time.perf_counter()
    proc = subprocess.Popen([exe], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ok = Runtime.done.wait(30)
    elapsed = time.perf_counter() - start
    proc.kill(); proc.wait(); server.shutdown()
    if not ok or not Runtime.result[0].endswith("/response"):
        sys.exit(f"{exe}: no response ({Runtime.result})")
    return elapsed * 1000

builds = {"jit": publish("jit", []), "r2r": publish("r2r", ["-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true"])}
results = {name: [] for name in builds}
for _ in range(RUNS):  # interleaved, so both see the same machine
    for name, exe in builds.items():
        results[name].append(measure(exe))
for name, samples in results.items():
    print(f"{name}: median {statistics.median(samples):.0f} ms (min {min(samples):.0f}, max {max(samples):.0f}, {RUNS} runs)")
print(f"ReadyToRun / JIT: {statistics.median(results['r2r']) / statistics.median(results['jit']):.2f}")
