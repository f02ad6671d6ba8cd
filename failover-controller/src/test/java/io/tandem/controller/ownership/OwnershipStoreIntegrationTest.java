package io.tandem.controller.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.controller.ZkPaths;
import io.tandem.controller.support.Zk;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class OwnershipStoreIntegrationTest {

    @RegisterExtension
    final Zk zk = Zk.perTest();

    private final ZkPaths paths = ZkPaths.forCluster("test");

    @Test
    void concurrentWritersFromOneSnapshotExactlyOneWinsAndEpochRises() throws Exception {
        new OwnershipStore(zk.client(), paths).create(Ownership.initial("orders", "us-east"));
        int writers = 6;
        List<OwnershipStore> stores = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            stores.add(new OwnershipStore(zk.client(), paths));
        }
        Versioned<Ownership> snapshot = stores.get(0).read("orders").orElseThrow();
        String[] targets = {"eu-west", "ap-south", "us-west", "eu-north", "sa-east", "af-south"};
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                OwnershipStore store = stores.get(i);
                String target = targets[i];
                results.add(pool.submit(() -> {
                    go.await();
                    try {
                        store.compareAndSet(snapshot, snapshot.value().next(target, OwnershipState.ACTIVE));
                        return target;
                    } catch (OwnershipConflictException e) {
                        return null;
                    }
                }));
            }
            go.countDown();
            List<String> winners = new ArrayList<>();
            for (Future<String> f : results) {
                String w = f.get(10, TimeUnit.SECONDS);
                if (w != null) {
                    winners.add(w);
                }
            }
            assertEquals(1, winners.size(), "exactly one CAS wins: " + winners);
            Versioned<Ownership> after = stores.get(0).read("orders").orElseThrow();
            assertEquals(2, after.value().epoch());
            assertEquals(winners.get(0), after.value().owner());
            assertTrue(after.version() > snapshot.version());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void staleSnapshotLosesAndSaysWhatToDo() {
        OwnershipStore store = new OwnershipStore(zk.client(), paths);
        Versioned<Ownership> v1 = store.create(Ownership.initial("orders", "us-east"));
        store.compareAndSet(v1, v1.value().next("us-east", OwnershipState.DRAINING));
        OwnershipConflictException e = assertThrows(
                OwnershipConflictException.class,
                () -> store.compareAndSet(v1, v1.value().next("eu-west", OwnershipState.ACTIVE)));
        assertTrue(e.getMessage().contains("read again and decide again"), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> store.compareAndSet(
                        store.read("orders").orElseThrow(),
                        new Ownership("orders", "eu-west", 2, OwnershipState.ACTIVE)));
        assertThrows(OwnershipConflictException.class, () -> store.create(Ownership.initial("orders", "eu-west")));
        assertEquals(2, store.snapshot().get("orders").orElseThrow().value().epoch());
    }
}
