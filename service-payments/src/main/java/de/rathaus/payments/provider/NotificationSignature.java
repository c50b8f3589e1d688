package de.rathaus.payments.provider;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 signature of provider notifications over {@code <unix seconds>.<raw body>} (the scheme of Stripe's
 * and most PSPs' webhooks): headers {@value #TIMESTAMP_HEADER} and {@value #SIGNATURE_HEADER} = {@code v1=<hex>}.
 * The timestamp inside the signed string stops an attacker from replaying an old notification with a new
 * timestamp; the tolerance bounds how long a captured one is usable at all (the notification-id store does the rest).
 * Plain JDK {@link Mac}: no library offers this small, provider-specific scheme.
 */
public final class NotificationSignature {

    public static final String TIMESTAMP_HEADER = "X-Psp-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Psp-Signature";
    private static final String VERSION = "v1=";

    private final byte[] secret;

    public NotificationSignature(String secret) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("The notification secret must have at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String sign(long timestamp, byte[] body) {
        return VERSION + HexFormat.of().formatHex(mac(timestamp, body));
    }

    /**
     * @throws InvalidNotificationException if a header is missing, the timestamp is outside the tolerance or the
     *                                      signature does not match
     */
    public void verify(String timestampHeader, String signatureHeader, byte[] body, Clock clock, Duration tolerance) {
        if (timestampHeader == null || signatureHeader == null) {
            throw new InvalidNotificationException("The notification is not signed (" + TIMESTAMP_HEADER + ", " + SIGNATURE_HEADER + ").");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampHeader.trim());
        } catch (NumberFormatException e) {
            throw new InvalidNotificationException("The notification timestamp is not a number of seconds.");
        }
        long now = clock.instant().getEpochSecond();
        if (Math.abs(now - timestamp) > tolerance.toSeconds()) {
            throw new InvalidNotificationException("The notification timestamp is more than %d s off.".formatted(tolerance.toSeconds()));
        }
        boolean matches = false;
        byte[] expected = mac(timestamp, body);
        // a provider may send several signatures while it rotates its secret: "v1=<hex>,v1=<hex>"
        for (String candidate : signatureHeader.split(",")) {
            String value = candidate.trim();
            if (value.startsWith(VERSION)) {
                try {
                    matches |= MessageDigest.isEqual(expected, HexFormat.of().parseHex(value.substring(VERSION.length())));
                } catch (IllegalArgumentException ignored) {
                    // not hex: does not match
                }
            }
        }
        if (!matches) {
            throw new InvalidNotificationException("The notification signature does not match.");
        }
    }

    private byte[] mac(long timestamp, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
