package io.tandem.cli;

import picocli.CommandLine.IVersionProvider;

/** Reports the version recorded in the jar manifest, or "dev" when run from classes. */
public final class TandemVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TandemCommand.class.getPackage().getImplementationVersion();
        return new String[] {"tandem " + (version == null ? "dev" : version)};
    }
}
