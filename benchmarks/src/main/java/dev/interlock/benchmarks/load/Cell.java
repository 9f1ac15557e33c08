package dev.interlock.benchmarks.load;

import java.util.List;

/**
 * One variant of one benchmark: the server to start, the clients to run against it, and what
 * the engine's lock counters must show for its figures to mean anything ({@link Checks}).
 */
interface Cell
{
    /** @return the benchmark (or scenario) whose variants alternate within a round */
    String benchmark();

    /** @return a short stable name of the variant within its benchmark */
    String key();

    /** @return what the variant is, for people */
    String label();

    /** @return whether a lock is in force: then every request must take one, otherwise none may */
    boolean locked();

    /** @param wars the sample WARs, or {@code null} if the suite deploys none */
    BenchServer.Spec server(Wars wars);

    /** @return one target per client, each with one request outstanding at a time */
    List<LoadDriver.Target> clients(BenchServer server);

    /** @return at most 1 in this many lock acquisitions may have waited; 0 for no such check */
    default long maxContendedOneIn()
    {
        return 0;
    }

    /** @return whether the JIT warm-up pass runs it: a server identical to another's may skip it */
    default boolean jitWarmup()
    {
        return true;
    }

    default String id()
    {
        return benchmark() + "/" + key();
    }
}
