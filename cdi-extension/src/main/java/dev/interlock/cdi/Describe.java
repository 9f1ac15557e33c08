package dev.interlock.cdi;

import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Member;
import java.lang.reflect.Type;
import java.util.Arrays;
import java.util.stream.Collectors;

import jakarta.enterprise.inject.spi.AnnotatedParameter;
import jakarta.enterprise.inject.spi.InjectionPoint;
import jakarta.enterprise.inject.spi.ObserverMethod;

/** How messages name injection points, observers and qualifiers. */
final class Describe
{
    private Describe()
    {
    }

    /**
     * @return {@code field dev.example.Indexer.executor}, or
     * {@code parameter 1 of dev.example.Indexer.start(ManagedExecutorService, String)},
     * or {@code parameter 1 of dev.example.Indexer(ManagedExecutorService)} for a constructor;
     * {@code a programmatic lookup} for {@code Instance.select(...)} on the container
     */
    static String injectionPoint(InjectionPoint ip)
    {
        if (ip.getAnnotated() instanceof AnnotatedParameter<?> parameter
            && parameter.getDeclaringCallable().getJavaMember() instanceof Executable executable)
        {
            String owner = executable.getDeclaringClass().getName();
            String name = executable instanceof Constructor<?> ? owner : owner + "." + executable.getName();
            String parameters = Arrays.stream(executable.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "));
            return "parameter " + (parameter.getPosition() + 1) + " of " + name + "(" + parameters + ")";
        }
        Member member = ip.getMember();
        if (member != null)
            return "field " + member.getDeclaringClass().getName() + "." + member.getName();
        return "a programmatic lookup";
    }

    /**
     * @return {@code @Worker(value = "indexer", threads = 2)}
     */
    static String worker(String name, int threads)
    {
        return "@Worker(value = \"" + name + "\", threads = " + threads + ")";
    }

    /**
     * @return the observer's bean class and priority, and the implementation's own description
     */
    static String observer(ObserverMethod<?> observer)
    {
        return observer.getBeanClass().getName() + " (priority " + observer.getPriority() + "): " + observer;
    }

    static String type(Type type)
    {
        return type instanceof Class<?> c ? c.getName() : type.getTypeName();
    }
}
