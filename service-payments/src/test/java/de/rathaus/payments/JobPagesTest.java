package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class JobPagesTest {

    /** Candidates 1..n by keyset; none is removed by processing (the worst case: nothing can be finished). */
    private static List<Integer> pageAfter(int n, Integer after, int size) {
        int from = after == null ? 1 : after + 1;
        return IntStream.rangeClosed(from, n).limit(size).boxed().toList();
    }

    @Test
    void everyCandidateIsVisitedOnceAcrossPagesEvenIfNoneCanBeFinished() {
        List<Integer> seen = new ArrayList<>();
        int changed = JobPages.<Integer>forEach(2, (after, size) -> pageAfter(5, after, size), candidate -> seen.add(candidate) && candidate == 5);
        assertThat(seen).containsExactly(1, 2, 3, 4, 5);
        assertThat(changed).isEqualTo(1);
    }

    @Test
    void aFullLastPageEndsWithOneEmptyQuery() {
        List<Integer> afters = new ArrayList<>();
        int changed = JobPages.<Integer>forEach(2, (after, size) -> {
            afters.add(after);
            return pageAfter(4, after, size);
        }, candidate -> true);
        assertThat(changed).isEqualTo(4);
        assertThat(afters).containsExactly(null, 2, 4);
    }

    @Test
    void noCandidatesNoWork() {
        assertThat(JobPages.<Integer>forEach(2, (after, size) -> List.of(), candidate -> true)).isZero();
    }
}
