package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * One cell of the overhead benchmark: a variant's server with the scenario's webapps, each
 * serving {@link HelloServlet} at {@code /hello}, and {@link OverheadBenchmark#CLIENTS} clients,
 * client {@code i} calling webapp {@code i} modulo their number.
 */
record HelloCell(Scenario scenario, Variant variant) implements Cell
{
    /** The one series of clients: a phase measures them all together. */
    static final String SERIES = "hello";

    @Override
    public String benchmark()
    {
        return scenario.key;
    }

    @Override
    public String key()
    {
        return variant.key;
    }

    @Override
    public String label()
    {
        return variant.label;
    }

    @Override
    public boolean locked()
    {
        return variant.locked();
    }

    @Override
    public BenchServer.Spec server(Wars wars)
    {
        List<BenchServer.Mount> mounts = new ArrayList<>();
        for (int i = 0; i < scenario.webapps; i++)
            mounts.add(BenchServer.Mount.servlet("/app" + i, new HelloServlet(), "/hello"));
        // Jetty's default pool: the hello servlet never waits, so its thread count is not the question.
        return new BenchServer.Spec(0, variant.interlock(), variant.settings(), 0, mounts);
    }

    @Override
    public List<LoadDriver.Target> clients(BenchServer server)
    {
        List<LoadDriver.Target> clients = new ArrayList<>(OverheadBenchmark.CLIENTS);
        for (int i = 0; i < OverheadBenchmark.CLIENTS; i++)
            clients.add(new LoadDriver.Target(SERIES, server.uri("/app" + i % scenario.webapps + "/hello"), HelloServlet.BODY));
        return clients;
    }

    /**
     * A client sends its next request as soon as it has the response, and Jetty sends a response
     * whose Content-Length is reached from inside the servlet's write, so the next request can,
     * rarely, arrive before the previous dispatch has left the lock. More than 1 in
     * {@link OverheadBenchmark#UNCONTENDED_MAX_ONE_IN} would no longer be "uncontended".
     */
    @Override
    public long maxContendedOneIn()
    {
        return variant.locked() && scenario == Scenario.WEBAPP_PER_CLIENT ? OverheadBenchmark.UNCONTENDED_MAX_ONE_IN : 0;
    }

    /** The A/A control is the same server as plain Jetty: its code is warm already. */
    @Override
    public boolean jitWarmup()
    {
        return variant != Variant.PLAIN_CONTROL;
    }
}
