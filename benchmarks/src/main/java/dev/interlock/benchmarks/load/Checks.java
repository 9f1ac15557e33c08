package dev.interlock.benchmarks.load;

import java.util.ArrayList;
import java.util.List;

/**
 * What would make a run's figures meaningless: failed requests, a load that did not run as
 * measured, a lock not in force where it should be or taken where it should not, a lock that
 * waited in a cell that claims it does not, a QoSHandler that never queued.
 */
final class Checks
{
    private Checks()
    {
    }

    /** @return one line per problem, in the order the cells ran; empty if every check passed */
    static <C extends Cell> List<String> of(Results<C> results)
    {
        List<String> problems = new ArrayList<>();
        for (CellResult<C> r : results.all())
        {
            String where = "round " + (r.round() + 1) + " " + r.cell().id();
            if (r.errors() > 0)
                problems.add(where + ": " + r.errors() + " failed requests");
            results.suite().measurementOf(r.cell()).problems(r.window()).forEach(p -> problems.add(where + ": " + p));
            long acquisitions = r.locks().acquisitions();
            if (r.cell().locked() && acquisitions < r.completed())
                problems.add(where + ": only " + acquisitions + " lock acquisitions for " + r.completed() + " requests: the lock is not in force");
            if (!r.cell().locked() && acquisitions != 0)
                problems.add(where + ": " + acquisitions + " lock acquisitions where no lock should be taken");
            long oneIn = r.cell().maxContendedOneIn();
            if (oneIn > 0 && r.locks().contended() * oneIn > acquisitions)
                problems.add(where + ": " + r.locks().contended() + " of " + acquisitions + " acquisitions contended in the uncontended scenario");
            // -1 is no QoSHandler at all.
            if (r.qosSuspended() == 0)
                problems.add(where + ": QoSHandler suspended no request");
        }
        return problems;
    }
}
