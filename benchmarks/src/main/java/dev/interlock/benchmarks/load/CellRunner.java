package dev.interlock.benchmarks.load;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * Runs one cell once: starts its server and a client, measures, and stops both, so that no cell
 * shares a server, a connection or a thread with another.
 */
final class CellRunner
{
    private CellRunner()
    {
    }

    /**
     * @param round from 0, or -1 for the JIT warm-up pass
     * @param position its place in the round
     * @param rounds how many rounds the suite has, for the progress line
     */
    static <C extends Cell> CellResult<C> run(C cell, Wars wars, Measurement measurement, int round, int position, int rounds,
                                              PrintStream log) throws Exception
    {
        CellResult<C> result;
        BenchServer server = BenchServer.start(cell.server(wars));
        LoadDriver driver = null;
        try
        {
            List<LoadDriver.Target> clients = cell.clients(server);
            driver = new LoadDriver(clients.size());
            measurement.warmUp(driver, clients);
            LockCounts before = server.lockCounts();
            Map<String, Long> waitsBefore = server.lockWaits();
            CpuMeter cpu = CpuMeter.start();
            LoadDriver.Window window = measurement.measure(driver, clients);
            double[] shares = cpu.shares();
            long cpuNanos = cpu.ownNanos();
            LockCounts locks = server.lockCounts().since(before);
            Map<String, Long> waits = new LinkedHashMap<>(server.lockWaits());
            waits.replaceAll((bucket, count) -> count - waitsBefore.getOrDefault(bucket, 0L));
            result = new CellResult<>(round, position, cell, window, locks, waits, server.qosSuspended(), shares[0], shares[1], shares[2], cpuNanos);
        }
        finally
        {
            // Client first, then server: no leaked threads from one cell into the next.
            try
            {
                if (driver != null)
                    driver.stop();
            }
            finally
            {
                server.stop();
            }
        }
        log.println(progress(result, rounds));
        // Let the stopped server's garbage go before the next cell, so no cell pays for another's.
        System.gc();
        Thread.sleep(100);
        return result;
    }

    private static String progress(CellResult<?> result, int rounds)
    {
        int round = result.round();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %s %-30s",
            round < 0 ? "warm-up   " : String.format(Locale.ROOT, "round %d/%d", round + 1, rounds), result.cell().id()));
        for (LoadDriver.Series s : result.window().series().values())
        {
            Histogram h = s.latencyMicros();
            line.append(String.format(Locale.ROOT, "  %s: %8.1f req/s p50 %7.2f p99 %7.2f ms", s.series(), s.throughput(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0));
            if (s.errors() > 0)
                line.append(" ERRORS ").append(s.errors());
        }
        LockCounts locks = result.locks();
        line.append(String.format(Locale.ROOT, "  locks %d (contended %d, hand-overs %d)  cpu %.0f%% (others %.0f%%), %.0f us/req%s",
            locks.acquisitions(), locks.contended(), locks.handOvers(), 100 * result.ownCpu(), 100 * (result.otherCpu() + result.stealCpu()),
            result.cpuMicrosPerRequest(), result.window().drained() ? "" : "  NOT DRAINED"));
        return line.toString();
    }
}
