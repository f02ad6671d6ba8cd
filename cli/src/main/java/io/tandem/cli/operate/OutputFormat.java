package io.tandem.cli.operate;

/** How an operator command prints its result. */
public enum OutputFormat {
    text,
    json
}
