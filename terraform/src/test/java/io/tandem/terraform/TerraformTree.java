package io.tandem.terraform;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Terraform code lives: this Maven module's directory (surefire runs tests there). */
final class TerraformTree {
    private TerraformTree() {}

    static Path root() {
        Path dir = Path.of(System.getProperty("basedir", "")).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("modules"))) {
            throw new AssertionError("expected the Terraform tree (modules/, examples/) in " + dir
                    + "; run the tests from the terraform module (mvn -pl terraform verify)");
        }
        return dir;
    }

    static Path exampleRoot() {
        return root().resolve("examples/three-regions");
    }

    static Path regionModule() {
        return root().resolve("modules/region");
    }

    static Path fixture(String name) {
        Path dir = root().resolve("src/test/resources/bad").resolve(name);
        if (!Files.isDirectory(dir)) {
            throw new AssertionError("missing test fixture " + dir);
        }
        return dir;
    }
}
