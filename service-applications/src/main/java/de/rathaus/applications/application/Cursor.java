package de.rathaus.applications.application;

import de.rathaus.platform.web.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.UUID;

/**
 * Opaque keyset cursor: the sort key and id of the last row of a page, base64url-encoded. Clients pass it back
 * unchanged; it is not a secret (every query is scoped by tenant and owner anyway).
 */
record Cursor(Instant at, LocalDate date, UUID id) {

    static Cursor after(Instant at, UUID id) {
        return new Cursor(at, null, id);
    }

    static Cursor after(LocalDate date, UUID id) {
        return new Cursor(null, date == null ? LocalDate.of(9999, 12, 31) : date, id);
    }

    String encode() {
        String raw = (at != null ? "t" + at : "d" + date) + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Cursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int bar = raw.indexOf('|');
            String key = raw.substring(1, bar);
            UUID id = UUID.fromString(raw.substring(bar + 1));
            return switch (raw.charAt(0)) {
                case 't' -> new Cursor(Instant.parse(key), null, id);
                case 'd' -> new Cursor(null, LocalDate.parse(key), id);
                default -> throw new IllegalArgumentException(raw);
            };
        } catch (RuntimeException e) {
            throw new InvalidInputException("cursor", "is not a cursor returned by this API");
        }
    }
}
