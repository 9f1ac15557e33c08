package dev.interlock.workers;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.concurrent.ContextService;

/**
 * The context a webapp's tracked workers propagate: its classloader as the thread context
 * classloader, which is what a servlet container can offer (no JNDI, no transactions).
 */
final class WebappContextService implements ContextService
{
    private final ClassLoader loader;
    private final Executor executor;

    WebappContextService(ClassLoader loader, Executor executor)
    {
        this.loader = loader;
        this.executor = executor;
    }

    private <T> T call(Callable<T> body) throws Exception
    {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try
        {
            return body.call();
        }
        finally
        {
            thread.setContextClassLoader(previous);
        }
    }

    private <T> T unchecked(Callable<T> body)
    {
        try
        {
            return call(body);
        }
        catch (RuntimeException | Error x)
        {
            throw x;
        }
        catch (Exception x)
        {
            throw new IllegalStateException(x);
        }
    }

    @Override
    public <R> Callable<R> contextualCallable(Callable<R> callable)
    {
        return () -> call(callable);
    }

    @Override
    public <T, U> BiConsumer<T, U> contextualConsumer(BiConsumer<T, U> consumer)
    {
        return (t, u) -> unchecked(() ->
        {
            consumer.accept(t, u);
            return null;
        });
    }

    @Override
    public <T> Consumer<T> contextualConsumer(Consumer<T> consumer)
    {
        return t -> unchecked(() ->
        {
            consumer.accept(t);
            return null;
        });
    }

    @Override
    public <T, U, R> BiFunction<T, U, R> contextualFunction(BiFunction<T, U, R> function)
    {
        return (t, u) -> unchecked(() -> function.apply(t, u));
    }

    @Override
    public <T, R> Function<T, R> contextualFunction(Function<T, R> function)
    {
        return t -> unchecked(() -> function.apply(t));
    }

    @Override
    public Runnable contextualRunnable(Runnable runnable)
    {
        return () -> unchecked(() ->
        {
            runnable.run();
            return null;
        });
    }

    @Override
    public <R> Supplier<R> contextualSupplier(Supplier<R> supplier)
    {
        return () -> unchecked(supplier::get);
    }

    @Override
    public <T> Flow.Subscriber<T> contextualSubscriber(Flow.Subscriber<T> subscriber)
    {
        return createContextualProxy(subscriber, Flow.Subscriber.class);
    }

    @Override
    public <T, R> Flow.Processor<T, R> contextualProcessor(Flow.Processor<T, R> processor)
    {
        return createContextualProxy(processor, Flow.Processor.class);
    }

    @Override
    public <T> T createContextualProxy(T instance, Class<T> type)
    {
        return type.cast(createContextualProxy(instance, Map.of(), new Class<?>[]{type}));
    }

    @Override
    public Object createContextualProxy(Object instance, Class<?>... interfaces)
    {
        return createContextualProxy(instance, Map.of(), interfaces);
    }

    @Override
    public <T> T createContextualProxy(T instance, Map<String, String> executionProperties, Class<T> type)
    {
        return type.cast(createContextualProxy(instance, executionProperties, new Class<?>[]{type}));
    }

    @Override
    public Object createContextualProxy(Object instance, Map<String, String> executionProperties, Class<?>... interfaces)
    {
        for (Class<?> type : interfaces)
        {
            if (!type.isInstance(instance))
                throw new IllegalArgumentException(instance + " does not implement " + type.getName());
        }
        return Proxy.newProxyInstance(loader, interfaces, (proxy, method, args) ->
        {
            if (method.getDeclaringClass() == Object.class)
                return method.invoke(instance, args);
            try
            {
                return call(() -> method.invoke(instance, args));
            }
            catch (InvocationTargetException x)
            {
                throw x.getCause();
            }
        });
    }

    @Override
    public Executor currentContextExecutor()
    {
        return task -> contextualRunnable(task).run();
    }

    @Override
    public Map<String, String> getExecutionProperties(Object contextualProxy)
    {
        if (!Proxy.isProxyClass(contextualProxy.getClass()))
            throw new IllegalArgumentException("Not a contextual proxy: " + contextualProxy);
        return Map.of();
    }

    @Override
    public <T> CompletableFuture<T> withContextCapture(CompletableFuture<T> stage)
    {
        ManagedFuture<T> copy = new ManagedFuture<>(executor);
        stage.whenComplete((value, failure) ->
        {
            if (failure != null)
                copy.completeExceptionally(failure);
            else
                copy.complete(value);
        });
        return copy;
    }

    @Override
    public <T> CompletionStage<T> withContextCapture(CompletionStage<T> stage)
    {
        return withContextCapture(stage.toCompletableFuture());
    }
}
