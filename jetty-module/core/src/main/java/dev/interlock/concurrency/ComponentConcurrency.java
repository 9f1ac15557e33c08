package dev.interlock.concurrency;

/**
 * One servlet or filter instance's figures at one moment ({@code interlock.detect-concurrency}).
 *
 * @param className its class
 * @param kind {@code servlet} or {@code filter}
 * @param maxConcurrent the most requests that were inside it at once since it was initialised
 * @param active requests inside it now
 * @param requests requests it has served (entries, a re-entry by the same request not counted)
 * @param watched whether its class is watched ({@code interlock.detect-concurrency.watch})
 */
public record ComponentConcurrency(String className, String kind, int maxConcurrent, int active, long requests, boolean watched)
{
    /**
     * @return whether two requests or more were ever inside it at once
     */
    public boolean enteredConcurrently()
    {
        return maxConcurrent > 1;
    }
}
