package io.tandem.controller;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tandem.controller");

    @Test
    void decidersArePureFunctionsOfValues() {
        noClasses()
                .that()
                .resideInAnyPackage("..controller.decision..", "..controller.failover..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.curator..", "org.apache.zookeeper..", "java.sql..", "javax.sql..")
                .because("deciders are pure functions of a snapshot and a clock, unit-tested without servers:"
                        + " read ZooKeeper or PostgreSQL in the Controller and pass values in")
                .check(MAIN);
    }

    @Test
    void fenceKnowsNothingOfZooKeeper() {
        noClasses()
                .that()
                .resideInAPackage("..controller.fence..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.apache.curator..", "org.apache.zookeeper..")
                .because("the fence is the database side of ownership; RegionParticipant carries ZooKeeper's view"
                        + " into it")
                .check(MAIN);
    }
}
