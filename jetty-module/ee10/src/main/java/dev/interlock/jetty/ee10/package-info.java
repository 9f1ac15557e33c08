/**
 * Interlock's adapter for Jetty's ee10 environment: the {@code Configuration} every
 * {@code WebAppContext} of the environment gets through {@code ServiceLoader},
 * {@code InterlockServlets.enable} for embedded contexts, and what only the environment's holders,
 * requests and channels can tell or do.
 *
 * <p>One source for Jetty's ee1x environments: the build of {@code interlock-ee11} compiles these
 * files with the environment's name replaced in package names, class names and text (see
 * {@code jetty-module/ee11/README.md}). Write nothing here that holds for one of them only.</p>
 */
package dev.interlock.jetty.ee10;
