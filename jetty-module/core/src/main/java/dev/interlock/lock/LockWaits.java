package dev.interlock.lock;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The requests waiting now for each lock, with where they came from: what the watchdog needs to
 * tell a request waiting for a lock held by a thread that waits for that very request (a webapp
 * calling itself over HTTP under a lock). Kept apart from {@link GroupLock}, whose paths stay as
 * they are: a dispatch registers only when it finds the lock held by another thread, the case
 * that is about to wait anyway.
 */
public final class LockWaits
{
    private static final Map<GroupLock, Set<Waiting>> WAITING = new ConcurrentHashMap<>();

    private LockWaits()
    {
    }

    /**
     * A request waiting for a lock.
     *
     * @param lock the lock
     * @param remoteAddress the client's address, as the connection gives it
     * @param remotePort the client's port
     * @param what the request, for the report ({@code toString()} is read on the watchdog's thread)
     */
    public record Waiting(GroupLock lock, String remoteAddress, int remotePort, Object what)
    {
    }

    /**
     * Registers a request about to wait for {@code lock}; call {@link #remove} in a {@code finally}.
     *
     * @return the registration
     */
    public static Waiting add(GroupLock lock, String remoteAddress, int remotePort, Object what)
    {
        Waiting w = new Waiting(lock, remoteAddress, remotePort, what);
        // Added and removed inside the map's per-key atomic operations, so that a lock nobody
        // waits for leaves no entry (the map is static: an undeployed webapp's lock must not
        // stay in it) and a removal emptying the set cannot race an addition into a dropped set.
        WAITING.compute(lock, (l, set) ->
        {
            Set<Waiting> s = set == null ? ConcurrentHashMap.newKeySet() : set;
            s.add(w);
            return s;
        });
        return w;
    }

    /**
     * Ends a registration made by {@link #add}.
     *
     * @param w the registration
     */
    public static void remove(Waiting w)
    {
        WAITING.computeIfPresent(w.lock(), (l, set) ->
        {
            set.remove(w);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * @param lock a lock
     * @return the requests registered as waiting for it now
     */
    public static Collection<Waiting> of(GroupLock lock)
    {
        Set<Waiting> set = WAITING.get(lock);
        return set == null ? List.of() : List.copyOf(set);
    }
}
