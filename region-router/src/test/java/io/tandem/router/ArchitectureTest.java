package io.tandem.router;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.tandem.router");

    @Test
    void theRoutingDecisionIsPure() {
        noClasses()
                .that()
                .resideInAPackage("io.tandem.router.route..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.apache.curator..",
                        "org.apache.zookeeper..",
                        "io.grpc..",
                        "com.sun.net.httpserver..",
                        "com.fasterxml.jackson..",
                        "io.micrometer..",
                        "io.tandem.router.map..",
                        "io.tandem.router.grpc..",
                        "io.tandem.router.http..",
                        "io.tandem.router.client..")
                .because("the decision is a pure function of config, a map snapshot and a request, tested without"
                        + " servers: read ZooKeeper in `map`, speak the wire in `grpc`/`http`, and pass values in")
                .check(MAIN);
    }

    @Test
    void theClientNeedsNoServerSide() {
        noClasses()
                .that()
                .resideInAPackage("io.tandem.router.client..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.tandem.router.map..",
                        "io.tandem.router.http..",
                        "org.apache.curator..",
                        "com.sun.net.httpserver..")
                .because("applications embed the client: it talks to a router over gRPC and must not pull in"
                        + " the server's ZooKeeper or HTTP machinery")
                .check(MAIN);
    }
}
