package io.tandem.resolver.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.lang.ArchRule;

/** The boundary rules of the conflict-resolver module, kept apart from the tests so they can be applied to fixtures. */
final class ResolverArchitecture {

    private ResolverArchitecture() {}

    /** Packages the library may use: the JDK (minus JDBC), javax.annotation, SLF4J, and itself. */
    static final DescribedPredicate<JavaClass> ALLOWED =
            new DescribedPredicate<>(
                    "are in java.* (except java.sql), javax.annotation, org.slf4j or io.tandem.resolver") {
                @Override
                public boolean test(JavaClass c) {
                    String pkg = c.isArray() ? c.getBaseComponentType().getPackageName() : c.getPackageName();
                    if (c.isPrimitive()
                            || c.isArray() && c.getBaseComponentType().isPrimitive()) {
                        return true;
                    }
                    if (pkg.equals("java.sql") || pkg.startsWith("java.sql.") || pkg.startsWith("javax.sql")) {
                        return false;
                    }
                    return pkg.equals("java")
                            || pkg.startsWith("java.")
                            || pkg.startsWith("javax.annotation")
                            || pkg.equals("org.slf4j")
                            || pkg.startsWith("org.slf4j.")
                            || pkg.equals("io.tandem.resolver")
                            || pkg.startsWith("io.tandem.resolver.");
                }
            };

    static final ArchRule PURE_LIBRARY = classes()
            .that()
            .resideInAPackage("io.tandem.resolver..")
            .should()
            .onlyDependOnClassesThat(ALLOWED)
            .because("conflict-resolver is a pure library (JDK and SLF4J API only) so it can be tested exhaustively"
                    + " and reused; no Kafka, ZooKeeper, Curator, Debezium, gRPC, JDBC or other Tandem module. To fix:"
                    + " move the code that needs that dependency to the module that owns it (e.g. replicator for"
                    + " Kafka/JDBC) and pass plain values (RowVersion, VersionVector, Instant) into the resolver");

    static final ArchRule NO_PACKAGE_CYCLES = slices().matching("io.tandem.resolver.(*)..")
            .should()
            .beFreeOfCycles()
            .because("one package per idea, layered codec/vector/clock <- row <- spi <- policy <- resolver; to fix,"
                    + " move the class that closes the cycle to the lower package or pass a value instead");
}
