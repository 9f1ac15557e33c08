# DO NOT EDIT - See: jetty-module/README.md of Interlock

[description]
Interlock for ee11 webapps: a Configuration, found through ServiceLoader, that applies
Interlock to every ee11 WebAppContext, and the Servlet API layer it uses. Enables the
interlock module (the engine). May be enabled next to interlock-ee10: each environment
loads its own copy of these jars, and the webapps of both share the engine's executor
groups and locks.

[tags]
server

[environment]
ee11

[depends]
interlock
ee11-webapp

[lib]
lib/interlock/ee11/interlock-servlet.jar
lib/interlock/ee11/interlock-ee11.jar
