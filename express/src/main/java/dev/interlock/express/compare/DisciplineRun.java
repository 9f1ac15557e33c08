package dev.interlock.express.compare;

/**
 * What the WAR did under one discipline.
 *
 * @param mount where it ran
 * @param load the measured run's requests, answers and latencies
 * @param lock what the lock in force did over that run
 * @param check the counter check, or {@code null} if none was asked for
 */
public record DisciplineRun(Mount mount, LoadResult load, LockFigures lock, CounterCheck.Result check)
{
}
