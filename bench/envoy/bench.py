#!/usr/bin/env python3
"""
Envoy side by side: every variant of every example behind the real Envoy, measured in one run.

Python 3 standard library only (it also runs on the device machine, which has no Node.js). Inputs:
the modules bench/build-modules.mjs built (<modules>/ts/lib<example>.so, <modules>/c/...), the
filter configs (bench/modules/configs.json) and Lua scripts (bench/modules/lua), an Envoy binary
and wrk.

Variants: `none` (no filter; one Envoy shared by every example), and for each example `ts` (the
compiled TypeScript), `c` (the hand-written C module), `lua` (Envoy's Lua filter), `wasm`
(AssemblyScript with the proxy-wasm SDK in Envoy's V8, where <modules>/wasm/<example>.wasm exists)
and, for header_mutation, `builtin` (Envoy's C++ header_mutation filter). external_authorization (an async
hook awaiting a callout) runs as `ts` and `lua` (`request_handle:httpCall`), both asking the same auth
service: a listener of the upstream Envoy (200 with `x-auth-user` for the benchmark's token, 403
otherwise); its memory run holds the streams in the callout (an auth listener that delays). The zero_copy_regex_waf variants
(`ts`, `c`, `lua`) get POST requests with a 1 MB body instead, one that passes and one that matches
(`zero_copy_regex_waf:match`). Each variant runs in an Envoy of
its own (--concurrency N), all started at once: CPU time read from /proc/<pid>/stat is then that
variant's alone, and no variant inherits another's allocator state or Lua VM. An upstream Envoy
answers every request (direct_response), and holds requests marked slow (a fault-filter delay).

1. Verify: one request per variant, checking what the filter must have done (headers the upstream
   saw, headers added to the response, the route_rules deny), so a misconfigured variant fails the run
   instead of being measured.
2. Rounds: each round runs wrk against every variant once, in a new random order (interleaved, so
   drifts of the machine fall on all variants alike). Per round and variant: requests, req/s,
   p50/p99 latency, and Envoy CPU per request = (utime + stime delta of the Envoy process) / requests;
   where perf_event_open allows (counters.py: hardware counters, user space), also the Envoy's cycles
   and instructions per request; the machine's load average and CPU busy share during the run.
   Paired differences per round, for each of these: each variant minus the hand-written C module of
   the same example (and C minus no filter).
3. Memory: for each variant, a fresh Envoy; after a few warm-up requests its RSS, then STREAMS
   concurrent requests held open (the upstream delays them) and its RSS again: (delta) / STREAMS per
   stream, and the same minus the no-filter figure.

Writes one JSON file (--out); bench/report.mjs turns it into tables and a chart.

  bench.py --modules DIR --envoy BIN --wrk BIN --out FILE [--concurrency 1] [--threads 2]
           [--connections 16] [--duration 3] [--rounds 5] [--warmup 1] [--memory-streams 1000]
           [--memory-repeats 1] [--examples a,b] [--variants ts,c] [--skip-memory] [--verify-only] [--counters off] [--seed N]

For memory alone: --rounds 0 --warmup 0 (and --variants ts,c to leave out Lua, Wasm and Envoy's
own filter; no filter is always measured).
"""
import argparse
import http.client
import json
import os
import platform
import random
import re
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.dont_write_bytecode = True  # importing counters.py leaves no __pycache__ in the repository
import counters as counting  # noqa: E402  (counters.py beside this file)

BENCH_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = ["passthrough", "header_mutation", "route_rules", "zero_copy_regex_waf", "zero_copy_regex_waf:match", "external_authorization"]
VARIANTS = {
    "passthrough": ["ts", "c", "lua", "wasm"],
    "header_mutation": ["ts", "c", "lua", "wasm", "builtin"],
    "route_rules": ["ts", "c", "lua", "wasm"],
    "zero_copy_regex_waf": ["ts", "c", "lua"],
    "zero_copy_regex_waf:match": ["ts", "c", "lua"],
    "external_authorization": ["ts", "lua"],
}
REQUEST_PATH = "/api/v3/items"
REQUEST_HEADERS = {"authorization": "Bearer abc_1.def-2", "apple": "1"}
SLOW_HEADER = "x-bench-slow"
AUTH_USER = "abc_1"  # what the auth service names the benchmark's token
HELD_SUFFIX = "/held"  # external_authorization's held requests: their auth checks are delayed
VERIFY_HEADER = "x-bench-verify"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")

