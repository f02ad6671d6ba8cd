package io.tandem.replicator.apply;

import static io.tandem.replicator.apply.Events.hlc;
import static io.tandem.replicator.apply.Events.upsert;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.tandem.replicator.event.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/**
 * Appliers of two source regions write the same new keys at the same time: the key locks make each
 * resolve against the other's committed result, so every row ends as the join of both versions (no
 * lost update from two inserts of an absent key).
 */
@DisabledIfSystemProperty(named = "skipITs", matches = "true", disabledReason = "needs a real PostgreSQL")
class ConcurrentSourcesTest {
    private static TestDatabase db;

    @BeforeAll
    static void startDatabase() {
        db = new TestDatabase();
        db.execute("CREATE TABLE public.orders (id bigint PRIMARY KEY, status text)");
        db.instrument("public.orders");
    }

    @AfterAll
    static void stopDatabase() throws Exception {
        db.close();
    }

    private static List<ChangeEvent> versions(String region, long hlcMillis, int keys) {
        List<ChangeEvent> events = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            events.add(upsert(
                    region,
                    "public.orders",
                    i,
                    Map.of("status", region),
                    "{\"" + region + "\":1}",
                    hlc(hlcMillis, i),
                    Events.single(String.valueOf(i))));
        }
        return events;
    }

    @Test
    void twoSourcesWritingTheSameNewKeysConverge() throws Exception {
        int keys = 400;
        long t = System.currentTimeMillis() + 60_000;
        Feeder usEast = new Feeder(db, "us-east", Feeder.tables("lww", "public.orders"));
        Feeder apSouth = new Feeder(db, "ap-south", Feeder.tables("lww", "public.orders"));
        List<ChangeEvent> fromUsEast = versions("us-east", t, keys);
        List<ChangeEvent> fromApSouth = versions("ap-south", t + 1, keys);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (var pair : List.of(Map.entry(usEast, fromUsEast), Map.entry(apSouth, fromApSouth))) {
                runs.add(pool.submit(() -> {
                    for (int from = 0; from < keys; from += 20) {
                        pair.getKey()
                                .feed(pair.getValue().subList(from, from + 20).toArray(ChangeEvent[]::new));
                    }
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(keys, db.count("SELECT count(*) FROM public.orders"));
        assertEquals(
                keys,
                db.count("SELECT count(*) FROM public.orders WHERE status = 'ap-south'"
                        + " AND tandem_vv = '{\"us-east\": 1, \"ap-south\": 1}'::jsonb"),
                "every row must hold the later write and both regions' vectors");
    }
}
