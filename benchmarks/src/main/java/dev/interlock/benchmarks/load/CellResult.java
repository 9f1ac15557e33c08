package dev.interlock.benchmarks.load;

import java.util.Map;

/**
 * What one cell measured in one round.
 *
 * @param round from 0; -1 in the JIT warm-up pass
 * @param position its place in the round, from 0
 * @param window the measured load, per series of clients
 * @param locks the lock counters over what the measurement covers (see {@link Measurement})
 * @param lockWaits how long the contended acquisitions of that span waited, by bucket
 * (multiples of the switch interval)
 * @param qosSuspended requests the QoSHandler suspended, or -1 without one
 * @param ownCpu this JVM's CPU (server and client) as a share of the machine, over the same span
 * @param otherCpu other processes' CPU, same unit: noise
 * @param stealCpu CPU stolen by the hypervisor, same unit: noise
 * @param cpuNanos this JVM's CPU time over the same span, in nanoseconds
 */
record CellResult<C extends Cell>(int round, int position, C cell, LoadDriver.Window window, LockCounts locks, Map<String, Long> lockWaits,
                                  long qosSuspended, double ownCpu, double otherCpu, double stealCpu, long cpuNanos)
{
    /**
     * @return this JVM's CPU time (client and server together) per request completed over the
     * span the CPU meter covered, in microseconds: the measured phase for {@link Phases}, the
     * whole run of a {@link SteadyWindow} (warm-up and tail under the same load included); NaN
     * if unknown
     */
    double cpuMicrosPerRequest()
    {
        long requests = window.series().values().stream().mapToLong(LoadDriver.Series::completed).sum();
        return requests == 0 || cpuNanos < 0 ? Double.NaN : cpuNanos / 1e3 / requests;
    }

    /** @return requests per second of every series together */
    double throughput()
    {
        return window.series().values().stream().mapToDouble(LoadDriver.Series::throughput).sum();
    }

    long completed()
    {
        return window.series().values().stream().mapToLong(LoadDriver.Series::completed).sum();
    }

    long errors()
    {
        return window.series().values().stream().mapToLong(LoadDriver.Series::errors).sum();
    }

    /** @return percentile of the series' latency, in ms */
    double percentileMs(String series, double percentile)
    {
        return window.get(series).latencyMicros().getValueAtPercentile(percentile) / 1000.0;
    }
}
