package dev.interlock.benchmarks.load;

import java.util.List;

/**
 * How a cell's load runs and which part of it counts. The lock counters and the CPU meter start
 * after {@link #warmUp} and stop after {@link #measure}, so each kind decides what they cover.
 */
sealed interface Measurement permits Phases, SteadyWindow
{
    /** @return seconds of load before what is measured, excluded */
    double warmupSeconds();

    /** @return seconds measured */
    double measureSeconds();

    /** Loads the server with what must count neither in the figures nor in the counters. */
    void warmUp(LoadDriver driver, List<LoadDriver.Target> clients) throws InterruptedException;

    /** @return what the measured part found, per series of clients */
    LoadDriver.Window measure(LoadDriver driver, List<LoadDriver.Target> clients) throws InterruptedException;

    /** @return why the window cannot be trusted, beyond failed requests; empty if it can */
    List<String> problems(LoadDriver.Window window);
}
