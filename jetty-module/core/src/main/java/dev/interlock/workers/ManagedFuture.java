package dev.interlock.workers;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * A {@link CompletableFuture} whose dependent stages run on a tracked executor by default, as
 * Jakarta Concurrency requires of the futures a managed executor returns.
 *
 * @param <T> the result type
 */
final class ManagedFuture<T> extends CompletableFuture<T>
{
    private final Executor executor;

    ManagedFuture(Executor executor)
    {
        this.executor = executor;
    }

    @Override
    public Executor defaultExecutor()
    {
        return executor;
    }

    @Override
    public <U> CompletableFuture<U> newIncompleteFuture()
    {
        return new ManagedFuture<>(executor);
    }
}
