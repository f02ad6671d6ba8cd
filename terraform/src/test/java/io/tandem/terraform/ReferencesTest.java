package io.tandem.terraform;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Module interfaces and references, the part of terraform validate that needs no provider. */
class ReferencesTest {
    private static List<Path> moduleDirs() throws IOException {
        try (Stream<Path> dirs = Stream.concat(
                Files.list(TerraformTree.root().resolve("modules")), Stream.of(TerraformTree.exampleRoot()))) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        }
    }

    private static void assertNone(List<String> violations) {
        assertTrue(
                violations.isEmpty(),
                () -> "problems terraform validate would report:\n  " + String.join("\n  ", violations));
    }

    @Test
    void theExampleCallsEachModuleWithItsVariables() {
        assertNone(References.moduleCallsMatchInterfaces(TerraformTree.exampleRoot()));
    }

    @Test
    void everyReferenceResolves() throws IOException {
        List<String> violations = new java.util.ArrayList<>();
        for (Path dir : moduleDirs()) {
            violations.addAll(References.referencesResolve(dir));
        }
        assertNone(violations);
    }

    @Test
    void aWrongArgumentAMissingVariableAndADanglingReferenceAreReported() {
        Path bad = TerraformTree.fixture("references");
        var calls = References.moduleCallsMatchInterfaces(bad);
        assertTrue(calls.stream().anyMatch(v -> v.contains("passes \"vpc_cidrr\"")), calls::toString);
        assertTrue(calls.stream().anyMatch(v -> v.contains("does not pass \"vpc_cidr\"")), calls::toString);
        var refs = References.referencesResolve(bad);
        assertTrue(
                refs.stream().anyMatch(v -> v.contains("module \"layout\" has no output \"zookeeper_address\"")),
                refs::toString);
        assertTrue(refs.stream().anyMatch(v -> v.contains("variable \"missing\" is not declared")), refs::toString);
    }
}
