package dev.interlock.benchmarks.load;

import java.util.List;

/**
 * The report of one suite's run, in files named after the suite: what every such report has,
 * the results and the problems {@link Checks} found in them.
 */
abstract class SuiteReport<C extends Cell> implements Report
{
    private final Results<C> results;
    private final List<String> problems;

    SuiteReport(Results<C> results)
    {
        this.results = results;
        this.problems = Checks.of(results);
    }

    @Override
    public String name()
    {
        return results.suite().name();
    }

    Results<C> results()
    {
        return results;
    }

    List<String> problems()
    {
        return problems;
    }

    /** @return what the summary lists of this suite: the figures with targets, and their companions */
    abstract List<Figure> figures();
}
