package io.tandem.resolver.simulation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.resolver.Resolver;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.RowMeta;
import io.tandem.resolver.row.RowVersion;
import io.tandem.resolver.vector.VersionVector;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every state in the histories round-trips through its encodings. Direct algebraic checks on random triples of real row versions (taken from simulated histories):
 * resolution is commutative, associative and idempotent, on the presented row and on the metadata.
 */
class MergeAlgebraTest {

    static List<Arguments> policies() {
        return ConvergenceSimulationTest.policies().toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void resolutionIsAJoin(String name, TablePolicy policy) {
        long base = Seeds.base();
        SplittableRandom random = new SplittableRandom(base);
        int triples = 0;
        int encoded = 0;
        for (int i = 0; i < 150; i++) {
            long seed = base + i;
            Simulation sim = new Simulation(seed, policy, Merge.RESOLVER).run();
            for (List<RowVersion> versions : sim.history.values()) {
                for (RowVersion v : versions) {
                    String json = v.meta().toJson();
                    assertEquals(v.meta(), RowMeta.parseJson(json), Seeds.rerun(name, seed) + ": " + json);
                    assertEquals(v.vv(), VersionVector.parseJson(v.vv().toJson()));
                    assertEquals(v.vv(), VersionVector.fromBytes(v.vv().toBytes()));
                    encoded++;
                }
                for (int t = 0; t < 20; t++) {
                    RowVersion a = pick(random, versions), b = pick(random, versions), c = pick(random, versions);
                    String msg = Seeds.rerun(name, seed) + "\n a=" + a + "\n b=" + b + "\n c=" + c;
                    assertEquals(join(a, b, policy), join(b, a, policy), "commutative: " + msg);
                    assertEquals(
                            join(join(a, b, policy), c, policy),
                            join(a, join(b, c, policy), policy),
                            "associative: " + msg);
                    assertEquals(a, join(a, a, policy), "idempotent: " + msg);
                    assertEquals(
                            join(a, b, policy).meta().toJson(),
                            join(b, a, policy).meta().toJson(),
                            msg);
                    triples++;
                }
            }
        }
        System.out.println(
                name + ": " + triples + " random triples, " + encoded + " encoding round trips, from seed " + base);
    }

    private static RowVersion pick(SplittableRandom random, List<RowVersion> versions) {
        return versions.get(random.nextInt(versions.size()));
    }

    private static RowVersion join(RowVersion x, RowVersion y, TablePolicy policy) {
        return Resolver.resolve(Optional.of(x), y, policy, Instant.EPOCH).row();
    }
}
