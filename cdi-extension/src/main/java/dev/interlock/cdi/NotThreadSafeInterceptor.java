package dev.interlock.cdi;

import dev.interlock.api.NotThreadSafe;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;

/**
 * Runs every business method of a {@link NotThreadSafe} bean under the webapp's
 * not-thread-safe lock ({@code Webapp.serialized}), whichever thread calls it: a request
 * thread, a tracked worker, a thread of the application's own.
 *
 * <p>Added by the extension ({@code BeforeBeanDiscovery.addAnnotatedType}, with
 * {@code NotThreadSafe} declared an interceptor binding there), never discovered: the
 * extension's jar is no bean archive. Enabled for the whole application by its priority,
 * {@code PLATFORM_BEFORE + 100}: it runs outside platform interceptors such as transactions
 * ({@code PLATFORM_BEFORE + 200}) and every application interceptor, so that the whole call,
 * theirs included, is serialised, and no transaction is kept open while the lock is awaited.</p>
 *
 * <p>Blocks until the lock is had, at most {@code interlock.lock-timeout}; then throws the
 * engine's {@link IllegalStateException} and the method does not run. The lock is re-entrant:
 * a marked bean calling another, or itself, from under the lock does not wait.</p>
 */
@NotThreadSafe
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
class NotThreadSafeInterceptor
{
    /** Portable extensions are beans: this is the container's own instance. */
    @Inject
    InterlockExtension extension;

    @AroundInvoke
    Object serialize(InvocationContext invocation) throws Exception
    {
        return extension.notThreadSafe().serialized(invocation);
    }
}
