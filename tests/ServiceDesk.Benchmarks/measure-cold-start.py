# Cold start of the Lambda executable: process launch -> first response posted to a loopback fake of the Lambda Runtime
# API, with peak memory (VmHWM) and CPU time (all threads) at that moment, for
#   jit    framework-dependent build (the managed runtime's JIT),
#   r2r    self-contained ReadyToRun (the artifact before Native AOT),
#   aot    the Native AOT artifact, published by the Makefile exactly as `sam build` does,
#   floor  the smallest runtime loop there is: Native AOT, fetch the event, make the same HTTPS calls, post "{}",
# interleaved (each round in a rotated order, after one discarded warm-up round), on two real first events:
#   identify  ContactFlow identifyCaller for Ada's number: one DynamoDB Query (dynalite)
#   status    LexFulfillment CheckTicketStatus with a ticket number: the API key from Secrets Manager at cold start, then
#             the ticket API's GET (servicedesk serve-tickets)
# Every AWS call goes over TLS (a loopback TLS proxy with a throwaway certificate), as it would in Lambda.
# Run from the repo root (needs the .NET SDK, a C toolchain for Native AOT, Node.js, openssl and python3 with botocore):
#   python3 tests/ServiceDesk.Benchmarks/measure-cold-start.py [runs, default 15]
import http.server, json, os, re, select, socket, ssl, statistics, subprocess, sys, tempfile, threading, time, urllib.request

RUNS = int(sys.argv[1]) if len(sys.argv) > 1 else 15
OUT = os.path.abspath("artifacts/cold-start")
BUILDS = ["jit", "r2r", "aot", "floor"]
API_KEY = "cold-start-key"
DEVNULL = subprocess.DEVNULL

FLOOR = """
// The floor: what any .NET function on provided.al2023 pays, with nothing of ours in it.
var api = Environment.GetEnvironmentVariable("AWS_LAMBDA_RUNTIME_API");
var urls = (Environment.GetEnvironmentVariable("FLOOR_URLS") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries);
using var http = new HttpClient();
while (true)
{
    using var next = await http.GetAsync($"http://{api}/2018-06-01/runtime/invocation/next");
    var id = next.Headers.GetValues("Lambda-Runtime-Aws-Request-Id").First();
    await next.Content.ReadAsByteArrayAsync();
    foreach (var url in urls)
    {
        using var call = await http.GetAsync(url);
        await call.Content.ReadAsByteArrayAsync();
    }
    using var posted = await http.PostAsync($"http://{api}/2018-06-01/runtime/invocation/{id}/response", new StringContent("{}"));
}
"""


def run(cmd, **kw):
    subprocess.run(cmd, check=True, stdout=DEVNULL, **kw)


def publish():
    # JIT and R2R builds keep their obj/ apart from the IDE's; the AOT one is the Makefile's (its own build folder).
    common = ["dotnet", "publish", "src/ServiceDesk.Lambda/ServiceDesk.Lambda.csproj", "-c", "Release", "--nologo", "--artifacts-path", f"{OUT}/build"]
    run(common + ["-o", f"{OUT}/jit"])
    # The ticket API the status turn calls is the servicedesk command's serve-tickets: not measured, only served.
    run(["dotnet", "publish", "src/ServiceDesk.Cli/ServiceDesk.Cli.csproj", "-c", "Release", "--nologo", "--artifacts-path", f"{OUT}/build", "-o", f"{OUT}/cli"])
    run(common + ["-r", "linux-x64", "--self-contained", "-p:PublishReadyToRun=true", "-o", f"{OUT}/r2r"])
    run(["make", "publish", f"PUBLISH_DIR={OUT}/aot"])
    src = tempfile.mkdtemp()  # outside the repo: none of its Directory.Build.props or analyzers
    open(f"{src}/floor.csproj", "w").write("""<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType>
        <TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><PublishAot>true</PublishAot>
        <InvariantGlobalization>true</InvariantGlobalization></PropertyGroup></Project>""")
    open(f"{src}/Program.cs", "w").write(FLOOR)
    run(["dotnet", "publish", src, "-c", "Release", "-r", "linux-x64", "--nologo", "-o", f"{OUT}/floor"])
    return {"jit": f"{OUT}/jit/bootstrap", "r2r": f"{OUT}/r2r/bootstrap", "aot": f"{OUT}/aot/bootstrap", "floor": f"{OUT}/floor/floor",
            "cli": f"{OUT}/cli/servicedesk"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port, proc):
    for _ in range(300):
        if proc.poll() is not None:
            sys.exit(f"{proc.args[0]} exited ({proc.returncode})")
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"nothing listens on {port}")


