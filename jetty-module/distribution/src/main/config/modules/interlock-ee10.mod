# DO NOT EDIT - See: jetty-module/README.md of Interlock

[description]
Interlock for ee10 webapps: a Configuration, found through ServiceLoader, that applies
Interlock to every ee10 WebAppContext, and the Servlet API layer it uses. Enables the
interlock module (the engine).

[tags]
server

[environment]
ee10

[depends]
interlock
ee10-webapp

[lib]
lib/interlock/ee10/interlock-servlet.jar
lib/interlock/ee10/interlock-ee10.jar
