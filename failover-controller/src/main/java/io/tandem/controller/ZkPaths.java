package io.tandem.controller;

import org.apache.curator.utils.ZKPaths;

/**
 * The ZooKeeper layout under one cluster root (default {@code /tandem/<cluster>}); the module
 * README draws it. Every path is built here, nowhere else.
 */
public record ZkPaths(String root) {

    /** Name of the child of the root that holds the access roster ({@link #access()}). */
    public static final String ACCESS = "access";

    public ZkPaths {
        if (root == null || !root.startsWith("/") || root.endsWith("/") || root.length() < 2) {
            throw new IllegalArgumentException("ZooKeeper root '" + root
                    + "' must be an absolute path without a trailing slash, e.g. /tandem/prod");
        }
    }

    public static ZkPaths forCluster(String cluster) {
        return new ZkPaths("/tandem/" + Names.require("cluster", cluster));
    }

    /** The roster of identities and roles (io.tandem.controller.access.Roster), absent while access is open. */
    public String access() {
        return root + "/" + ACCESS;
    }

    public String members() {
        return root + "/members";
    }

    public String member(String region) {
        return ZKPaths.makePath(members(), Names.require("region", region));
    }

    public String leader() {
        return root + "/leader";
    }

    public String ownership() {
        return root + "/ownership";
    }

    public String ownership(String group) {
        return ZKPaths.makePath(ownership(), Names.require("group", group));
    }

    public String intents() {
        return root + "/intents";
    }

    public String intent(String group) {
        return ZKPaths.makePath(intents(), Names.require("group", group));
    }

    /** The cluster-wide configuration (tables, policies, groups), a JSON document. */
    public String config() {
        return root + "/config";
    }

    public String audit() {
        return root + "/audit";
    }

    /** Consistency checks: one persistent sequential node per request, each region's digests as its children. */
    public String checks() {
        return root + "/checks";
    }

    public String check(String id) {
        return ZKPaths.makePath(checks(), Names.require("check id", id));
    }

    /** Prefix of the persistent sequential audit nodes. */
    public String auditEntryPrefix() {
        return audit() + "/entry-";
    }
}
