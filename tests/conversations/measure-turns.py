#!/usr/bin/env python3
"""Caller turns to open a ticket, over every conversation script that creates one.

Runs each script with `servicedesk call --script ... --transcript` and counts the caller's turns up to the one the desk
answers with "Your ticket number is". "Clearly stated" means the caller's first line already describes the problem (the
desk's first reply does not ask what it is). Usage: python3 tests/conversations/measure-turns.py [--configuration Release]
"""
import glob, json, os, re, statistics, subprocess, sys, tempfile

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
config = sys.argv[sys.argv.index("--configuration") + 1] if "--configuration" in sys.argv else "Debug"
subprocess.run(["dotnet", "build", "-c", config, os.path.join(root, "src", "ServiceDesk.Cli")], check=True, capture_output=True)
cli = os.path.join(root, "src", "ServiceDesk.Cli", "bin", config, "net10.0", "servicedesk.dll")

all_turns, clear_turns = [], []
for script in sorted(glob.glob(os.path.join(root, "tests", "conversations", "*.call"))):
    text = open(script).read()
    created = re.search(r"^tickets:\s*(\d+)\s+created", text, re.M)
    if not created or int(created.group(1)) == 0:
        continue
    with tempfile.TemporaryDirectory() as scratch:
        out = os.path.join(scratch, "call.json")
        subprocess.run(["dotnet", cli, "call", "--script", script, "--transcript", out], cwd=root, capture_output=True)
        turns = json.load(open(out))["turns"]
    callers, first_reply = 0, None
    for turn in turns:
        if turn["speaker"] == "caller":
            callers += 1
        elif callers == 1 and first_reply is None:
            first_reply = turn["text"]
        if turn["speaker"] == "desk" and "Your ticket number is" in turn["text"]:
            all_turns.append(callers)
            if first_reply is not None and not re.search(r"what's the problem|employee i d|closed right now", first_reply, re.I):
                clear_turns.append(callers)
            break

print(f"scripts that open a ticket: {len(all_turns)}, median caller turns {statistics.median(all_turns)}")
print(f"problem clearly stated in the first line: {len(clear_turns)}, median caller turns {statistics.median(clear_turns)}")