# The WAF's requests: POST with a 1 MB body (under Envoy's default 1 MiB buffer limit), which
# passes ("zero_copy_regex_waf"), or ends in "curl" and gets the filter's 403 (":match"), so the
# whole body is scanned either way: (count of "a", suffix). "<module>:<case>" runs <module> on
# another request.
WAF_BODY_BYTES = 1_000_000
WAF_BODIES = {"zero_copy_regex_waf": (WAF_BODY_BYTES, ""), "zero_copy_regex_waf:match": (WAF_BODY_BYTES - 4, "curl")}


def module_of(example):
    return example.split(":")[0]


def waf_body(example):
    count, suffix = WAF_BODIES[example]
    return "a" * count + suffix


def wrk_script(example, workdir):
    """A wrk Lua script sending the example's body (None for the GET of the header examples)."""
    if example not in WAF_BODIES:
        return None
    count, suffix = WAF_BODIES[example]
    path = os.path.join(workdir, f"{example.replace(':', '-')}.lua")
    with open(path, "w") as f:
        f.write(f'wrk.method = "POST"\nwrk.headers["content-type"] = "text/plain"\nwrk.body = string.rep("a", {count}) .. {json.dumps(suffix)}\n')
    return path


def log(message):
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# Every Envoy binds port 0 and reports what it got (admin address file, /listeners): a port found
# free beforehand can be taken by another process's connection before Envoy binds it (seen in CI).
ANY_PORT = 0


# ---------------------------------------------------------------- Envoy configs (JSON, which Envoy reads as YAML)


def router_filter():
    return {"name": "envoy.filters.http.router", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"}}


def hcm(stat_prefix, routes, filters):
    return {
        "name": "envoy.filters.network.http_connection_manager",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager",
            "stat_prefix": stat_prefix,
            "route_config": {"virtual_hosts": [{"name": "all", "domains": ["*"], "routes": routes}]},
            "http_filters": filters + [router_filter()],
        },
    }


def listener(name, port, routes, filters):
    return {
        "name": name,
        "address": {"socket_address": {"address": "127.0.0.1", "port_value": port}},
        "filter_chains": [{"filters": [hcm(name, routes, filters)]}],
    }


def bootstrap(admin_port, listeners, clusters):
    return {
        "admin": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": admin_port}}},
        "static_resources": {"listeners": listeners, "clusters": clusters},
    }


