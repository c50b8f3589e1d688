package de.rathaus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.gateway.correlation.Correlation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class CorrelationTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "portal-4711", "A.b_c:d-9", "0123456789012345678901234567890123456789012345678901234567890123"})
    void safeCorrelationIdsAreKept(String id) {
        assertThat(Correlation.acceptOrCreateCorrelationId(id)).isEqualTo(id);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"with space", "line\nbreak", "<script>", "ümlaut",
            "01234567890123456789012345678901234567890123456789012345678901234"})
    void unsafeCorrelationIdsAreReplaced(String id) {
        assertThat(Correlation.acceptOrCreateCorrelationId(id))
                .isNotEqualTo(id)
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"})
    void validTraceparentsAreKept(String traceparent) {
        assertThat(Correlation.acceptOrCreateTraceparent(traceparent)).isEqualTo(traceparent);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01",
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra"})
    void invalidTraceparentsAreReplacedByNewRootContexts(String traceparent) {
        String created = Correlation.acceptOrCreateTraceparent(traceparent);
        assertThat(created).isNotEqualTo(traceparent);
        assertThat(Correlation.isValidTraceparent(created)).isTrue();
    }
}
