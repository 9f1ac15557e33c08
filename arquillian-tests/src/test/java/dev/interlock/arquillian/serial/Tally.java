package dev.interlock.arquillian.serial;

import dev.interlock.api.NotThreadSafe;
import jakarta.enterprise.context.ApplicationScoped;

/** Part of the serial WAR: the racy counter, declared not thread-safe. */
@NotThreadSafe
@ApplicationScoped
public class Tally extends RacyCounter
{
}
