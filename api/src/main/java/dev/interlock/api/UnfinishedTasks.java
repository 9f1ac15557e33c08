package dev.interlock.api;

import java.util.List;
import java.util.Objects;

/**
 * Tasks a tracked executor still held, never started, when its webapp's stopping deadline
 * came: they are not dropped but handed back to the application (and reported in the log).
 */
public final class UnfinishedTasks
{
    private final String contextPath;
    private final String executor;
    private final List<Runnable> tasks;

    private UnfinishedTasks(String contextPath, String executor, List<Runnable> tasks)
    {
        this.contextPath = Objects.requireNonNull(contextPath, "contextPath");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.tasks = List.copyOf(tasks);
    }

    /**
     * @param contextPath the webapp's context path
     * @param executor the executor's name
     * @param tasks the tasks never started
     * @return the hand-back
     */
    public static UnfinishedTasks of(String contextPath, String executor, List<Runnable> tasks)
    {
        return new UnfinishedTasks(contextPath, executor, tasks);
    }

    public String contextPath()
    {
        return contextPath;
    }

    /**
     * @return the name the executor was created with
     */
    public String executor()
    {
        return executor;
    }

    /**
     * @return the tasks, in the order they were queued
     */
    public List<Runnable> tasks()
    {
        return tasks;
    }

    @Override
    public String toString()
    {
        return "UnfinishedTasks{" + contextPath + ", executor " + executor + ", " + tasks.size() + " tasks}";
    }
}
