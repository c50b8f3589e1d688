package de.rathaus.platform.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.platform.web.NulCharacters.NulCharacterException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The module guards every read of the mapper, not only request bodies: event payloads, stored JSON, trees. */
class NulCharactersTest {

    static final JsonMapper JSON = JsonMapper.builder().addModule(new NulCharacters()).build();

    record FeeDue(String applicationId, Map<String, String> labels, List<String> notes) {
    }

    static String fieldOf(Runnable read) {
        try {
            read.run();
        } catch (NulCharacterException e) {
            return e.field();
        }
        throw new AssertionError("no NUL character was found");
    }

    @Test
    void namesTheFieldInTypedPayloads() {
        assertThat(fieldOf(() -> JSON.readValue("{\"applicationId\":\"a\\u0000\"}", FeeDue.class))).isEqualTo("applicationId");
        assertThat(fieldOf(() -> JSON.readValue("{\"labels\":{\"de\":\"\\u0000\"}}", FeeDue.class))).isEqualTo("labels.de");
        assertThat(fieldOf(() -> JSON.readValue("{\"labels\":{\"d\\u0000e\":\"x\"}}", FeeDue.class))).isEqualTo("labels");
        assertThat(fieldOf(() -> JSON.readValue("{\"notes\":[\"a\",\"b\",\"\\u0000\"]}", FeeDue.class))).isEqualTo("notes[2]");
    }

    @Test
    void namesTheFieldInTreesAndUntypedDocuments() {
        assertThat(fieldOf(() -> JSON.readTree("{\"a\":[{\"b\":\"\\u0000\"}]}"))).isEqualTo("a[0].b");
        assertThat(fieldOf(() -> JSON.readValue("[{\"x\\u0000\":1}]", new TypeReference<List<Object>>() { })))
                .isEqualTo("[0]");
        assertThat(fieldOf(() -> JSON.readValue("\"\\u0000\"", String.class))).isEmpty();
    }

    @Test
    void textWithoutNulIsReadAsBefore() {
        FeeDue fee = JSON.readValue("{\"applicationId\":\"Zoë\",\"labels\":{\"de\":\"Gebühr\"},\"notes\":[\"\\\\u0000\"]}", FeeDue.class);

        assertThat(fee.applicationId()).isEqualTo("Zoë");
        assertThat(fee.notes()).containsExactly("\\u0000");
        assertThatThrownBy(() -> JSON.readValue("{\"applicationId\":\"\\u0000\"}", FeeDue.class))
                .hasMessageContaining("'applicationId' must not contain the NUL character");
    }
}
