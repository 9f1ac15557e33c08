package dev.interlock.express.compare;

/**
 * What the WAR did under one discipline.
 *
 * @param mount where it ran
 * @param load the measured run's requests, answers and latencies
 * @param lock what the lock in force did over that run
 * @param check the counter check, or {@code null} if none was asked for
 * @param cpuNanos the CPU time this JVM used over the measured run, the load's client included
 * (server and client share the machine); -1 where the JVM does not say
 */
public record DisciplineRun(Mount mount, LoadResult load, LockFigures lock, CounterCheck.Result check, long cpuNanos)
{
    /**
     * @return the cores this JVM kept busy over the run, on average (2.0: two cores all the
     * time); {@code null} if unknown
     */
    public Double cpuCores()
    {
        return cpuNanos < 0 || load.elapsedNanos() <= 0 ? null : (double)cpuNanos / load.elapsedNanos();
    }
}