class TlsProxy:
    """TLS on a loopback port in front of a plain-HTTP fake, so each client pays the handshake a real AWS call costs."""

    def __init__(self, upstream_port, context):
        self.upstream, self.context = upstream_port, context
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.url = f"https://127.0.0.1:{self.sock.getsockname()[1]}/"
        threading.Thread(target=self.accept, daemon=True).start()

    def accept(self):
        while True:
            conn, _ = self.sock.accept()
            threading.Thread(target=self.pump, args=(conn,), daemon=True).start()

    def pump(self, conn):
        try:
            tls = self.context.wrap_socket(conn, server_side=True)
            plain = socket.create_connection(("127.0.0.1", self.upstream))
            while True:
                readable, _, _ = select.select([tls, plain], [], [], 60)
                if not readable:
                    return
                for s in readable:
                    other = plain if s is tls else tls
                    try:
                        data = s.recv(65536)
                    except ssl.SSLWantReadError:
                        continue
                    if not data:
                        return
                    other.sendall(data)
                    while s is tls and tls.pending():
                        plain.sendall(tls.recv(65536))
        except (OSError, ssl.SSLError):
            pass
        finally:
            conn.close()


class SecretsManager(http.server.BaseHTTPRequestHandler):
    """GetSecretValue for any secret: the ticket API key in the JSON shape the template generates."""
    def log_message(self, *a): pass

    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"SecretString": json.dumps({"apiKey": API_KEY})}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST


