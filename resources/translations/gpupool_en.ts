<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>Console</name>
    <message>
        <source>cannot write the screenshot to &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpupool console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The operator&apos;s window of gpupool: endpoints, GPUs, live charts, leases, strategies.
--demo starts a simulated cluster on 127.0.0.1 inside the console.
Exit status: 0 closed normally, 1 failure, 2 bad option or setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>See gpupoolctl --help [%1].</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>VALUE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on a simulated cluster on 127.0.0.1 (nothing else is touched).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where leases live: sqlite:PATH, redis://... or unix://... (see gpupoolctl).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>system, light or dark.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>THEME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a picture of the window to FILE, then quit (after --quit-after MS, default 5000).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit after MS milliseconds.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log debug messages of every gpupool module.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--quit-after: &quot;%1&quot; is not a number of milliseconds (0 or more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--theme: &quot;%1&quot; is not one of system, light, dark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Statd</name>
    <message>
        <source>address already in use</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>address not available on this machine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serves GPU statistics over HTTP, compatible with the GPU Worker Pool&apos;s server.
Reads the GPUs with nvidia-smi, or simulates them with --simulate N.
Paths: /gpu/summary /gpu/stats /gpu/count /gpu/processes /health /config /metrics /
Prints the server&apos;s base URL (with --cluster: one URL per line) on standard output.
Environment: HOST, PORT, REFRESH_INTERVAL (the options take precedence),
CUDA_VISIBLE_DEVICES (which GPUs to show).
Exit status: 0 stopped by SIGINT/SIGTERM, 1 cannot serve, 2 bad option or setting.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Listen on ADDR:PORT (default 127.0.0.1:8000; [::1]:PORT for IPv6; port 0 picks a free port).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ADDR:PORT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve N simulated GPUs (0-1024).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seed of the simulation (default 1): the same seed gives the same GPUs and load.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run K simulated servers on consecutive ports, seeded S, S+1, ... (default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>K</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds a reading of the GPUs is reused (default 1; 0 reads on every request).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The nvidia-smi program to run (default: nvidia-smi from PATH).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds nvidia-smi may take before it is stopped and the reading fails (default 5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Require an API key (X-API-Key: KEY or Authorization: Bearer KEY) from FILE, one per line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Require the API key on /health too (open by default).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Serve HTTPS with this PEM certificate (chain).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The PEM private key of --tls-cert.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Allow listening on a non-loopback address without --api-key-file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log debug messages (every request).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected argument: &quot;%1&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot listen on %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::balance::StrategyRegistry</name>
    <message>
        <source>Unknown load balancing strategy: %1. Available strategies: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::cli::Duration</name>
    <message>
        <source>from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected seconds or a number with a unit s, m, h or d (90s, 15m, 4h, 1d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number with a unit s, m, h or d (90s, 15m, 4h, 1d)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not a valid duration: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is out of range: expected a duration %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::cli::ExitStatus</name>
    <message>
        <source>Exit status:
  0  success
  1  failure
  2  usage or configuration error
  3  timed out waiting for GPUs (--wait)
  4  not enough GPUs
  5  no endpoint reachable</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::config::EndpointList</name>
    <message>
        <source>an endpoint name must be non-empty, without &apos;:&apos; or spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; repeats an earlier endpoint and is ignored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected at least one http or https URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the endpoint name &quot;%1&quot; is used more than once; %2 is called %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::config::EndpointUrl</name>
    <message>
        <source>expected an http or https URL such as http://server1:8000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a URL cannot contain spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid URL (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>only http and https URLs are accepted, not %1:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the URL has no host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a URL cannot carry a user name or password</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>port 0 is not a port a server can listen on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a URL cannot have a query (?) or fragment (#)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::config::GpuId</name>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: expected &lt;endpoint_id&gt;:&lt;local_gpu_id&gt;, e.g. server1_8000:0</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: the endpoint id before &apos;:&apos; is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: the endpoint id cannot contain spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a global GPU id: the local GPU id after the last &apos;:&apos; must be a non-negative integer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&quot;%1&quot; is not a GPU id: expected a non-negative integer such as 0</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::config::Resolver</name>
    <message>
        <source>%1: ignored, because %2 is also set and takes precedence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 in %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: &quot;%2&quot; is not valid: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: ignored, because an endpoint list is set (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number from 0 to 100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number of seconds from 0.2 to 86400</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a number of seconds greater than 0 and at most 86400</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a whole number from 1 to 1000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a whole number of bytes from 1024 to 1073741824</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::config::Source</name>
    <message>
        <source>command line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>environment</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>settings file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>default</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::CommandLine</name>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GPU statistics server, in single-endpoint mode (default http://localhost:8080).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LIST</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Comma-separated endpoints, each URL or name=URL: multi-endpoint mode.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load-balancing strategy: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PERCENT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A GPU is available below this memory use (0-100, default 80).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A GPU is available below this utilization (0-100, default 90).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SECONDS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between polls while waiting or watching (default 5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds an endpoint may take to answer (default 10).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>N</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed polls before an endpoint&apos;s circuit breaker opens (default 3).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between /health checks (default 30).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BYTES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Largest answer accepted from an endpoint (default 4194304).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where leases live: sqlite:PATH (default: one file per user), redis://[[user]:password@]host[:port][/db]?cluster=NAME or unix:///path?cluster=NAME (shared).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read settings from this INI file instead of the user&apos;s settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>FILE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Print JSON (stable field names, see the README) instead of tables.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log debug messages of every gpupool module to standard error.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How long the lease lasts: 90s, 15m, 4h, 1d (default 4h).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DURATION</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode, strategy, endpoints and GPUs, leases, waiting requests.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints a summary of the pool.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each endpoint: state, GPUs available/total, response time, last seen.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints one line per endpoint.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each GPU: memory, utilization, available or why not, holder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints one line per GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your leases (--all: everyone&apos;s; --history: ended leases).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prints the active leases in the store (yours unless --all), or with --history how leases ended.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone&apos;s leases, not only yours.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ended leases (released, expired, revoked), newest first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>At most N ended leases with --history (default 20).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease GPUs, and print how to use them.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leases GPUs: all of --count or none (unless --partial), at once or, with --wait, as they become free. Prints each lease, its host and CUDA_VISIBLE_DEVICES.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How many GPUs (default 1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only GPUs with at least this much memory.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only GPUs whose name contains TEXT (e.g. H100).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TEXT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only GPUs of this endpoint (repeatable).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A note others see with the lease.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait up to DURATION for GPUs to become free (default: do not wait).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Accept fewer GPUs than --count (at least one).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[LEASE_ID]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release one of your leases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Releases one of your leases, by its id or by its GPU. Never someone else&apos;s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release your lease on this GPU (e.g. server1_8000:0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GLOBAL_ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LEASE_ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extend one of your leases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moves the expiry of one of your leases to now + --ttl.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[NAME]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the load-balancing strategy, or set it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Without NAME: the strategy in use and where it comes from. With NAME: remembers it in the settings (the --config file, or the user&apos;s settings). Strategies: %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ENDPOINT_ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe an endpoint now and print the outcome.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Triggers recovery of an endpoint: an open circuit breaker goes half-open and probes at once. Prints what the probe found.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The error-recovery summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polls every endpoint once and prints the error-recovery summary.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A live view that refreshes until Ctrl-C.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polls the endpoints and redraws the pool&apos;s state until interrupted (Ctrl-C). With --json: one JSON object per line per refresh.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between refreshes, or a duration such as 2s (default 2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>[COMMAND]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Help on gpupoolctl or on one command.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prints the help of gpupoolctl, or of COMMAND.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: gpupoolctl [global options] COMMAND [options] [arguments]
The GPU pool from the command line: see, lease and release the GPUs of shared GPU servers.

Commands:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
&quot;gpupoolctl COMMAND --help&quot; shows a command&apos;s options.

Global options:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show this help.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the version.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Environment: the variables above in [brackets] (an option beats a variable, which beats the settings file);
NO_COLOR (any value but empty) turns colours off. Colours are only used on a terminal, never with --json.

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage: gpupoolctl [global options] %1%2%3
%4
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> [options]</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Options:
</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
Global options (see gpupoolctl --help) may come before or after the command.

</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> (see gpupoolctl --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no command given (see gpupoolctl --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot;; commands: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2 (see gpupoolctl %1 --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown command &quot;%1&quot; (see gpupoolctl --help)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: unexpected argument &quot;%2&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: missing %2 (see gpupoolctl %1 --help)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Leases</name>
    <message>
        <source>No active leases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You (%1) hold no leases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No ended leases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--limit: &quot;%1&quot; is not valid: expected a whole number from 1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--limit only applies with --history</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Output</name>
    <message>
        <source>warning: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Recovery</name>
    <message>
        <source>Endpoint %1 is not known to the pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2, breaker %3, %4 GPUs (%5 available)%6.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2: %3 (breaker %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint %1 answers but is misconfigured: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint %1 is not reachable: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown endpoint: %1. Endpoints: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Release</name>
    <message>
        <source>GPU %1 is leased by %2, not by you (%3); gpupoolctl never releases someone else&apos;s lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You (%1) hold no lease on GPU %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>release: give either LEASE_ID or --gpu GLOBAL_ID, not both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>release: missing LEASE_ID (or --gpu GLOBAL_ID)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Released lease %1 (GPU %2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewed lease %1 (GPU %2): expires %3 (%4).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Request</name>
    <message>
        <source>Waiting up to %1 for %2 GPU(s); %3 available now ...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Timed out after %1 waiting for %2 GPU(s): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted %1 of the %2 GPUs requested (--partial):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted 1 GPU:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted %1 GPUs:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LEASE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HOST</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use on %1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release with: gpupoolctl release LEASE_ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--count: &quot;%1&quot; is not valid: expected a whole number from 1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--min-memory: &quot;%1&quot; is not valid: expected a number of GiB greater than 0 and at most %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request --endpoint takes an endpoint id (%1), not a URL &quot;%2&quot;; to choose the server, put --endpoint URL before the command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--endpoint: unknown endpoint &quot;%1&quot;; endpoints: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Run</name>
    <message>
        <source>--config: &quot;%1&quot;: no such readable file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--config: &quot;%1&quot; is not a valid INI file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No endpoint reachable (%1 configured): %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Strategy</name>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the settings file %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is set to &quot;%2&quot; and takes precedence over the settings file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy set to %1 (saved in %2).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Views</name>
    <message>
        <source>now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>in %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>multi-endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>single-endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 healthy of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 available of %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 active, %2 yours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 requests</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine looks offline: most endpoints fail with local network errors.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fully degraded: no endpoint is healthy; requests wait until one recovers.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>STATE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RESPONSE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LAST SEEN</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REASON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leased by you</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>endpoint misconfigured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>endpoint %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stale data</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>memory %1% ≥ %2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>util %1% ≥ %2%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not assignable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MEM %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>UTIL %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>MEMORY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HOLDER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>LEASE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>OWNER</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>EXPIRES</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>NOTE</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ENDED</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HOW</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>BY</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ctl::Watch</name>
    <message>
        <source>gpupoolctl watch - every %1 - %2 - Ctrl-C to stop</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::BoundedRequest</name>
    <message>
        <source>connection closed by the server before the answer was complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection closed by the server before it answered</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid HTTP answer: headers too large</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid HTTP answer: bad chunked encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid HTTP answer: bad header</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a valid HTTP answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>auth error: the API key contains a line break; not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>TLS error: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(certificate %1 is not the pinned one)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>too many redirects</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::CircuitBreaker</name>
    <message>
        <source>probe did not answer within %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::Endpoint</name>
    <message>
        <source>not polled yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>circuit open: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>recovering, probing after: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server says: nvidia-smi not available</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::endpoint::Failure</name>
    <message>
        <source>auth error (HTTP %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>wrong URL or not a GPU statistics server (HTTP 404)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>rate limited (HTTP 429)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server error (HTTP %1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected HTTP status %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>timeout after %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>server says: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response too large: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>malformed response: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>invalid response: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response larger than %1, cut off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a GPU statistics server: expected JSON, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>redirect to another origin refused: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection refused</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>host not found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>network error: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::Allocator</name>
    <message>
        <source>The GPU pool is not started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough GPUs available. Requested: %1, Available: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A GPU request needs an owner (user@host or a worker id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reserving needs a count of at least 1; got %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A reservation needs an owner (user@host or a worker id).</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisConnection</name>
    <message>
        <source>out of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>connection error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password was refused (%1)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the server needs a password; give it in the URL or keep it in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not connected</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisLeaseStore</name>
    <message>
        <source>an ended lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store refused the change to lease %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an answer (&quot;%1&quot;)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store holds %1 that this version of gpupool cannot read; nothing was changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Redis server of %1 keeps leases only in memory (appendonly no): if it restarts, every lease and fence number is lost and a GPU in use can be granted to someone else. Set &quot;appendonly yes&quot; and &quot;appendfsync always&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Redis server of %1 syncs its append-only file only &quot;%2&quot;: a lease acknowledged just before a crash can be lost and its GPU granted to someone else. Set &quot;appendfsync always&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lost the shared lease store %1 while trying to %2 (%3). No GPU is granted until it is back; a change that reached it shows up when it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store %1 cannot serve now (%2); try again shortly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store %1 refused to %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grant a lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a granted lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a grant&apos;s answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end lease %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>renew lease %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a renewed lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end expired leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an expired lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read the active leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store %1 could not be read: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an active lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read the lease history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>read a fence number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it refused gpupool&apos;s script: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store %1 cannot be reached (%2). No GPU is granted until it is back; the leases shown are the last known and unverified. Trying again in %3 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store %1 is not connected yet; no GPU is granted until it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>its change counter went back from %1 to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the leases it holds now are not those read before</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The Redis server of %1 has lost lease data (%2): it was restarted without persistence, or emptied. Leases acknowledged before may have been lost, so a GPU still in use can be granted to someone else; leases known from before are unverified until they are read again. Run it with &quot;appendonly yes&quot; and &quot;appendfsync always&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisSubscriber</name>
    <message>
        <source>the server closed the connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the connection was closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>out of memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer in time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the subscription was closed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the password was refused (%1)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::RedisUrl</name>
    <message>
        <source>The store URL &quot;%1&quot; is not a valid URL (%2).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; asks for TLS (rediss://), which gpupool does not support; use redis:// on a trusted network, a unix:// socket, or an SSH/stunnel tunnel.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; has the scheme &quot;%2&quot;; valid: redis://host:port/db?cluster=NAME or unix:///path/to/redis.sock?cluster=NAME.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; names no host; e.g. redis://127.0.0.1:6379/0?cluster=lab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; has port 0; give the port Redis listens on (1-65535).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; must name a socket path with three slashes, e.g. unix:///run/redis/redis.sock.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; names no absolute socket path.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL &quot;%1&quot; has the database &quot;%2&quot;; it must be a number from 0 (e.g. redis://host:6379/0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The cluster name &quot;%1&quot; is not valid: use 1 to 64 letters, digits, &apos;_&apos;, &apos;.&apos; or &apos;-&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The store URL has an unknown option &quot;%1&quot;; valid: cluster=NAME%2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, db=N, password=...</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::Rules</name>
    <message>
        <source>No GPU to lease was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lease needs an id.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lease needs an owner (user@host or a worker id).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lease needs a GPU; got &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A lease must last longer than 0 ms; got %1 ms.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 was asked for twice in one request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease id %1 was given twice in one request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease %1 on GPU %2 belongs to %3, not to %4; it was not released.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoking lease %1 needs the name of who revokes it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease %1 cannot be ended as expired on request; it expires at %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease %1 on GPU %2 belongs to %3, not to %4; it was not renewed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A renewed lease must end in the future; asked for %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 is already leased to %2 (lease %3, until %4).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no lease with id &quot;%1&quot;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>released by %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired (noticed by %1) at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked by %1 at %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease %1 on GPU %2 has already ended: %3.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease id %1 was used before; lease ids are never reused.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::SqliteLeaseStore</name>
    <message>
        <source>The lease database %1 is damaged or is not a gpupool lease database (%2). It was left as it is; move it away to start with an empty one.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease database %1 cannot be written: %2 is read-only. gpupool needs to write the file and, for SQLite&apos;s journal, its folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot read the lease database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it is not an SQLite file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No lease database file was given.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease database %1 is not a file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot create the folder %1 for the lease database.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt&apos;s SQLite driver is missing (package libqt6sql6-sqlite).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open the lease database %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease database %1 was written by a newer gpupool (schema %2; this one knows up to %3). It was left as it is.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>it holds other tables: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease database %1 stayed busy for more than %2 s (another gpupool program is using it); nothing was changed. Try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not %1 in the lease database %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::lease::WaitQueue</name>
    <message>
        <source>No GPU became available for %1: the request waited %2 s and timed out.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GPU pool was stopped while the request of %1 was waiting for a GPU (after %2 s).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The request of %1 was withdrawn after waiting %2 s for a GPU.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not enough GPUs became available for %1 (%2 requested): the request waited %3 s and timed out.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::pool::Pool</name>
    <message>
        <source>The GPU pool is not running: start it (or refresh once) first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The shared lease store is not available; no GPU can be granted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The lease store could not be read yet; no GPU can be granted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GPU pool is already running.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The GPU pool stopped before an endpoint came back.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no answer within %1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Queueing a request for retry needs multi-endpoint mode (set GPU_STATS_SERVICE_ENDPOINTS).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Nothing to retry: the function is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No endpoint came back in time: the queued request waited %1 s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unknown endpoint: %1. Endpoints: %2.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::pool::StoreSpec</name>
    <message>
        <source>Lease store &quot;%1&quot; names no file: write sqlite:PATH, e.g. sqlite:/tmp/leases.sqlite.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease store &quot;%1&quot; is not understood: use sqlite:PATH, redis://HOST[:PORT][/DB] or unix:///PATH/TO/SOCKET.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::server::ApiKeys</name>
    <message>
        <source>cannot read the API key file %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the API key file %1 is larger than 1 MiB; is it the right file?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the API key file %1, line %2: a key may hold only printable characters without spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the API key file %1, line %2: a key must be at least 16 characters long</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the API key file %1 holds no key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::server::StatdOptions</name>
    <message>
        <source>invalid value for %1: &quot;%2&quot; (expected %3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ADDR:PORT with an IP address and a port 0-65535, e.g. 127.0.0.1:8000 or [::1]:8000</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an IP address, e.g. 127.0.0.1, 0.0.0.0 or ::1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a port number 0-65535</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds from 0 to 3600, e.g. 1 or 0.5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a non-negative integer below 2^64</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number of servers from 1 to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>at most %1 servers from port %2 (ports end at 65535)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a number of GPUs from 0 to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--cluster runs simulated servers only: give --simulate N as well</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a program name or path</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds from 0.1 to 300, e.g. 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>a file of API keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--protect-health needs --api-key-file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--tls-cert and --tls-key go together: give both or neither</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>refusing to serve GPU statistics on %1 to anyone who asks: give --api-key-file, listen on 127.0.0.1, or say --insecure-public if that is what you want</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::server::TlsHttpServer</name>
    <message>
        <source>TLS is not available: Qt found no TLS backend on this system</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the TLS certificate %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no PEM certificate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot read the TLS key %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 holds no unencrypted PEM RSA or EC private key</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::server::VisibleDevices</name>
    <message>
        <source>CUDA_VISIBLE_DEVICES: ignoring &quot;%1&quot;: not a GPU index</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CUDA_VISIBLE_DEVICES=&quot;%1&quot; names no valid GPU index; showing all GPUs</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::stats::BodyParser</name>
    <message>
        <source>body of %1 bytes is over the limit of %2 bytes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON nested deeper than %1 levels</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>malformed JSON at byte %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a number, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a non-negative integer, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a percentage within [0, 100], got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be a string, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be true or false, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an object, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>must be an array, got %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has %1 entries but gpu_count is %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>duplicate gpu_id %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is more than total_memory_mb %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an error without a message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::ChartPanel</name>
    <message>
        <source>%1 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time window of the charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the charts (polling goes on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Window:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mean utilization per endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs of the selected endpoint: utilization, memory dashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seconds ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>hours ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume charts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs of %1: utilization, memory dashed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 memory</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::DemoCluster</name>
    <message>
        <source>the demo cluster cannot listen on 127.0.0.1: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>demo job %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::EndpointsModel</name>
    <message>
        <source>waiting</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open - probe in %1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>half-open - probing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>misconfigured</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failure rate: %1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>-</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Breaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last seen</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::EventLogModel</name>
    <message>
        <source>breaker</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>grant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>release</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expiry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>info</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::GpuGroupProxy</name>
    <message>
        <source>%1 of %2 available</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n GPU(s)</source>
        <translation>
            <numerusform>%n GPU</numerusform>
            <numerusform>%n GPUs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gpupool::ui::GpusModel</name>
    <message>
        <source>leased (you)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leased</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>endpoint unavailable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>busy (over threshold)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not assignable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 °C</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 W</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Utilization</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Temp.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Power</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease holder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::keyring::KeychainSecretStore</name>
    <message>
        <source>saved in the keyring</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key stored</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keyring (Secret Service) is reachable: the API key is kept for this session only and must be entered again next time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring did not answer in time (it may be locked): the API key is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The keyring refused: %1. The API key is kept for this session only.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::LeasesModel</name>
    <message>
        <source>interactive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>active</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>released by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>revoked by %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Note</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expires / ended</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fence</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::MainWindow</name>
    <message>
        <source>Filter…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>gpupool console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Group by endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Everyone&apos;s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease &amp;history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Events</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Strategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Multi-endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Single endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strategy: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints: %1/%2 healthy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs: %1/%2 available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>shared</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Store: %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;No endpoint healthy&lt;/b&gt; - requests wait</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Request GPU…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request one or more GPUs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Release the selected leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;new</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renew the selected leases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;cover endpoint now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probe the selected endpoint&apos;s open breaker now (all open ones when none is selected)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pause polling</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;fresh now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Poll every endpoint now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints, thresholds, intervals, theme, API keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit the console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Load-balancing strategy: takes effect at once</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;trategy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pool</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Actions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> Strategy: </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 sent; it waits until a GPU is free.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Granted: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a lease (Leases tab) or a leased GPU first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoke lease</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 is leased by %2. Revoke their lease?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Revoked the lease on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Released %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Renewed %1 until %2.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Probing %n open breaker(s) now.</source>
        <translation>
            <numerusform>Probing %n open breaker now.</numerusform>
            <numerusform>Probing %n open breakers now.</numerusform>
        </translation>
    </message>
    <message>
        <source>%1: breaker half-open, probing now.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: the breaker is not open; nothing to recover.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polling resumed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Demo: thresholds, theme and notifications applied; endpoints and intervals are the demo&apos;s and were not saved.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings saved. Endpoints, intervals and the store apply when the console starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key of %1 saved in the keyring.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop polling the endpoints; leases and waiting requests stay</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Polling paused: no GPU is assignable once the last readings are 3 intervals old; leases and waiting requests stay.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Polling paused&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request %1 sent; it waits until %2 GPUs are free together.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> - &lt;b&gt;warning&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::PoolPresenter</name>
    <message>
        <source>breaker %1 → %2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 granted to %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease on GPU %1 renewed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease on GPU %1 revoked by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1 released by %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease of %1 on GPU %2 expired</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request %1 waits, position %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>request %1 failed: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strategy is now %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>lease store: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This machine looks offline: most endpoints fail with local errors.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::RequestDialog</name>
    <message>
        <source>&amp;Wait until one is free</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request GPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> GB</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>any endpoint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> h</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>what it is for (shown to other operators)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Count:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Minimum memory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoint:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Duration:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Note:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Only %n GPU(s) known to the pool match these choices, so waiting for %1 could last for ever. Ask for fewer, or change the minimum memory or the endpoint.</source>
        <translation>
            <numerusform>Only %n GPU known to the pool matches these choices, so waiting for %1 could last for ever. Ask for fewer, or change the minimum memory or the endpoint.</numerusform>
            <numerusform>Only %n GPUs known to the pool match these choices, so waiting for %1 could last for ever. Ask for fewer, or change the minimum memory or the endpoint.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>gpupool::keyring::SecretBackend</name>
    <message>
        <source>no key is stored for this endpoint</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::SeriesPlot</name>
    <message>
        <source>%1 %</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::SettingsDialog</name>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Endpoints</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Pool and display</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoints, intervals and the store apply when the console starts again; thresholds, theme and notifications at once. API keys are kept in the keyring, never in the settings file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key (new)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>local (one SQLite file per user)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>sqlite:PATH, redis://[[user]:password@]host[:port][/db]?cluster=NAME, unix:///path?cluster=NAME</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint down/up, queued request granted, lease about to expire, leased GPU idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Memory threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Utilization threshold:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Polling interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint &amp;timeout:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failures before the breaker &amp;opens:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Health-check interval:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease &amp;store:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>T&amp;heme:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Notifications:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unchanged</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint %1: URL &quot;%2&quot;: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint %1: name &quot;%2&quot;: use no &apos;:&apos; and no spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint %1: the name &quot;%2&quot; is used twice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease store: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select an endpoint to test.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>URL &quot;%1&quot;: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Connected: %n GPU(s), answered in %1 ms.</source>
        <translation>
            <numerusform>Connected: %n GPU, answered in %1 ms.</numerusform>
            <numerusform>Connected: %n GPUs, answered in %1 ms.</numerusform>
        </translation>
    </message>
    <message>
        <source>Failed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing %1…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::StrategyPanel</name>
    <message>
        <source>Share of grants per endpoint (last %1 min)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>minutes ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Active strategy: &lt;b&gt;%1&lt;/b&gt; &amp;nbsp; Decisions: %2 &amp;nbsp; granted: %3 &amp;nbsp; nothing free: %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Grants since start: %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::Theme</name>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dark</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::TrayNotifier</name>
    <message>
        <source>gpupool console</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your waiting request got GPU %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint down</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is down.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is down: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Endpoint back</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is healthy again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Lease about to expire</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Your lease on GPU %1 ends in %n minute(s); renew it to keep the GPU.</source>
        <translation>
            <numerusform>Your lease on GPU %1 ends in %n minute; renew it to keep the GPU.</numerusform>
            <numerusform>Your lease on GPU %1 ends in %n minutes; renew it to keep the GPU.</numerusform>
        </translation>
    </message>
    <message>
        <source>Leased GPU idle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU %1, leased by you, has been under %2 % utilization for %3 minutes. Release it?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPUs granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Your waiting request got GPUs %1.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>gpupool::ui::UsageDialog</name>
    <message>
        <source># on %1 (%2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GPU granted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run your job on that host with:</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
