package dev.interlock.api;

import java.util.ArrayList;
import java.util.List;

import dev.interlock.api.spi.YieldPoints;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

public class InterlockTest
{
    @Test
    public void withoutAnEngineSectionsJustRun() throws Exception
    {
        assertSame(YieldPoints.NONE, YieldPoints.current());
        assertEquals("done", Interlock.blocking(() -> "done"));
        List<String> ran = new ArrayList<>();
        Interlock.blocking(() -> ran.add("void"));
        Interlock.<InterruptedException>blocking(() -> Thread.sleep(1));
        Interlock.checkpoint();
        assertEquals(List.of("void"), ran);
        assertFalse(Interlock.holdsLock());
        assertThrows(IllegalStateException.class, () -> Interlock.blocking(() ->
        {
            throw new IllegalStateException("propagated");
        }));
    }

    @Test
    public void anEngineStaysInstalledUntilEveryServerUninstallsIt()
    {
        List<String> calls = new ArrayList<>();
        YieldPoints engine = new YieldPoints()
        {
            @Override
            public <T, X extends Throwable> T blocking(Interlock.Section<T, X> section) throws X
            {
                calls.add("blocking");
                return section.call();
            }

            @Override
            public void checkpoint()
            {
                calls.add("checkpoint");
            }

            @Override
            public boolean holdsLock()
            {
                return true;
            }
        };
        YieldPoints.install(engine);
        YieldPoints.install(engine);
        try
        {
            assertThrows(IllegalStateException.class, () -> YieldPoints.install(YieldPoints.NONE));
            YieldPoints.uninstall(engine);
            Interlock.checkpoint();
            assertEquals(List.of("checkpoint"), calls);
        }
        finally
        {
            YieldPoints.uninstall(engine);
        }
        assertSame(YieldPoints.NONE, YieldPoints.current());
    }
}
