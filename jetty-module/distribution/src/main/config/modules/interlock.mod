# DO NOT EDIT - See: jetty-module/README.md of Interlock

[description]
Interlock's engine: per-webapp executor groups (bulkheads with their own threads, bounded queue and
queue timeout) and lock disciplines (free, application, shared) for Jetty 12, with the
not-thread-safe fallback that replaces SingleThreadModel. Nothing changes until configured:
with no settings every webapp runs exactly as on plain Jetty.
Settings use one name everywhere (interlock.*): in this module's ini file, on the command
line, as -D system properties, in Jetty XML, as environment variables (INTERLOCK_LOCK, by
MicroProfile Config's rules), and per webapp as context init parameters (or in the webapp's
own microprofile-config.properties, with the interlock-config module).
Webapps get Interlock through their environment's module: enable interlock-ee10 (ee10
webapps, Servlet 6.0) or interlock-ee11 (ee11 webapps, Servlet 6.1), or both; either
enables this one.

[tags]
server
threadpool

[depends]
server
# A server stop drains in Jetty's graceful phase: the graceful module sets the server's stop
# timeout (jetty.server.stopTimeout, raised below) and waits for requests in flight.
graceful
# The status endpoint: Jetty's JSON (lib/jetty-util-ajax) and core security (its role check).
json
security

[before]
deployment-scanner

[lib]
lib/interlock/interlock-api.jar
lib/interlock/jakarta.enterprise.concurrent-api.jar
lib/interlock/interlock-core.jar
lib/interlock/interlock-jetty.jar

[xml]
etc/interlock.xml

[ini]
## A server stop drains every webapp within interlock.drain-timeout (15 s by default) during
## Jetty's graceful phase, which jetty-home bounds by 5 s unless told otherwise.
jetty.server.stopTimeout?=20000

[ini-template]
# tag::documentation[]
## Every Interlock setting may be written here, including the scoped ones
## (interlock.executor-groups.G.*, interlock.application-groups.A.*,
## interlock.executor-groups.G.application-groups.A.*, interlock.webapps.NAME.*).
## A bad value stops the server with a message naming it; a misplaced one logs a warning.

## Lock discipline by default: free (no lock), application (each application group has its
## own lock) or shared (one lock per executor group).
# interlock.lock=free

## Hand the lock to a waiter at the holder's next yield point once it has waited this long.
# interlock.switch-interval=5ms

## Release the lock while a request blocks on servlet I/O (false: hold it through I/O).
# interlock.io-release=true

## Longest wait for a lock; beyond it the request gets 503.
# interlock.lock-timeout=30s

## Requests that may wait for one lock; beyond it 503.
# interlock.max-lock-waiters=64

## Retry-After of every 503 Interlock sends.
# interlock.retry-after=1s

## Log (once per episode, with the holder's stack) a lock held this long while requests wait for it (0: off).
# interlock.hold-warning=100ms

## A request running longer than this is logged once with its thread's stack (0: off).
# interlock.request-timeout=0

## What else to do with it: report (only log) or interrupt (log, interrupt its thread, and log
## it again as unstoppable if it still runs one more timeout later).
# interlock.request-timeout-action=report

## Comma-separated class names of servlets and filters to treat as @NotThreadSafe.
# interlock.not-thread-safe=

## Count, per servlet and filter, the most requests inside it at once; logged when a webapp stops.
# interlock.detect-concurrency=false

## Classes to report loudly (WARN) if two requests were ever inside one at once: the audit's
## flagged classes (the class list of the interlock.not-thread-safe= line interlock-express audit prints).
# interlock.detect-concurrency.watch=

## Executor group of every webapp that does not choose one: server (Jetty's pool) or a declared group.
# interlock.executor-group=server

## Budget of a webapp's whole stopping sequence: drain requests, stopping callbacks, workers.
# interlock.drain-timeout=15s

## Longest wait for a webapp's tracked workers to finish, within that budget; then they are interrupted.
# interlock.worker-join=10s

## Threads still running with a stopped webapp's classloader: report, interrupt (report and interrupt) or ignore.
# interlock.leak-policy=interrupt

## Declare executor groups with default sizes (or size them below).
# interlock.executor-groups=

## A named executor group G (replace G): threads, queued requests, queue timeout, virtual threads (Java 21+).
# interlock.executor-groups.G.threads=16
# interlock.executor-groups.G.queue=256
# interlock.executor-groups.G.queue-timeout=30s
# interlock.executor-groups.G.virtual=false

## Lock options for one executor group, one application group, or both (replace G and A).
# interlock.executor-groups.G.lock=shared
# interlock.application-groups.A.lock=application
# interlock.executor-groups.G.application-groups.A.switch-interval=10ms

## Per-webapp choices (NAME: the context path without '/', ROOT for '/'); the same names
## without the prefix may be set as init parameters in the webapp's context XML.
# interlock.webapps.NAME.executor-group=G
# interlock.webapps.NAME.application-group=A
# interlock.webapps.NAME.routes=/reports/*=reports
# interlock.webapps.NAME.lock=application

## Metrics collection: the timings (lock wait and hold, queue time, utilisation) and the
## samples the status page charts (one a second, five minutes). Counters are always on.
# interlock.metrics.enabled=true

## The status endpoint: a page with live charts at the path, the metrics as JSON at the path
## plus .json. Off by default. Without a role, only loopback clients (judged on the connection,
## never on Forwarded headers) may see it; with a role, clients authenticated (BASIC) through
## the server's one LoginService bean in that role, from anywhere (use HTTPS there). The role
## guards the Prometheus scrape of the interlock-prometheus module too.
# interlock.status.enabled=false
# interlock.status.path=/interlock/status
# interlock.status.role=

## Readiness and liveness for load balancers: readiness at the path (200, or 503 from the
## moment a server stop or an undeploy begins; the path plus /NAME for one webapp, NAME being its
## context path without '/', ROOT for '/'), liveness at its path (200 whenever the server answers).
## Off by default. allow: status (the status page's rules: loopback clients, or the role) or any
## (every client: a balancer on another host, a Kubernetes probe). unready-when-saturated: also
## 503 while an executor group has every thread busy and its queue full.
## See docs/load-balancers.md of Interlock.
# interlock.health.enabled=false
# interlock.health.ready-path=/interlock/ready
# interlock.health.live-path=/interlock/live
# interlock.health.allow=status
# interlock.health.unready-when-saturated=false

## On a server stop (SIGTERM): readiness turns 503 at once, the server serves as before for this
## long so that load balancers take it out, then it drains. Counts against jetty.server.stopTimeout
## (above), which must exceed interlock.stop-delay + interlock.drain-timeout.
# interlock.stop-delay=0

## Interlock's figures in Jetty's request log (enable the requestlog module): executor group,
## application group, queue time, lock wait, lock hold (microseconds) and why a 503 was sent;
## see the "Request log" section of Interlock's jetty-module/README.md.
# jetty.requestlog.formatString=%{client}a - %u %{dd/MMM/yyyy:HH:mm:ss ZZZ|GMT}t "%r" %s %O "%{Referer}i" "%{User-Agent}i" %{interlock.executorGroup}attr %{interlock.applicationGroup}attr %{interlock.queueTime}attr %{interlock.lockWait}attr %{interlock.lockHold}attr %{interlock.refused}attr
# end::documentation[]
