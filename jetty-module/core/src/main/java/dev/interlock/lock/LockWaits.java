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
        WAITING.computeIfAbsent(lock, l -> ConcurrentHashMap.newKeySet()).add(w);
        return w;
    }

    public static void remove(Waiting w)
    {
        Set<Waiting> set = WAITING.get(w.lock());
        if (set != null)
            set.remove(w);
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
