package io.tandem.controller.decision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DecisionTest {

    @Test
    void readsAsASentence() {
        assertEquals(
                "no action: eu-west owns orders at epoch 7 and is healthy",
                Decision.noAction("eu-west owns orders at epoch 7 and is healthy")
                        .toString());
    }

    @Test
    void onlyActCarriesMovesAndEveryDecisionHasAReason() {
        Move m = new Move("orders", "us-east", "eu-west", 3, Optional.empty());
        assertThrows(IllegalArgumentException.class, () -> new Decision(Verdict.REFUSE, "x", List.of(m)));
        assertThrows(IllegalArgumentException.class, () -> Decision.noAction(" "));
        assertThrows(
                IllegalArgumentException.class, () -> new Move("orders", "us-east", "us-east", 3, Optional.empty()));
        Decision d = Decision.combine(List.of(Decision.noAction("a"), Decision.refuse("b"), Decision.act(m)));
        assertEquals(Verdict.ACT, d.verdict());
        assertEquals(List.of(m), d.moves());
        assertEquals(
                Verdict.REFUSE,
                Decision.combine(List.of(Decision.noAction("a"), Decision.refuse("b")))
                        .verdict());
    }
}
