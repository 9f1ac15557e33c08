package dev.interlock.arquillian.serial;

import jakarta.enterprise.context.ApplicationScoped;

/** Part of the serial WAR: the same racy counter, unmarked (the twin that loses updates). */
@ApplicationScoped
public class UnsafeTally extends RacyCounter
{
}
