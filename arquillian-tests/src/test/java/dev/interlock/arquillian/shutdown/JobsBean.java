package dev.interlock.arquillian.shutdown;

import dev.interlock.api.Stopping;
import dev.interlock.api.UnfinishedTasks;
import dev.interlock.cdi.Worker;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import journal.Journal;

/**
 * Runs jobs on an injected tracked executor of one thread and writes into the journal named
 * after the webapp what happens when the webapp stops.
 */
@ApplicationScoped
public class JobsBean
{
    @Inject
    @Worker(value = "jobs", threads = 1)
    ManagedExecutorService executor;

    private String book;

    public void book(String book)
    {
        this.book = book;
    }

    public void submit(int count)
    {
        for (int i = 1; i <= count; i++)
        {
            int n = i;
            executor.execute(new Job(book, n));
        }
    }

    void stopping(@Observes Stopping stopping)
    {
        Journal.add(book, "stopping " + stopping.reason() + " with usable beans " + (executor != null));
    }

    void unfinished(@Observes UnfinishedTasks unfinished)
    {
        Journal.add(book, "handed back " + unfinished.executor() + " " + unfinished.tasks());
    }

    void beforeDestroyed(@Observes @BeforeDestroyed(ApplicationScoped.class) Object context)
    {
        Journal.add(book, "before destroyed");
    }

    @PreDestroy
    void preDestroy()
    {
        Journal.add(book, "pre destroy");
    }

    /** Waits for the journal's gate; ends early when interrupted. */
    record Job(String book, int n) implements Runnable
    {
        @Override
        public void run()
        {
            Journal.add(book, "job " + n + " started");
            boolean opened = Journal.park(book);
            Journal.add(book, "job " + n + (opened ? " done" : " interrupted"));
        }

        @Override
        public String toString()
        {
            return "job " + n;
        }
    }
}
