package io.tandem.cli.operate;

import picocli.CommandLine.Option;

/** What an ownership move names: the group, the target region, and whether to skip the question. */
public final class MoveOptions {
    @Option(names = "--group", required = true, description = "The shard group to move.")
    String group;

    @Option(names = "--to", required = true, paramLabel = "REGION", description = "The region that should own it.")
    String target;

    @Option(names = "--yes", description = "Do not ask for confirmation.")
    boolean yes;
}
