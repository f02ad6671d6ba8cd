package io.tandem.resolver.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.tandem.resolver.policy.CustomWinner;
import io.tandem.resolver.policy.TablePolicy;
import io.tandem.resolver.row.Sibling;
import io.tandem.resolver.row.Stamp;
import io.tandem.resolver.vector.VersionVector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WinnerSelectorsTest {

    @Test
    void loadsAPluginByClassName() {
        TablePolicy p = TablePolicy.custom(LowestRegionWins.class.getName());
        assertEquals("custom:lowest-region-wins", p.name());
    }

    @Test
    void missingClassSaysToCheckTheClasspath() {
        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> WinnerSelectors.load("com.example.Nope"));
        assertTrue(e.getMessage().contains("'com.example.Nope' was not found on the classpath"), e.getMessage());
    }

    @Test
    void wrongTypeSaysWhichInterfaceToImplement() {
        PolicyLoadException e = assertThrows(PolicyLoadException.class, () -> WinnerSelectors.load("java.lang.String"));
        assertTrue(e.getMessage().contains("does not implement io.tandem.resolver.spi.WinnerSelector"), e.getMessage());
    }

    @Test
    void missingConstructorIsReported() {
        PolicyLoadException e = assertThrows(
                PolicyLoadException.class, () -> WinnerSelectors.load(NoDefaultConstructor.class.getName()));
        assertTrue(e.getMessage().contains("no public no-argument constructor"), e.getMessage());
        assertThrows(PolicyLoadException.class, () -> WinnerSelectors.load(" "));
    }

    @Test
    void aPickOutsideTheCandidatesIsRejected() {
        Sibling a = new Sibling(VersionVector.of("a", 1), new Stamp(1, "a"), false, Map.of());
        Sibling b = new Sibling(VersionVector.of("b", 1), new Stamp(1, "b"), false, Map.of());
        Sibling stranger = new Sibling(VersionVector.of("c", 1), new Stamp(1, "c"), false, Map.of());
        CustomWinner rule = new CustomWinner(new NoDefaultConstructor(stranger));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> rule.pick(List.of(a, b)));
        assertTrue(e.getMessage().contains("not one of the candidates"), e.getMessage());
    }

    public static final class NoDefaultConstructor implements WinnerSelector {
        private final Sibling answer;

        public NoDefaultConstructor(Sibling answer) {
            this.answer = answer;
        }

        @Override
        public String name() {
            return "broken";
        }

        @Override
        public Sibling pick(List<Sibling> candidates) {
            return answer;
        }
    }
}
