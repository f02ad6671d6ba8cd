package io.tandem.embedded.zookeeper;

/**
 * One member of an ensemble: its id ({@code myid}) and its three loopback ports.
 *
 * @param id the server id, 1 or more
 * @param clientPort where clients connect
 * @param quorumPort where followers connect to the leader
 * @param electionPort where members talk during leader election
 */
public record ZooKeeperMember(int id, int clientPort, int quorumPort, int electionPort) {
    public ZooKeeperMember {
        if (id < 1) {
            throw new IllegalArgumentException("ZooKeeper server id must be 1 or more, got " + id);
        }
    }

    /** The {@code server.N} line of the ensemble configuration. */
    String serverLine(String host) {
        return host + ":" + quorumPort + ":" + electionPort + ":participant;" + host + ":" + clientPort;
    }
}
