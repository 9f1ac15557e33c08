package it.war;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.interlock.api.Webapp;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;

/**
 * Packaged into test WARs: registers a stopping callback that waits a minute for something that
 * never comes, as a callback blocked on a dead remote service would, and returns when
 * interrupted.
 */
public class HangingStopListener implements ServletContextListener
{
    @Override
    public void contextInitialized(ServletContextEvent sce)
    {
        CountDownLatch never = new CountDownLatch(1);
        Webapp.current().onStopping(stopping ->
        {
            try
            {
                never.await(60, TimeUnit.SECONDS);
            }
            catch (InterruptedException x)
            {
                System.err.println("HangingStopListener: interrupted at the stopping deadline");
            }
        });
    }
}
