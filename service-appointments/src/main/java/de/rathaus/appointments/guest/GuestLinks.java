package de.rathaus.appointments.guest;

import de.rathaus.platform.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Signed, expiring links for guests: {@code base64url("v1.<appointmentId>.<expiresEpochSeconds>") + "." +
 * base64url(HMAC-SHA256(secret, payload))}. Only this service signs and verifies them, so a plain HMAC with the
 * JDK's {@link Mac} (compared in constant time) is enough; a JWT library would add algorithm negotiation that is
 * not needed here. Possession of the link proves access to the e-mail address it was sent to.
 */
@Component
public class GuestLinks {

    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final String manageUrl;
    private final Clock clock;

    GuestLinks(GuestLinkProperties properties, Clock clock) {
        String secret = properties.secret();
        if (secret == null || secret.length() < 32) {
            throw new IllegalStateException(
                    "rathaus.appointments.links.secret must be set to at least 32 characters (guest links are signed with it)");
        }
        if (properties.manageUrl() == null || properties.manageUrl().isBlank()) {
            throw new IllegalStateException("rathaus.appointments.links.manage-url must name the portal page that opens guest links");
        }
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        this.manageUrl = properties.manageUrl();
        this.clock = clock;
    }

    public String token(UUID appointmentId, Instant expires) {
        String payload = VERSION + "." + appointmentId + "." + expires.getEpochSecond();
        return ENCODER.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + "." + ENCODER.encodeToString(mac(payload));
    }

    public String manageUrl(UUID appointmentId, Instant expires) {
        return manageUrl + "?token=" + token(appointmentId, expires);
    }

    /** The appointment id of a valid, unexpired token; otherwise 400 with the reason, and nothing happens. */
    public UUID verify(String token) {
        String[] parts = token == null ? new String[0] : token.split("\\.");
        if (parts.length != 2) {
            throw invalid();
        }
        String payload;
        byte[] signature;
        try {
            payload = new String(DECODER.decode(parts[0]), StandardCharsets.UTF_8);
            signature = DECODER.decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (!MessageDigest.isEqual(mac(payload), signature)) {
            throw invalid();
        }
        String[] fields = payload.split("\\.");
        if (fields.length != 3 || !VERSION.equals(fields[0])) {
            throw invalid();
        }
        if (!Instant.ofEpochSecond(Long.parseLong(fields[2])).isAfter(clock.instant())) {
            throw new InvalidInputException("token", "the link has expired; book again or use a newer link");
        }
        return UUID.fromString(fields[1]);
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("token", "the link is invalid (altered or incomplete)");
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(payload.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
