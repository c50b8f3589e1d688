package de.rathaus.notifications.webhooks;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Standard Webhooks signatures, computed with the specification's reference library ({@code com.standardwebhooks}):
 * {@code webhook-signature: v1,<base64 HMAC-SHA256 of "<webhook-id>.<webhook-timestamp>.<body>">}, the key being the
 * base64 part of the {@code whsec_} secret.
 */
@Component
public class WebhookSigner {

    private static final SecureRandom RANDOM = new SecureRandom();
    private final Cache<String, Webhook> keys = Caffeine.newBuilder().maximumSize(10_000).build();

    /** A new secret: {@code whsec_} and 32 random bytes in base64 (the spec asks for 24 to 64 bytes). */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    public String sign(String secret, String messageId, long timestampSeconds, String body) {
        try {
            return keys.get(secret, Webhook::new).sign(messageId, timestampSeconds, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("cannot sign webhook " + messageId, e);
        }
    }
}
