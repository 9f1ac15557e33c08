package dev.interlock.benchmarks.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The sample WARs the lock benchmarks deploy, as Maven builds them. */
record Wars(Path cpuBound, Path ioBound)
{
    /** @throws IllegalStateException if one is missing: better before a run than in its middle */
    static Wars in(Path samples)
    {
        Wars wars = new Wars(samples.resolve("cpu-bound/target/cpu-bound.war"), samples.resolve("io-bound/target/io-bound.war"));
        for (Path war : List.of(wars.cpuBound, wars.ioBound))
            if (!Files.isRegularFile(war))
                throw new IllegalStateException("missing " + war.toAbsolutePath() + ": build the samples first " +
                    "(mvn -q -pl samples/io-bound,samples/cpu-bound,benchmarks -am -DskipTests install)");
        return wars;
    }
}
