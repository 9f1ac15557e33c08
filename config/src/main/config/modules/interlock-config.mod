# DO NOT EDIT - See: config/README.md of Interlock

[description]
Interlock's MicroProfile Config binding: each webapp may configure itself (executor group
among those declared, application group, lock discipline, routes, not-thread-safe classes,
concurrency detection and its watch list, drain timeout) in its own
META-INF/microprofile-config.properties, read with SmallRye Config
through the webapp's classloader at deploy. The operator's settings (this base's ini files,
-D, Jetty XML, context XML, environment variables) naming the webapp or its application group
win over the webapp's file; see config/README.md for the whole order.
Webapps that do not bundle MicroProfile Config get this server's SmallRye Config; the Config
it keeps for a webapp's classloader is released when the webapp stops.

[tags]
server
interlock

[depends]
interlock

[lib]
lib/interlock/config/*.jar
