package io.tandem.terraform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code terraform fmt -check -recursive} on the whole tree, where terraform is installed. */
class FormatTest {
    @Test
    void terraformCodeIsFormatted() throws Exception {
        Optional<Path> terraform = TerraformCli.find();
        assumeTrue(
                terraform.isPresent(),
                "terraform is not on PATH: skipping `terraform fmt -check -recursive` (install terraform to run it)");
        var result = TerraformCli.run(
                terraform.get(), TerraformTree.root(), null, "fmt", "-check", "-recursive", "-diff", ".");
        assertEquals(
                0,
                result.exitCode(),
                () -> "terraform fmt -check found unformatted files; run `terraform fmt -recursive terraform`:\n"
                        + result.stdout() + result.stderr());
    }
}
