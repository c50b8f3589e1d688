package de.rathaus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ETagsTest {

    @Test
    void theTagOfAVersionReadsBackAsThatVersion() {
        assertThat(ETags.of(7)).isEqualTo("W/\"7\"");
        assertThat(ETags.expectedVersion(ETags.of(7))).hasValue(7);
        assertThat(ETags.expectedVersion(" \"7\" ")).hasValue(7);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "*"})
    void noHeaderOrAStarNamesNoVersion(String ifMatch) {
        assertThat(ETags.expectedVersion(ifMatch)).isEmpty();
        assertThat(ETags.expectedVersion(null)).isEqualTo(OptionalLong.empty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"9999999999\"", "W/\"9999999999\"", "\"99999999999999999999\"", "\"abc\"", "7",
            "\"1\", \"2\"", "W/\"\"", "\"-1\""})
    void anythingElseMatchesNoVersionAndNeverFails(String ifMatch) {
        assertThat(ETags.expectedVersion(ifMatch)).hasValue(ETags.NO_VERSION);
        assertThatThrownBy(() -> ETags.check(ifMatch, 1, false, "office"))
                .isInstanceOf(PreconditionFailedException.class)
                .hasMessage("The office was changed meanwhile (current ETag W/\"1\"); reload it and try again.");
    }

    @Test
    void aMissingHeaderPassesUnlessTheWriteRequiresIt() {
        assertThatCode(() -> ETags.check(null, 3, false, "application")).doesNotThrowAnyException();
        assertThatThrownBy(() -> ETags.check(null, 3, true, "application"))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.headerMissing()).isTrue());
        assertThatCode(() -> ETags.check("W/\"3\"", 3, true, "application")).doesNotThrowAnyException();
    }

    @Test
    void aWriteThatMustNameAVersionGetsItOrA428() {
        assertThat(ETags.required("W/\"4\"", "application")).isEqualTo(4);
        assertThat(ETags.required("\"9999999999\"", "application")).isEqualTo(ETags.NO_VERSION);
        assertThatThrownBy(() -> ETags.required("*", "application"))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> assertThat(e.headerMissing()).isTrue())
                .hasMessage("This write needs an If-Match header with the application's ETag.");
        assertThat(ETags.version(null)).isNull();
    }
}
