package dev.interlock.express;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Handles a POSIX signal with {@code sun.misc.Signal} (module {@code jdk.unsupported}), reached
 * by reflection so that the launcher compiles without internal-API warnings and still runs
 * where it is missing.
 */
final class Signals
{
    private Signals()
    {
    }

    /**
     * Replaces the JVM's handling of the named signal by {@code handler}, run on a thread of the
     * JVM's own.
     *
     * @param name the signal's name without {@code SIG}: {@code TERM}, {@code INT}
     * @param handler what to do
     * @return whether the handler is installed ({@code false} under {@code -Xrs}, on a
     * platform without that signal, or without {@code sun.misc.Signal})
     */
    static boolean handle(String name, Runnable handler)
    {
        try
        {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Constructor<?> create = signalClass.getConstructor(String.class);
            Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
            Object proxy = Proxy.newProxyInstance(Signals.class.getClassLoader(), new Class<?>[]{handlerClass}, (p, method, args) ->
            {
                switch (method.getName())
                {
                    case "handle" ->
                    {
                        handler.run();
                        return null;
                    }
                    case "hashCode" ->
                    {
                        return System.identityHashCode(p);
                    }
                    case "equals" ->
                    {
                        return p == args[0];
                    }
                    case "toString" ->
                    {
                        return "SIG" + name + " handler of interlock-express";
                    }
                    default -> throw new UnsupportedOperationException(method.toString());
                }
            });
            handle.invoke(null, create.newInstance(name), proxy);
            return true;
        }
        catch (ReflectiveOperationException | RuntimeException | LinkageError e)
        {
            return false;
        }
    }
}
