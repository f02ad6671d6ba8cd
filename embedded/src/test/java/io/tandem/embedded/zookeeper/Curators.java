package io.tandem.embedded.zookeeper;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;

/** Curator clients for tests; without the ensemble tracker, which would rewrite the connect string. */
final class Curators {
    private Curators() {}

    static CuratorFramework connect(String connectString) {
        CuratorFramework client = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .ensembleTracker(false)
                .sessionTimeoutMs(4_000)
                .connectionTimeoutMs(2_000)
                .retryPolicy(new RetryNTimes(50, 100))
                .build();
        client.start();
        return client;
    }
}
