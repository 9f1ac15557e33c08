package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * A steady-state window ({@link LoadDriver#measure}): the clients loop from the start, the
 * first {@code warmupSeconds} are excluded, and the window is measured without stopping the
 * load. The lock benchmarks need this: their serial variants take a second to fill their
 * queues, and a phase that stops its clients would measure the drain. The counters and the CPU
 * meter cover the whole run, warm-up and tail included.
 */
record SteadyWindow(double warmupSeconds, double measureSeconds) implements Measurement
{
    @Override
    public void warmUp(LoadDriver driver, List<LoadDriver.Target> clients)
    {
        // The warm-up is part of the run measure() starts, under the same load as the window.
    }

    @Override
    public LoadDriver.Window measure(LoadDriver driver, List<LoadDriver.Target> clients) throws InterruptedException
    {
        return driver.measure(clients, warmupSeconds, measureSeconds);
    }

    @Override
    public List<String> problems(LoadDriver.Window window)
    {
        List<String> problems = new ArrayList<>();
        if (!window.drained())
            problems.add("the load did not stop within its bounds");
        for (LoadDriver.Series s : window.series().values())
            if (s.measured() == 0)
                problems.add("no request of series " + s.series() + " was measured");
        return problems;
    }
}
