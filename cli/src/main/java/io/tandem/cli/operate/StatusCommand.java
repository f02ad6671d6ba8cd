package io.tandem.cli.operate;

import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tandem.cli.ExitCodes;
import io.tandem.controller.access.Role;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code tandem status}: regions, health, owners, epochs, catch-up, recent transitions and the latest consistency check. */
@Command(
        name = "status",
        description =
                "Show regions, health, owners and epochs per group, lag, recent transitions and the latest consistency check.")
public final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ClusterOptions cluster;

    @Override
    public Integer call() throws Exception {
        try (Coordination zk = Coordination.connect(cluster)) {
            Topology topology = zk.as(
                    Role.READER,
                    "reading the cluster's status",
                    () -> Topology.read(zk.client(), cluster.paths(), cluster.cluster));
            var out = spec.commandLine().getOut();
            if (cluster.output == OutputFormat.json) {
                out.println(JsonMapper.builder()
                        .enable(SerializationFeature.INDENT_OUTPUT)
                        .build()
                        .writeValueAsString(topology));
                out.flush();
            } else {
                topology.print(out);
            }
            return ExitCodes.OK;
        }
    }
}
