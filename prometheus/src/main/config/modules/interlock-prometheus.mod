# DO NOT EDIT - See: prometheus/README.md of Interlock

[description]
A Prometheus scrape of Interlock's metrics (executor groups, application groups, locks) at
/interlock/metrics, next to the status page and under its access rules: loopback clients only,
or clients authenticated with BASIC in interlock.status.role. Brings Micrometer and its
Prometheus registry onto the server's classpath (lib/interlock/prometheus).

[tags]
server
interlock

[depends]
interlock

[lib]
lib/interlock/prometheus/*.jar

[ini-template]
## Serve the scrape (off when this line is commented out).
interlock.prometheus.enabled=true
## Where, on every connector (default /interlock/metrics).
# interlock.prometheus.path=/interlock/metrics
## Scrapers from other hosts: a role of the server's LoginService (see jetty-module/README.md).
# interlock.status.role=metrics
