package de.rathaus.appointments.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.platform.web.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class GuestLinksTest {

    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    private final GuestLinks links = links("0123456789abcdef0123456789abcdef-secret");

    private static GuestLinks links(String secret) {
        return new GuestLinks(new GuestLinkProperties(secret, "https://portal.example/termine"), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    @Test
    void aLinkNamesItsAppointmentUntilItExpires() {
        UUID id = UUID.randomUUID();
        String token = links.token(id, NOW.plusSeconds(60));

        assertThat(links.verify(token)).isEqualTo(id);
        assertThat(links.manageUrl(id, NOW.plusSeconds(60))).isEqualTo("https://portal.example/termine?token=" + token);
        assertThatThrownBy(() -> links.verify(links.token(id, NOW))).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("expired");
    }

    @Test
    void anyChangeOrAnotherSecretBreaksTheSignature() {
        String token = links.token(UUID.randomUUID(), NOW.plusSeconds(60));
        String otherSecret = links("another-secret-another-secret-0123456789").token(UUID.randomUUID(), NOW.plusSeconds(60));
        int at = token.indexOf('.') + 5;
        String flipped = token.substring(0, at) + (token.charAt(at) == 'A' ? 'B' : 'A') + token.substring(at + 1);

        for (String bad : new String[] {flipped, otherSecret, "", "a.b.c", "!!!.???", token.replace('.', '-')}) {
            assertThatThrownBy(() -> links.verify(bad)).as(bad).isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("invalid");
        }
    }

    @Test
    void aMissingOrShortSecretOrAMissingPageIsRefusedAtStart() {
        assertThatThrownBy(() -> links("too-short")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> links("")).isInstanceOf(IllegalStateException.class).hasMessageContaining("links.secret");
        assertThatThrownBy(() -> new GuestLinks(new GuestLinkProperties("0123456789abcdef0123456789abcdef-secret", ""),
                Clock.fixed(NOW, ZoneOffset.UTC))).isInstanceOf(IllegalStateException.class).hasMessageContaining("links.manage-url");
    }
}
