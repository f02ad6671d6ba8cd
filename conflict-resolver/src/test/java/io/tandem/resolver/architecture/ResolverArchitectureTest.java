package io.tandem.resolver.architecture;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.EvaluationResult;
import io.tandem.resolver.architecture.fixture.UsesJdbc;
import org.junit.jupiter.api.Test;

class ResolverArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tandem.resolver");

    @Test
    void theLibraryDependsOnlyOnTheJdkAndSlf4j() {
        assertTrue(MAIN.size() > 20, "expected to import the resolver's classes, got " + MAIN.size());
        ResolverArchitecture.PURE_LIBRARY.check(MAIN);
    }

    @Test
    void packagesHaveNoCycles() {
        ResolverArchitecture.NO_PACKAGE_CYCLES.check(MAIN);
    }

    @Test
    void theRuleReportsAClassThatUsesJdbcAndSaysHowToFixIt() {
        JavaClasses fixture = new ClassFileImporter().importClasses(UsesJdbc.class);
        EvaluationResult result = ResolverArchitecture.PURE_LIBRARY.evaluate(fixture);
        assertTrue(result.hasViolation(), "the rule must reject java.sql.Connection");
        String report = result.getFailureReport().toString();
        assertTrue(report.contains("java.sql.Connection"), report);
        assertTrue(report.contains("To fix: move the code"), report);
    }
}