def cluster(name, port):
    many = {"max_connections": 1000000, "max_pending_requests": 1000000, "max_requests": 1000000}
    return {
        "name": name,
        "connect_timeout": "5s",
        "type": "STATIC",
        "circuit_breakers": {"thresholds": [many]},
        "load_assignment": {"cluster_name": name, "endpoints": [{"lb_endpoints": [{"endpoint": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": port}}}}]}]},
    }


def upstream_config(admin_port, fast_port, slow_port):
    """The upstream: 200 "ok" at once (echoing what the filter added when asked to), or after an hour; and the auth service."""
    echo = [{"header": {"key": f"x-seen-{name}", "value": f"%REQ({name})%"}} for name in ["x-envoy-header", "x-envoy-header2", "apple", "x-route", "x-route-detail", "x-token-subject", "x-auth-user"]]
    ok = {"status": 200, "body": {"inline_string": "ok"}}
    common = [{"header": {"key": "access-control-allow-credentials", "value": "true"}}]
    fast_routes = [
        {"match": {"prefix": "/", "headers": [{"name": VERIFY_HEADER, "present_match": True}]}, "direct_response": ok, "response_headers_to_add": common + echo},
        {"match": {"prefix": "/"}, "direct_response": ok, "response_headers_to_add": common},
    ]
    fault = {
        "name": "envoy.filters.http.fault",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.fault.v3.HTTPFault",
            "delay": {"fixed_delay": "3600s", "percentage": {"numerator": 100}},
        },
    }
    slow_routes = [{"match": {"prefix": "/"}, "direct_response": ok}]
    auth_routes = auth_service_routes()
    listeners = [listener("fast", fast_port, fast_routes, []), listener("slow", slow_port, slow_routes, [fault])]
    # auth_slow holds only the checks of held requests (their path ends in HELD_SUFFIX): warm-up requests pass.
    held_only = {**fault, "typed_config": {**fault["typed_config"], "headers": [{"name": ":path", "string_match": {"suffix": HELD_SUFFIX}}]}}
    listeners += [listener("auth", ANY_PORT, auth_routes, []), listener("auth_slow", ANY_PORT, auth_routes, [held_only])]
    return bootstrap(admin_port, listeners, [])


def auth_service_routes():
    """The auth service of external_authorization: 200 with x-auth-user for the benchmark's token on /check..., else 403."""
    token = {"name": "authorization", "string_match": {"exact": REQUEST_HEADERS["authorization"]}}
    allowed = {"status": 200, "body": {"inline_string": "ok"}}
    user = [{"header": {"key": "x-auth-user", "value": AUTH_USER}}]
    return [
        {"match": {"prefix": "/check/", "headers": [token]}, "direct_response": allowed, "response_headers_to_add": user},
        {"match": {"prefix": "/"}, "direct_response": {"status": 403, "body": {"inline_string": "no"}}},
    ]


def lua_literal(value):
    if value is None:
        return "nil"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value)  # the configs' strings are plain ASCII: JSON's escapes are Lua's
    if isinstance(value, list):
        return "{" + ", ".join(lua_literal(v) for v in value) + "}"
    return "{" + ", ".join(f"[{json.dumps(k)}] = {lua_literal(v)}" for k, v in value.items()) + "}"


def builtin_header_mutation(config):
    """Envoy's C++ header_mutation filter doing what examples/header_mutation.ts does, with formatters for the attributes."""

    def overwrite(name, value):
        return {"append": {"header": {"key": name.lower(), "value": value}, "append_action": "OVERWRITE_IF_EXISTS_OR_ADD"}}

    request = [overwrite(n, v) for n, v in config["request_headers"]] + [{"remove": n.lower()} for n in config["remove_request_headers"]]
    response = [overwrite("x-downstream-address", "%DOWNSTREAM_REMOTE_ADDRESS%"), overwrite("x-upstream-address", "%UPSTREAM_HOST%"), overwrite("x-response-code", "%RESPONSE_CODE%")]
    response += [overwrite(n, v) for n, v in config["response_headers"]] + [{"remove": n.lower()} for n in config["remove_response_headers"]]
    return {
        "name": "envoy.filters.http.header_mutation",
        "typed_config": {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.header_mutation.v3.HeaderMutation",
            "mutations": {"request_mutations": request, "response_mutations": response},
        },
    }


def wasm_configuration(example, config):
    """The config as the Wasm modules read it (AssemblyScript 0.14 has no JSON): lines of tab-separated fields."""
    if example == "header_mutation":
        lines = [f"request\t{n}\t{v}" for n, v in config["request_headers"]] + [f"remove_request\t{n}" for n in config["remove_request_headers"]]
        lines += [f"response\t{n}\t{v}" for n, v in config["response_headers"]] + [f"remove_response\t{n}" for n in config["remove_response_headers"]]
    elif example == "route_rules":
        lines = [f"rule\t{r['name']}\t{r['kind']}\t{r['value']}\t{r.get('deny', '')}" for r in config["rules"]] + [f"default\t{config['default_route']}"]
    else:
        lines = ["-"]  # the SDK fails on an empty configuration
    return "\n".join(lines)


def filter_for(example, variant, configs, lua_dir, modules_dir=None):
    if variant == "none":
        return []
    example = module_of(example)
    config = configs[example]
    if variant in ("ts", "c"):
        spec = {
            "@type": "type.googleapis.com/envoy.extensions.filters.http.dynamic_modules.v3.DynamicModuleFilter",
            "dynamic_module_config": {"name": example},
            "filter_name": example,
        }
        if config is not None:
            spec["filter_config"] = {"@type": "type.googleapis.com/google.protobuf.StringValue", "value": config if isinstance(config, str) else json.dumps(config)}
        return [{"name": f"dynamic_modules/{example}", "typed_config": spec}]
    if variant == "lua":
        with open(os.path.join(lua_dir, f"{example}.lua")) as f:
            code = f.read()
        if config is not None:
            code = f"local CONFIG = {lua_literal(config)}\n{code}"
        return [{"name": "envoy.filters.http.lua", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.lua.v3.Lua", "default_source_code": {"inline_string": code}}}]
    if variant == "builtin":
        return [builtin_header_mutation(config)]
    if variant == "wasm":
        vm = {"vm_id": example, "runtime": "envoy.wasm.runtime.v8", "code": {"local": {"filename": os.path.join(modules_dir, "wasm", f"{example}.wasm")}}}
        configuration = {"@type": "type.googleapis.com/google.protobuf.StringValue", "value": wasm_configuration(example, config)}
        wasm = {"name": example, "root_id": example, "configuration": configuration, "vm_config": vm}
        return [{"name": "envoy.filters.http.wasm", "typed_config": {"@type": "type.googleapis.com/envoy.extensions.filters.http.wasm.v3.Wasm", "config": wasm}}]
    raise ValueError(variant)


def variant_config(admin_port, port, filters, upstream_fast, upstream_slow, upstream_auth):
    routes = [
        {"match": {"prefix": "/", "headers": [{"name": SLOW_HEADER, "present_match": True}]}, "route": {"cluster": "slow", "timeout": "0s"}},
        {"match": {"prefix": "/"}, "route": {"cluster": "fast"}},
    ]
    clusters = [cluster("fast", upstream_fast), cluster("slow", upstream_slow), cluster("auth", upstream_auth)]
    return bootstrap(admin_port, [listener("bench", port, routes, filters)], clusters)


# ---------------------------------------------------------------- processes


class Envoy:
    def __init__(self, binary, name, config, workdir, concurrency, modules_dir=None):
        self.name = name
        self.admin_port = None
        self.ports = {}
        self.port = None
        self.has_listeners = bool(config["static_resources"]["listeners"])
        safe = name.replace("/", "-")
        self.config_path = os.path.join(workdir, f"{safe}.json")
        with open(self.config_path, "w") as f:
            json.dump(config, f, indent=1)
        self.log_path = os.path.join(workdir, f"{safe}.log")
        self.admin_address_path = os.path.join(workdir, f"{safe}.admin")
        if os.path.exists(self.admin_address_path):  # a repeated memory run reuses the name
            os.remove(self.admin_address_path)
        env = dict(os.environ)
        if modules_dir:
            env["ENVOY_DYNAMIC_MODULES_SEARCH_PATH"] = modules_dir
        self.log_file = open(self.log_path, "w")
        self.process = subprocess.Popen(
            [binary, "-c", self.config_path, "--admin-address-path", self.admin_address_path, "--disable-hot-restart", "--concurrency", str(concurrency), "--log-level", "warn"],
            stdout=self.log_file, stderr=subprocess.STDOUT, env=env,
        )
        self.pid = self.process.pid

    def wait_ready(self, timeout=60):
        deadline = time.time() + timeout
        while time.time() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Envoy {self.name} exited during start-up:\n{self.log_tail()}")
            try:
                if self.admin_port is None:
                    with open(self.admin_address_path) as f:
                        self.admin_port = int(f.read().strip().rsplit(":", 1)[1])
                with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/ready", timeout=2) as response:
                    ready = response.status == 200
                if ready and self.has_listeners:
                    self.ports = self.listener_ports()
                    self.port = next(iter(self.ports.values()))
                    # Workers bind the listener a little after the server reports ready.
                    socket.create_connection(("127.0.0.1", self.port), timeout=2).close()
                if ready:
                    return
            except (OSError, ValueError, IndexError, StopIteration):
                pass
            time.sleep(0.1)
        raise RuntimeError(f"Envoy {self.name} not ready in {timeout}s:\n{self.log_tail()}")

    def listener_ports(self):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/listeners?format=json", timeout=5) as response:
            statuses = json.load(response)["listener_statuses"]
        return {status["name"]: status["local_address"]["socket_address"]["port_value"] for status in statuses}

    def log_tail(self):
        with open(self.log_path, errors="replace") as f:
            return f.read()[-3000:]

    def cpu_times(self):
        """(utime, stime) of every thread of the process in seconds, from /proc/<pid>/stat (clock ticks)."""
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) / CLOCK_TICKS, int(fields[12]) / CLOCK_TICKS

    def rss_kib(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        raise RuntimeError("no VmRSS")

    def stat(self, name):
        with urllib.request.urlopen(f"http://127.0.0.1:{self.admin_port}/stats?filter=^{re.escape(name)}$", timeout=5) as response:
            text = response.read().decode()
        match = re.search(r": (\d+)", text)
        return int(match.group(1)) if match else 0

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log_file.close()


# ---------------------------------------------------------------- measuring


def machine_cpu():
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    with open("/proc/stat") as f:
        values = [int(v) for v in f.readline().split()[1:]]
    idle = values[3] + (values[4] if len(values) > 4 else 0)
    return sum(values) - idle, sum(values)


def loadavg():
    with open("/proc/loadavg") as f:
        return [float(v) for v in f.read().split()[:3]]


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3}


def parse_wrk(output):
    def latency(percent):
        match = re.search(rf"^\s*{percent}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        return float(match.group(1)) * UNITS[match.group(2)] if match else None

    requests = re.search(r"(\d+) requests in ([\d.]+)(us|ms|s|m)", output)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    if not requests:
        raise RuntimeError(f"cannot read wrk's output:\n{output}")
    return {
        "requests": int(requests.group(1)),
        "p50_ms": latency(50),
        "p99_ms": latency(99),
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(v) for v in errors.groups()) if errors else 0,
    }


def run_wrk(args, port, seconds, script=None):
    command = [args.wrk, f"-t{args.threads}", f"-c{args.connections}", f"-d{seconds}s", "--latency"] + (["-s", script] if script else [])
    for name, value in REQUEST_HEADERS.items():
        command += ["-H", f"{name}: {value}"]
    command.append(f"http://127.0.0.1:{port}{REQUEST_PATH}")
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=seconds + 60).stdout


def measure(args, envoy, seconds, script=None):
    load = loadavg()
    busy0, total0 = machine_cpu()
    counters = counting.ProcessCounters(envoy.pid, args.counter_events) if args.counter_events else None
    user0, system0 = envoy.cpu_times()
    start = time.time()
    try:
        output = run_wrk(args, envoy.port, seconds, script)
        elapsed = time.time() - start
        user1, system1 = envoy.cpu_times()
        user, cpu = user1 - user0, user1 + system1 - user0 - system0
        counts = counters.read() if counters else {}
    finally:
        if counters:
            counters.close()
    busy1, total1 = machine_cpu()
    result = parse_wrk(output)
    result.update(
        {
            "seconds": elapsed,
            "rps": result["requests"] / elapsed,
            "envoy_cpu_s": cpu,
            "cpu_us_per_request": cpu * 1e6 / max(result["requests"], 1),
            "user_cpu_us_per_request": user * 1e6 / max(result["requests"], 1),
            "loadavg": load,
            "machine_busy": (busy1 - busy0) / max(total1 - total0, 1),
            **{f"{event}_per_request": value / max(result["requests"], 1) for event, value in counts.items()},
        }
    )
    return result


# ---------------------------------------------------------------- verification


def exchange(port, path, extra=None, body=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET" if body is None else "POST", path, body=body, headers={**REQUEST_HEADERS, VERIFY_HEADER: "1", **(extra or {})})
        response = connection.getresponse()
        response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}
    finally:
        connection.close()


def verify(example, variant, port):
    """What the variant must have done to the verification request; a list of problems."""
    if example in WAF_BODIES:
        expected = 403 if example.endswith(":match") else 200
        status, _ = exchange(port, REQUEST_PATH, body=waf_body(example))
        problems = [] if status == expected else [f"1 MB body: status {status}, expected {expected}"]
        for body, want in [("bash -c 'wget https://some-url.com'", 403), ("a" * 1000, 200)]:
            status, _ = exchange(port, REQUEST_PATH, body=body)
            if status != want:
                problems.append(f"{body[:20]!r}: status {status}, expected {want}")
        return problems
    status, headers = exchange(port, REQUEST_PATH)
    problems = [] if status == 200 else [f"status {status}"]

    def expect(name, value):
        if headers.get(name) != value:
            problems.append(f"{name}: {headers.get(name)!r}, expected {value!r}")

    if variant == "none" or example == "passthrough":
        expect("x-seen-apple", "1")
        expect("x-seen-x-route", None)
    elif example == "header_mutation":
        expect("x-seen-x-envoy-header", "envoy-header")
        expect("x-seen-x-envoy-header2", "envoy-header2")
        expect("x-seen-apple", None)
        expect("foo", "bar")
        expect("foo2", "bar2")
        expect("x-response-code", "200")
        expect("access-control-allow-credentials", None)
        if not re.match(r"^127\.0\.0\.1:\d+$", headers.get("x-downstream-address", "")):
            problems.append(f"x-downstream-address: {headers.get('x-downstream-address')!r}")
        if variant != "lua" and not re.match(r"^127\.0\.0\.1:\d+$", headers.get("x-upstream-address", "")):
            problems.append(f"x-upstream-address: {headers.get('x-upstream-address')!r}")
    elif example == "external_authorization":
        expect("x-seen-x-auth-user", AUTH_USER)
        denied, _ = exchange(port, REQUEST_PATH, {"authorization": "Bearer not-the-token"})
        if denied != 403:
            problems.append(f"a token the auth service refuses: status {denied}, expected 403")
    elif example == "route_rules":
        expect("x-seen-x-route", "api-v2")
        expect("x-seen-x-route-detail", "api version 3")
        expect("x-seen-x-token-subject", "abc_1")
        denied, deny_headers = exchange(port, "/admin/users")
        if denied != 403 or deny_headers.get("x-route") != "admin":
            problems.append(f"/admin/users: status {denied}, x-route {deny_headers.get('x-route')!r}; expected 403, admin")
    return problems


# ---------------------------------------------------------------- memory


def hold_streams(port, count, path=REQUEST_PATH):
    """Opens `count` connections, each with one slow request in flight; returns the sockets."""
    request = f"GET {path} HTTP/1.1\r\nHost: bench\r\n{SLOW_HEADER}: 1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in REQUEST_HEADERS.items()) + "\r\n"
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        s.sendall(request.encode())
        sockets.append(s)
    return sockets


def memory_run(args, binary, name, config, modules_dir, workdir):
    envoy = Envoy(binary, f"memory-{name}", config, workdir, args.concurrency, modules_dir)
    sockets = []
    try:
        envoy.wait_ready()
        for _ in range(20):
            exchange(envoy.port, REQUEST_PATH)
        time.sleep(0.5)
        before = envoy.rss_kib()
        # external_authorization's streams wait in their callouts to the (delaying) auth service.
        in_callout = name.startswith("external_authorization/")
        sockets = hold_streams(envoy.port, args.memory_streams, REQUEST_PATH + HELD_SUFFIX if in_callout else REQUEST_PATH)
        deadline = time.time() + 30
        held_at = "cluster.auth.upstream_rq_active" if in_callout else "cluster.slow.upstream_rq_active"
        while envoy.stat(held_at) < args.memory_streams:
            if time.time() > deadline:
                raise RuntimeError(f"{name}: only {envoy.stat(held_at)} of {args.memory_streams} streams reached the upstream")
            time.sleep(0.2)
        time.sleep(0.5)
        after = envoy.rss_kib()
        return {"rss_before_kib": before, "rss_after_kib": after, "bytes_per_stream": (after - before) * 1024 / args.memory_streams}
    finally:
        for s in sockets:
            s.close()
        envoy.stop()


# ---------------------------------------------------------------- statistics

# Two-sided 95% quantiles of Student's t for n - 1 degrees of freedom (n = 2..30), then 1.96.
T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045]


def paired(values):
    n = len(values)
    mean = statistics.fmean(values)
    sd = statistics.stdev(values) if n > 1 else 0.0
    t = T95[n - 2] if 2 <= n <= 30 else 1.96
    return {"n": n, "mean": mean, "median": statistics.median(values), "sd": sd, "ci95": t * sd / n**0.5 if n > 1 else None}


# What each round measures per request, and the key its paired differences are written under.
PER_REQUEST = {"cpu_us_per_request": "paired_differences_us", "cycles_per_request": "paired_differences_cycles", "instructions_per_request": "paired_differences_instructions"}


def summarize(rounds, instances):
    by_instance = {}
    for round_ in rounds:
        for name, result in round_["results"].items():
            by_instance.setdefault(name, []).append(result)
    summary = {}
    for name, results in by_instance.items():
        summary[name] = {
            "cpu_us_per_request": paired([r["cpu_us_per_request"] for r in results]),
            "rps": statistics.median(r["rps"] for r in results),
            "p50_ms": statistics.median(r["p50_ms"] for r in results if r["p50_ms"] is not None),
            "p99_ms": statistics.median(r["p99_ms"] for r in results if r["p99_ms"] is not None),
            "non_2xx": sum(r["non_2xx"] for r in results),
            "socket_errors": sum(r["socket_errors"] for r in results),
        }
        for metric in PER_REQUEST:
            if metric != "cpu_us_per_request" and all(metric in r for r in results):
                summary[name][metric] = paired([r[metric] for r in results])
    measured = [m for m in PER_REQUEST if all(m in r for results in by_instance.values() for r in results)]
    return summary, {PER_REQUEST[m]: differences(rounds, instances, by_instance, m) for m in measured}


def differences(rounds, instances, by_instance, metric):
    """Paired per round: each variant minus the hand-written C module (C minus no filter), or, for an
    example without a C module, each variant over no filter and TS minus Lua."""
    def paired_over(name, other):
        return paired([r["results"][name][metric] - r["results"][other][metric] for r in rounds if name in r["results"] and other in r["results"]])

    result = {}
    for name in instances:
        if name == "none":
            continue
        example, variant = name.split("/")
        c_name = f"{example}/c"
        if c_name not in by_instance:
            if "none" in by_instance:
                result[f"{example}/{variant}-none"] = paired_over(name, "none")
            if variant == "ts" and f"{example}/lua" in by_instance:
                result[f"{example}/ts-lua"] = paired_over(name, f"{example}/lua")
        elif variant == "c":
            if "none" in by_instance:
                result[f"{example}/c-none"] = paired_over(c_name, "none")
        else:
            result[f"{example}/{variant}-c"] = paired_over(name, c_name)
    return result


# ---------------------------------------------------------------- main


def machine_info(args):
    info = {"nproc": os.cpu_count(), "kernel": platform.release(), "python": platform.python_version(), "loadavg_start": loadavg()}
    try:
        with open("/proc/cpuinfo") as f:
            model = re.search(r"^model name\s*:\s*(.*)$", f.read(), re.M)
        info["cpu"] = model.group(1) if model else platform.machine()
    except OSError:
        info["cpu"] = platform.machine()
    with open("/proc/meminfo") as f:
        info["mem_total_kib"] = int(f.readline().split()[1])
    info["envoy_version"] = subprocess.run([args.envoy, "--version"], capture_output=True, text=True).stdout.strip().split("version: ")[-1]
    info["wrk_version"] = subprocess.run([args.wrk, "-v"], capture_output=True, text=True).stdout.strip().splitlines()[0] if shutil.which(args.wrk) or os.path.exists(args.wrk) else None
    return info


def write_result(path, result, started):
    result["machine"]["loadavg_end"] = loadavg()
    result["elapsed_s"] = time.time() - started
    with open(path, "w") as f:
        json.dump(result, f, indent=1)
    log(f"wrote {path} ({result['elapsed_s']:.0f} s)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("--modules", required=True, help="directory with ts/ and c/ holding lib<example>.so")
    parser.add_argument("--bench-dir", default=BENCH_DIR, help="directory with modules/configs.json and modules/lua/")
    parser.add_argument("--envoy", required=True)
    parser.add_argument("--wrk", default="wrk")
    parser.add_argument("--out", required=True)
    parser.add_argument("--concurrency", type=int, default=1, help="Envoy worker threads per variant")
    parser.add_argument("--upstream-concurrency", type=int, default=None, help="default: --concurrency")
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--connections", type=int, default=16, help="wrk connections")
    parser.add_argument("--duration", type=int, default=3, help="seconds per variant per round")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--warmup", type=int, default=1, help="seconds of wrk per variant before the rounds (0: none)")
    parser.add_argument("--memory-streams", type=int, default=1000)
    parser.add_argument("--memory-repeats", type=int, default=1)
    parser.add_argument("--examples", default=",".join(EXAMPLES))
    parser.add_argument("--variants", default=None, help="only these variants (ts,c,lua,wasm,builtin), besides no filter")
    parser.add_argument("--skip-memory", action="store_true")
    parser.add_argument("--verify-only", action="store_true", help="start every variant, check what it does, stop")
    parser.add_argument("--counters", choices=["auto", "off"], default="auto",
                        help="auto: also count the Envoy's user-space cycles and instructions per request where perf_event_open allows (bench/envoy/counters.py)")
    parser.add_argument("--seed", type=int, default=None, help="seed of the round orders (default: random, recorded)")
    args = parser.parse_args()
    args.upstream_concurrency = args.upstream_concurrency or args.concurrency
    counters_refused = counting.unavailable() if args.counters == "auto" else "--counters off"
    args.counter_events = [] if counters_refused else counting.HARDWARE
    log(f"cycles and instructions per request: {'counted' if args.counter_events else f'not counted ({counters_refused})'}")
    seed = args.seed if args.seed is not None else random.randrange(1 << 30)
    rng = random.Random(seed)

    # 1,000 held streams need about 2,000 descriptors in Envoy and 1,000 here.
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max(soft, min(hard, 4 * args.memory_streams + 1024)) if hard != resource.RLIM_INFINITY else max(soft, 4 * args.memory_streams + 1024)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))

    with open(os.path.join(args.bench_dir, "modules", "configs.json")) as f:
        configs = json.load(f)
    lua_dir = os.path.join(args.bench_dir, "modules", "lua")
    examples = [e for e in args.examples.split(",") if e]
    has_wasm = os.path.isdir(os.path.join(args.modules, "wasm"))
    wanted_variants = set(args.variants.split(",")) if args.variants else None
    instances = ["none"] + [f"{e}/{v}" for e in examples for v in VARIANTS[e] if (v != "wasm" or has_wasm) and (wanted_variants is None or v in wanted_variants)]

    started = time.time()
    machine = machine_info(args)
    workdir = tempfile.mkdtemp(prefix="tsc2envoy-bench-")
    envoys = {}
    upstream = None
    try:
        upstream = Envoy(args.envoy, "upstream", upstream_config(ANY_PORT, ANY_PORT, ANY_PORT), workdir, args.upstream_concurrency)
        upstream.wait_ready()
        upstream_fast, upstream_slow = upstream.ports["fast"], upstream.ports["slow"]
        upstream_auth, upstream_auth_slow = upstream.ports["auth"], upstream.ports["auth_slow"]
        configs_by_instance = {}
        for name in instances:
            example, variant = (name, "none") if name == "none" else name.split("/")
            filters = filter_for(example, variant, configs, lua_dir, os.path.abspath(args.modules))
            modules_dir = os.path.join(args.modules, variant) if variant in ("ts", "c") else None
            configs_by_instance[name] = (filters, modules_dir)
            envoys[name] = Envoy(args.envoy, name, variant_config(ANY_PORT, ANY_PORT, filters, upstream_fast, upstream_slow, upstream_auth), workdir, args.concurrency, modules_dir)
        for envoy in envoys.values():
            envoy.wait_ready()
        log(f"{len(envoys)} variants and the upstream ready")

        failures = {name: problems for name, envoy in envoys.items() if (problems := verify(*(("passthrough", "none") if name == "none" else name.split("/")), envoy.port))}
        if failures:
            for name, problems in failures.items():
                log(f"{name} does not do what its example does: {'; '.join(problems)}")
            sys.exit(1)
        log("every variant does what its example does")
        if args.verify_only:
            return

        scripts = {name: wrk_script(name.split("/")[0], workdir) for name in instances}
        for name, envoy in envoys.items():
            if args.warmup > 0:
                run_wrk(args, envoy.port, args.warmup, scripts[name])
        rounds = []
        for index in range(args.rounds):
            order = list(instances)
            rng.shuffle(order)
            results = {name: measure(args, envoys[name], args.duration, scripts[name]) for name in order}
            rounds.append({"round": index + 1, "order": order, "results": results})
            log(f"round {index + 1}/{args.rounds}: " + ", ".join(f"{n} {r['cpu_us_per_request']:.1f}us" for n, r in results.items()))
        for envoy in envoys.values():
            envoy.stop()
        envoys = {}

        summary, paired_differences = summarize(rounds, instances)
        result = {
            "kind": "tsc2envoy-envoy-bench",
            "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "machine": machine,
            "settings": {
                "concurrency": args.concurrency,
                "upstream_concurrency": args.upstream_concurrency,
                "wrk_threads": args.threads,
                "wrk_connections": args.connections,
                "duration_s": args.duration,
                "rounds": args.rounds,
                "warmup_s": args.warmup,
                "memory_streams": args.memory_streams,
                "memory_repeats": args.memory_repeats,
                "seed": seed,
                "counters": args.counter_events or counters_refused,
                "request": {"path": REQUEST_PATH, "headers": REQUEST_HEADERS},
            },
            "instances": instances,
            "rounds": rounds,
            "summary": summary,
            **paired_differences,
            "memory": {},
        }
        write_result(args.out, result, started)  # the CPU figures survive a failing memory test

        memory = {}
        if not args.skip_memory:
            for repeat in range(args.memory_repeats):
                for name in instances:
                    filters, modules_dir = configs_by_instance[name]
                    config = variant_config(ANY_PORT, ANY_PORT, filters, upstream_fast, upstream_slow, upstream_auth_slow)
                    try:
                        run = memory_run(args, args.envoy, name, config, modules_dir, workdir)
                    except (OSError, RuntimeError) as error:
                        log(f"memory {name}: failed: {error}")
                        result.setdefault("memory_errors", []).append(f"{name}: {error}")
                        continue
                    memory.setdefault(name, []).append(run)
                    log(f"memory {name}: {run['bytes_per_stream']:.0f} bytes per stream")
        memory_summary = {}
        for name, runs in memory.items():
            per_stream = statistics.median(r["bytes_per_stream"] for r in runs)
            memory_summary[name] = {"bytes_per_stream": per_stream, "runs": runs}
        if "none" in memory_summary:
            for name, entry in memory_summary.items():
                entry["over_none"] = entry["bytes_per_stream"] - memory_summary["none"]["bytes_per_stream"]

        result["memory"] = memory_summary
        write_result(args.out, result, started)
    finally:
        for envoy in envoys.values():
            envoy.stop()
        if upstream:
            upstream.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
