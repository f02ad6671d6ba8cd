package io.tandem.resolver.policy;

import io.tandem.resolver.row.Sibling;
import java.util.ArrayList;
import java.util.List;

/**
 * How an update racing a delete is settled. Each mode narrows the concurrent writes (the siblings)
 * to the candidates the winner rule chooses among; the row is deleted iff the chosen write is a delete.
 */
public enum DeleteMode {
    /** The winner rule alone decides; the row is deleted iff the winning write is a delete. */
    LAST_WRITER {
        @Override
        List<Sibling> candidates(List<Sibling> siblings) {
            return siblings;
        }
    },
    /**
     * A delete beats every update it is concurrent with. Guarantees: once deleted, the row stays deleted
     * until a write that has seen the delete (a causally later insert or update) revives it.
     */
    DELETE_WINS {
        @Override
        List<Sibling> candidates(List<Sibling> siblings) {
            return only(siblings, true);
        }
    },
    /**
     * An update beats every delete it is concurrent with. Guarantees: an update is never lost to a delete
     * that did not see it; the row is deleted only when every update has been seen by some delete.
     */
    UPDATE_WINS {
        @Override
        List<Sibling> candidates(List<Sibling> siblings) {
            return only(siblings, false);
        }
    };

    abstract List<Sibling> candidates(List<Sibling> siblings);

    private static List<Sibling> only(List<Sibling> siblings, boolean deleted) {
        List<Sibling> matching = new ArrayList<>(siblings.size());
        for (Sibling s : siblings) {
            if (s.deleted() == deleted) {
                matching.add(s);
            }
        }
        return matching.isEmpty() ? siblings : matching;
    }
}
