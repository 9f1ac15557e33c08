package dev.interlock.api.spi;

import dev.interlock.api.Interlock;

/**
 * The service behind {@link Interlock}: the engine installs one when it starts and removes it
 * when it stops. Application code does not use this type.
 *
 * <p>The API jar is meant to be shared by the server and every webapp (Jetty exposes the
 * server's copy to webapps), so one installed engine serves them all. A webapp that bundles a
 * copy of its own sees no engine: its sections run unchanged and its checkpoints do nothing.</p>
 */
public interface YieldPoints
{
    /** What runs when no engine is installed: nothing is ever locked. */
    YieldPoints NONE = new YieldPoints()
    {
        @Override
        public <T, X extends Throwable> T blocking(Interlock.Section<T, X> section) throws X
        {
            return section.call();
        }

        @Override
        public void checkpoint()
        {
        }

        @Override
        public boolean holdsLock()
        {
            return false;
        }

        @Override
        public String toString()
        {
            return "YieldPoints.NONE";
        }
    };

    /**
     * @see Interlock#blocking(Interlock.Section)
     */
    <T, X extends Throwable> T blocking(Interlock.Section<T, X> section) throws X;

    /**
     * @see Interlock#checkpoint()
     */
    void checkpoint();

    /**
     * @see Interlock#holdsLock()
     */
    boolean holdsLock();

    /**
     * @return the installed engine, or {@link #NONE}
     */
    static YieldPoints current()
    {
        return Installed.SLOT.current();
    }

    /**
     * Installs the engine's implementation. Several servers of one JVM each install the same
     * implementation; it stays installed until each has uninstalled it.
     *
     * @param yieldPoints the implementation
     * @throws IllegalStateException if another implementation is installed
     */
    static void install(YieldPoints yieldPoints)
    {
        Installed.SLOT.install(yieldPoints);
    }

    /**
     * Undoes one {@link #install}; the last one removes the implementation.
     *
     * @param yieldPoints the implementation installed earlier
     */
    static void uninstall(YieldPoints yieldPoints)
    {
        Installed.SLOT.uninstall(yieldPoints);
    }

    /** Holder of the installed implementation. */
    final class Installed
    {
        private static final Slot<YieldPoints> SLOT = new Slot<>(NONE);

        private Installed()
        {
        }
    }
}