def serve(handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def start_dynalite():
    cli = "tests/node_modules/dynalite/cli.js"
    if not os.path.exists(cli):
        run(["npm", "ci", "--prefix", "tests", "--no-audit", "--no-fund"])
    port = free_port()
    proc = subprocess.Popen(["node", cli, "--port", str(port)], stdout=DEVNULL, stderr=DEVNULL)
    wait_for_port(port, proc)
    return proc, port


def seed_callers(port):
    """The callers table as template.yaml declares it, with Ada as DynamoCallerDirectory.UpsertAsync writes her."""
    import botocore.session, yaml
    yaml.SafeLoader.add_multi_constructor("!", lambda loader, suffix, node: None)  # CloudFormation tags: not needed here
    props = yaml.safe_load(open("template.yaml"))["Resources"]["CallersTable"]["Properties"]
    dynamo = botocore.session.get_session().create_client("dynamodb", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
                                                          aws_access_key_id="x", aws_secret_access_key="x")
    dynamo.create_table(TableName="callers", BillingMode="PAY_PER_REQUEST", AttributeDefinitions=props["AttributeDefinitions"], KeySchema=props["KeySchema"],
                        GlobalSecondaryIndexes=props["GlobalSecondaryIndexes"])
    while dynamo.describe_table(TableName="callers")["Table"]["TableStatus"] != "ACTIVE":
        time.sleep(0.05)
    dynamo.put_item(TableName="callers", Item={
        "phone": {"S": "+14155550100"}, "caller_id": {"S": "emp-1001"}, "display_name": {"S": "Ada Lovelace"}, "vip": {"BOOL": True},
        "language": {"S": "en-US"}, "phones": {"L": [{"S": "+14155550100"}]}, "employee_id": {"S": "E1001"}, "employee_id_upper": {"S": "E1001"}})


def start_ticket_api(exe, data):
    proc = subprocess.Popen([exe, "serve-tickets", "--port", "0", "--data", data], stdout=subprocess.PIPE, text=True,
                            env=dict(os.environ, SERVICEDESK_API_KEY=API_KEY))
    line = proc.stdout.readline()
    match = re.search(r"listening on (http://\S+)", line) or sys.exit(f"serve-tickets: {line}")
    request = urllib.request.Request(match.group(1) + "tickets", method="POST", headers={"x-api-key": API_KEY, "Content-Type": "application/json"},
                                     data=json.dumps({"caller_id": "emp-1001", "issue_description": "The printer on floor 3 jams"}).encode())
    ticket = json.load(urllib.request.urlopen(request))
    return proc, int(match.group(1).rsplit(":", 1)[1].strip("/")), ticket["id"]


class Runtime(http.server.BaseHTTPRequestHandler):
    """The Lambda Runtime API for one invocation: hands out the event, records the response, then blocks like an idle API."""
    event, served, result, done = b"", False, None, None
    def log_message(self, *a): pass

    def do_GET(self):
        if Runtime.served:
            time.sleep(30)
            return
        Runtime.served = True
        self.send_response(200)
        self.send_header("Lambda-Runtime-Aws-Request-Id", "req-1")
        self.send_header("Lambda-Runtime-Deadline-Ms", str(int(time.time() * 1000) + 8000))
        self.send_header("Content-Length", str(len(Runtime.event)))
        self.end_headers()
        self.wfile.write(Runtime.event)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.send_response(202)
        self.end_headers()
        Runtime.result = (self.path, body)
        Runtime.done.set()


def cpu_ms(pid):
    """CPU time of every thread so far (schedstat: nanoseconds on a CPU)."""
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            total += int(open(f"/proc/{pid}/task/{task}/schedstat").read().split()[0])
        except OSError:
            pass
    return total / 1e6


def measure(exe, env, event, check):
    Runtime.event, Runtime.served, Runtime.result, Runtime.done = event, False, None, threading.Event()
    server = serve(Runtime)
    env = dict(env, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}")
    start = time.perf_counter()
    proc = subprocess.Popen([exe], env=env, stdout=DEVNULL, stderr=DEVNULL)
    ok = Runtime.done.wait(30)
    elapsed = (time.perf_counter() - start) * 1000
    peak = int(re.search(r"VmHWM:\s+(\d+) kB", open(f"/proc/{proc.pid}/status").read()).group(1)) / 1024 if ok else 0
    cpu = cpu_ms(proc.pid) if ok else 0
    proc.kill(); proc.wait(); server.shutdown(); server.server_close()
    if not ok or not Runtime.result[0].endswith("/response") or not check(Runtime.result[1]):
        sys.exit(f"{exe}: not the expected response: {Runtime.result}")
    return elapsed, peak, cpu


def main():
    exes = publish()
    work = tempfile.mkdtemp()
    run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
         "-keyout", f"{work}/key.pem", "-out", f"{work}/cert.pem"], stderr=DEVNULL)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(f"{work}/cert.pem", f"{work}/key.pem")

    dynalite, dynamo_port = start_dynalite()
    tickets, tickets_port, ticket = start_ticket_api(exes["cli"], f"{work}/data")
    try:
        seed_callers(dynamo_port)
        dynamo, secrets, api = TlsProxy(dynamo_port, tls), TlsProxy(serve(SecretsManager).server_address[1], tls), TlsProxy(tickets_port, tls)
        base = dict(os.environ, AWS_REGION="us-east-1", AWS_ACCESS_KEY_ID="AKIDEXAMPLE", AWS_SECRET_ACCESS_KEY="example", AWS_EC2_METADATA_DISABLED="true",
                    SSL_CERT_FILE=f"{work}/cert.pem", AWS_ENDPOINT_URL_DYNAMODB=dynamo.url, AWS_ENDPOINT_URL_SECRETS_MANAGER=secrets.url)
        # The recorded turn, asking (in slot and in words) for the ticket serve-tickets holds instead of INC0012345.
        words = " ".join("zero one two three four five six seven eight nine".split()[int(d)] for d in ticket[3:])
        status_event = (open("tests/events/lex/check-status-dialog-speech.json").read()
                        .replace("INC0012345", ticket).replace("zero zero one two three four five", words).encode())
        scenarios = {
            "identify": (dict(base, _HANDLER="ContactFlow", CALLERS_TABLE="callers", CONNECT_INSTANCE_ID="instance", SERVICE_DESK_QUEUE_ID="queue"),
                         open("tests/events/connect/identify-known-caller.json", "rb").read(),
                         lambda body: json.loads(body)["callerId"] == "emp-1001", [dynamo.url]),
            "status": (dict(base, _HANDLER="LexFulfillment", CALLERS_TABLE="callers", TICKETS_API_URL=api.url,
                            TICKETS_API_KEY_SECRET_ARN="arn:aws:secretsmanager:us-east-1:123456789012:secret:key"),
                       status_event, lambda body: b"printer" in body, [secrets.url, f"{api.url}tickets/{ticket}"]),
        }
        results = {(b, s): [] for b in BUILDS for s in scenarios}
        for round_ in range(RUNS + 1):  # round 0 warms the page cache and is not counted
            for i in range(len(BUILDS)):
                build = BUILDS[(round_ + i) % len(BUILDS)]
                for name, (env, event, check, floor_urls) in scenarios.items():
                    if build == "floor":
                        env, check = dict(env, FLOOR_URLS=",".join(floor_urls)), (lambda body: body == b"{}")
                    sample = measure(exes[build], env, event, check)
                    if round_ > 0:
                        results[(build, name)].append(sample)
    finally:
        tickets.kill(); dynalite.kill()

    def cell(build, name):
        ms = statistics.median(s[0] for s in results[(build, name)])
        jit = statistics.median(s[0] for s in results[("jit", name)])
        return f"{ms:.0f} ms ({ms / jit:.2f})"

    def over_both(build, index):
        return [s[index] for name in scenarios for s in results[(build, name)]]

    size = lambda build: os.path.getsize(exes[build]) / 1e6
    print(f"{RUNS} interleaved runs per build and event: median time to the first response (ratio to JIT); at that moment, over both events,")
    print("the peak memory (VmHWM, range) and the CPU time of all threads (median)")
    print("| build | ContactFlow identifyCaller (DynamoDB Query) | LexFulfillment CheckTicketStatus (secret + ticket API) | peak memory | CPU time |")
    print("|---|---|---|---|---|")
    labels = {"jit": "framework-dependent JIT", "r2r": "self-contained ReadyToRun", "aot": f"Native AOT (the artifact, {size('aot'):.0f} MB)",
              "floor": "floor: trivial Native AOT loop, same HTTPS calls"}
    for build in BUILDS:
        memory, cpu = over_both(build, 1), over_both(build, 2)
        print(f"| {labels[build]} | {cell(build, 'identify')} | {cell(build, 'status')} | {min(memory):.0f}-{max(memory):.0f} MB | {statistics.median(cpu):.0f} ms |")
    for name in scenarios:
        aot, floor = (statistics.median(s[0] for s in results[(b, name)]) for b in ("aot", "floor"))
        print(f"{name}: AOT / floor = {aot / floor:.2f}")


main()
