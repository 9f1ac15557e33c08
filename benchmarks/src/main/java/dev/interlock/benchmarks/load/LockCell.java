package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Every (benchmark, variant) cell of the lock benchmarks ({@link LockBenchmarks}). */
enum LockCell implements Cell
{
    PAR_SHARED(LockBenchmarks.Bench.PARALLELISM, "shared", "Interlock, shared (one lock for both webapps)"),
    PAR_APPLICATION(LockBenchmarks.Bench.PARALLELISM, "application", "Interlock, application (a lock per webapp)"),
    PAR_FREE(LockBenchmarks.Bench.PARALLELISM, "free", "Interlock, free"),
    PAR_SHARED_VIRTUAL(LockBenchmarks.Bench.PARALLELISM, "shared-virtual", "Interlock, shared, virtual executor group"),
    PAR_APPLICATION_VIRTUAL(LockBenchmarks.Bench.PARALLELISM, "application-virtual", "Interlock, application, virtual executor group"),
    PAR_FREE_VIRTUAL(LockBenchmarks.Bench.PARALLELISM, "free-virtual", "Interlock, free, virtual executor group"),
    IO_FREE(LockBenchmarks.Bench.IO_RELEASE, "free", "Interlock, free; waits in blocking()"),
    IO_SHARED(LockBenchmarks.Bench.IO_RELEASE, "shared", "Interlock, shared; waits in blocking()"),
    IO_FREE_PLAIN(LockBenchmarks.Bench.IO_RELEASE, "free-plain", "Interlock, free; plain waits (mode=plain)"),
    IO_SHARED_PLAIN(LockBenchmarks.Bench.IO_RELEASE, "shared-plain", "Interlock, shared; plain waits (mode=plain)"),
    IO_QOS(LockBenchmarks.Bench.IO_RELEASE, "qos-1", "plain Jetty, QoSHandler maxRequestCount=1"),
    IO_SYNCHRONIZED(LockBenchmarks.Bench.IO_RELEASE, "synchronized", "plain Jetty, synchronized doGet"),
    CONVOY_ALONE(LockBenchmarks.Bench.CONVOY, "shared-alone", "Interlock, shared; io-bound alone"),
    CONVOY_SHARED(LockBenchmarks.Bench.CONVOY, "shared-convoy", "Interlock, shared; io-bound + 1 cpu-bound client"),
    CONVOY_FREE(LockBenchmarks.Bench.CONVOY, "free-convoy", "Interlock, free; io-bound + 1 cpu-bound client (reference)");

    final LockBenchmarks.Bench bench;
    final String key;
    final String label;

    LockCell(LockBenchmarks.Bench bench, String key, String label)
    {
        this.bench = bench;
        this.key = key;
        this.label = label;
    }

    /** The executor group of the virtual-thread cells. */
    static final String VIRTUAL_GROUP = "vt";

    /** @return the cells of {@code bench} this JVM can run: the virtual-thread ones need Java 21+ */
    static List<LockCell> of(LockBenchmarks.Bench bench)
    {
        List<LockCell> cells = new ArrayList<>();
        for (LockCell c : values())
            if (c.bench == bench && (!c.virtual() || virtualThreads()))
                cells.add(c);
        return cells;
    }

    static boolean virtualThreads()
    {
        return Runtime.version().feature() >= 21;
    }

    /**
     * @return whether the cell's webapps run in an executor group of virtual threads (both in
     * one group, {@value #VIRTUAL_GROUP}) rather than on the server's pool
     */
    boolean virtual()
    {
        return this == PAR_SHARED_VIRTUAL || this == PAR_APPLICATION_VIRTUAL || this == PAR_FREE_VIRTUAL;
    }

    @Override
    public String benchmark()
    {
        return bench.key;
    }

    @Override
    public String key()
    {
        return key;
    }

    @Override
    public String label()
    {
        return label;
    }

