package dev.interlock.api.spi;

import dev.interlock.api.Webapp;

/**
 * The service behind {@link Webapp#current()}: finds the webapp of the calling thread (by its
 * context classloader). Installed by the engine; application code does not use this type.
 */
public interface Webapps
{
    /** What answers when no engine is installed. */
    Webapps NONE = new Webapps()
    {
        @Override
        public Webapp current()
        {
            throw notInstalled();
        }

        @Override
        public Webapp of(ClassLoader loader)
        {
            throw notInstalled();
        }

        private IllegalStateException notInstalled()
        {
            return new IllegalStateException("Interlock is not installed in this server: stopping callbacks, tracked workers and settings need the Interlock engine");
        }
    };

    /**
     * @return the webapp whose classloader is the calling thread's context classloader
     * @throws IllegalStateException if there is none (a thread outside any webapp)
     */
    Webapp current();

    /**
     * @param loader a classloader
     * @return the webapp whose classloader it is, or one of its ancestors is
     * @throws IllegalStateException if there is none
     */
    Webapp of(ClassLoader loader);

    static Webapps installed()
    {
        return Installed.SLOT.current();
    }

    static void install(Webapps webapps)
    {
        Installed.SLOT.install(webapps);
    }

    static void uninstall(Webapps webapps)
    {
        Installed.SLOT.uninstall(webapps);
    }

    /** Holder of the installed implementation. */
    final class Installed
    {
        private static final Slot<Webapps> SLOT = new Slot<>(NONE);

        private Installed()
        {
        }
    }
}
