package io.tandem.cli.operate;

import io.tandem.controller.ZkPaths;
import io.tandem.controller.access.Credential;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Where the cluster's coordination lives: shared by every operator command. */
public final class ClusterOptions {
    @Option(
            names = "--zookeeper",
            paramLabel = "HOST:PORT[,...]",
            defaultValue = "${env:TANDEM_ZOOKEEPER_CONNECT:-127.0.0.1:2181}",
            description = "ZooKeeper connect string (default: $TANDEM_ZOOKEEPER_CONNECT or ${DEFAULT-VALUE}).")
    String zookeeper;

    @Option(
            names = "--cluster",
            defaultValue = "${env:TANDEM_CLUSTER:-tandem}",
            description = "Cluster name (default: $TANDEM_CLUSTER or ${DEFAULT-VALUE}).")
    String cluster;

    @Option(
            names = "--output",
            defaultValue = "text",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(
            names = "--credential-file",
            paramLabel = "PATH",
            description = "File holding this operator's ZooKeeper identity as one line user:password (default:"
                    + " $TANDEM_CREDENTIAL_FILE, else $TANDEM_CREDENTIAL holds user:password itself). A password is"
                    + " never taken on the command line.")
    Path credentialFile;

    /** The credential this command authenticates with, if any; read when the command runs. */
    Optional<Credential> credential() {
        return Credential.resolve(Optional.ofNullable(credentialFile), System.getenv());
    }

    ZkPaths paths() {
        return ZkPaths.forCluster(cluster);
    }
}
