# DO NOT EDIT - See: jetty-module/README.md of Interlock

[description]
Interlock for ee10 webapps: a Configuration, found through ServiceLoader, that applies
Interlock to every ee10 WebAppContext. Enabled by the interlock module.

[tags]
server

[environment]
ee10

[depends]
ee10-webapp

[lib]
lib/interlock/ee10/interlock-ee10.jar
