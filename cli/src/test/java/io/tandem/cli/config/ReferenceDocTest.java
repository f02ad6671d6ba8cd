package io.tandem.cli.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ReferenceDocTest {

    @Test
    void committedReferenceMatchesTheSettingDefinitions() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        String expected = ReferenceDoc.render(DaemonSettings.CATALOG);
        String actual = Files.exists(doc) ? Files.readString(doc) : "(missing)";
        assertEquals(
                expected,
                actual,
                "docs/configuration.md is out of date: regenerate it with ./tandem config reference > docs/configuration.md");
    }
}
