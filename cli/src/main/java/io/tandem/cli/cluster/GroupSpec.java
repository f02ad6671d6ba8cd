package io.tandem.cli.cluster;

/**
 * A shard group of the owned tables and the region that owns it when the group is first created
 * (afterwards ZooKeeper's ownership map says who owns it).
 */
public record GroupSpec(String name, String initialOwner) {

    public GroupSpec {
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException(
                    "group name '" + name + "' must be 1-63 lower-case letters, digits or dashes");
        }
        if (initialOwner == null || !initialOwner.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            throw new IllegalArgumentException("group " + name + ": owner '" + initialOwner + "' is not a region name");
        }
    }
}
