package dev.interlock.benchmarks.load;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * A warm-up phase, then a separate measured phase ({@link LoadDriver#run}): every client stops
 * at the end of each, and a phase lasts until its last request has completed. The counters and
 * the CPU meter cover the measured phase alone, which is what makes CPU per request meaningful
 * for the overhead benchmark, whose requests cost tens of microseconds.
 *
 * <p>A phase does not tell its clients apart: the window it returns has one series, named
 * after the clients' (which must all be the same).</p>
 *
 * @param warmupSeconds 0 for no warm-up phase
 */
record Phases(double warmupSeconds, double measureSeconds) implements Measurement
{
    @Override
    public void warmUp(LoadDriver driver, List<LoadDriver.Target> clients) throws InterruptedException
    {
        if (warmupSeconds > 0)
            driver.run(uris(clients), warmupSeconds);
    }

    @Override
    public LoadDriver.Window measure(LoadDriver driver, List<LoadDriver.Target> clients) throws InterruptedException
    {
        String series = clients.get(0).series();
        if (clients.stream().anyMatch(c -> !c.series().equals(series)))
            throw new IllegalArgumentException("a phase measures one series of clients, not " + clients);
        LoadDriver.Phase phase = driver.run(uris(clients), measureSeconds);
        // Every request of the phase is in the window: sent, completed and measured are one count.
        LoadDriver.Series all = new LoadDriver.Series(series, clients.size(), phase.requests(), phase.requests(), phase.errors(),
            phase.requests(), phase.elapsedNanos(), phase.latencyMicros());
        return new LoadDriver.Window(Map.of(series, all), phase.drained());
    }

    @Override
    public List<String> problems(LoadDriver.Window window)
    {
        return window.drained() ? List.of() : List.of("phase did not drain within " + LoadDriver.DRAIN_SECONDS + " s");
    }

    private static List<URI> uris(List<LoadDriver.Target> clients)
    {
        return clients.stream().map(LoadDriver.Target::uri).toList();
    }
}
