package de.rathaus.appointments.booking;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class FullSlotsTest {

    @Test
    void aFullSlotIsRememberedUntilItsPlaceIsGivenBack() {
        FullSlots full = new FullSlots();
        UUID slot = UUID.randomUUID();
        assertThat(full.isKnownFull(slot)).isFalse();

        full.markFull(slot);
        assertThat(full.isKnownFull(slot)).isTrue();
        assertThat(full.isKnownFull(UUID.randomUUID())).isFalse();

        full.forget(slot);
        assertThat(full.isKnownFull(slot)).isFalse();
    }
}