    /** @return the lock discipline under Interlock, or {@code null} for plain Jetty */
    String lock()
    {
        return switch (this)
        {
            case PAR_SHARED, PAR_SHARED_VIRTUAL, IO_SHARED, IO_SHARED_PLAIN, CONVOY_ALONE, CONVOY_SHARED -> "shared";
            case PAR_APPLICATION, PAR_APPLICATION_VIRTUAL -> "application";
            case PAR_FREE, PAR_FREE_VIRTUAL, IO_FREE, IO_FREE_PLAIN, CONVOY_FREE -> "free";
            case IO_QOS, IO_SYNCHRONIZED -> null;
        };
    }

    @Override
    public boolean locked()
    {
        return "shared".equals(lock()) || "application".equals(lock());
    }

    @Override
    public BenchServer.Spec server(Wars wars)
    {
        Map<String, String> settings = new LinkedHashMap<>();
        if (lock() != null)
            settings.put("interlock.lock", lock());
        if (locked())
            settings.put("interlock.switch-interval", LockBenchmarks.SWITCH_INTERVAL_MS + "ms");
        if (virtual())
        {
            settings.put("interlock.executor-groups." + VIRTUAL_GROUP + ".virtual", "true");
            settings.put("interlock.webapps.cpu-a.executor-group", VIRTUAL_GROUP);
            settings.put("interlock.webapps.cpu-b.executor-group", VIRTUAL_GROUP);
        }
        boolean interlock = lock() != null;
        BenchServer.Mount io = BenchServer.Mount.war("/io-bound", wars.ioBound());
        List<BenchServer.Mount> mounts = switch (bench)
        {
            case PARALLELISM -> List.of(BenchServer.Mount.war("/cpu-a", wars.cpuBound()), BenchServer.Mount.war("/cpu-b", wars.cpuBound()));
            case IO_RELEASE -> this == IO_SYNCHRONIZED
                ? List.of(BenchServer.Mount.servlet("/io-bound", new SynchronizedWaitServlet(LockBenchmarks.IO_WAIT_MS), "/wait"))
                : List.of(io);
            case CONVOY -> List.of(io, BenchServer.Mount.war("/cpu-bound", wars.cpuBound()));
        };
        return new BenchServer.Spec(BenchServer.THREADS, interlock, settings, this == IO_QOS ? 1 : 0, mounts);
    }

    @Override
    public List<LoadDriver.Target> clients(BenchServer server)
    {
        List<LoadDriver.Target> clients = new ArrayList<>();
        switch (bench)
        {
            case PARALLELISM ->
            {
                for (String webapp : List.of("cpu-a", "cpu-b"))
                    for (int i = 0; i < LockBenchmarks.PARALLEL_CLIENTS_PER_WEBAPP; i++)
                        clients.add(new LoadDriver.Target(webapp, server.uri("/" + webapp + "/work?units=" + LockBenchmarks.PARALLEL_UNITS),
                            LockBenchmarks.CPU_PREFIX_PARALLEL));
            }
            case IO_RELEASE ->
            {
                String query = this == IO_FREE_PLAIN || this == IO_SHARED_PLAIN ? "&mode=plain" : "";
                for (int i = 0; i < LockBenchmarks.IO_CLIENTS; i++)
                    clients.add(new LoadDriver.Target("io", server.uri("/io-bound/wait?ms=" + LockBenchmarks.IO_WAIT_MS + query), LockBenchmarks.IO_PREFIX));
            }
            case CONVOY ->
            {
                for (int i = 0; i < LockBenchmarks.CONVOY_IO_CLIENTS; i++)
                    clients.add(new LoadDriver.Target("io", server.uri("/io-bound/wait?ms=" + LockBenchmarks.IO_WAIT_MS), LockBenchmarks.IO_PREFIX));
                if (this != CONVOY_ALONE)
                    for (int i = 0; i < LockBenchmarks.CONVOY_CPU_CLIENTS; i++)
                        clients.add(new LoadDriver.Target("cpu", server.uri("/cpu-bound/work?units=" + LockBenchmarks.CONVOY_UNITS),
                            LockBenchmarks.CPU_PREFIX_CONVOY));
            }
        }
        return clients;
    }
}
