package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.payments.provider.NotificationHousekeeping;
import de.rathaus.payments.provider.NotificationSignature;
import de.rathaus.testsupport.ApiClient.Response;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The provider-notification endpoint: signature, tolerance, replays, unknown payments, duplicates; the cleanup job
 * that forgets notification ids after the retention (30 days).
 */
class ProviderNotificationsIT extends PaymentsApiTest {

    @Autowired
    NotificationHousekeeping housekeeping;

    void receivedAgo(String notificationId, Duration ago) {
        assertThat(jdbc.sql("update provider_notification set received_at = :at where notification_id = :id")
                .param("at", ago(ago)).param("id", notificationId).update()).isEqualTo(1);
    }

    boolean remembered(String notificationId) {
        return jdbc.sql("select count(*) from provider_notification where notification_id = :id").param("id", notificationId)
                .query(Long.class).single() == 1;
    }

    @Test
    void signedNotificationsAreAppliedOnceAndReplaysAreRejected() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String paymentId = createPayment(tenant, citizen, 4200).get("id").asText();
        String checkoutId = checkoutId(startCheckout(paymentId, token));

        String body = notification("ntf-" + UUID.randomUUID(), "checkout.succeeded", checkoutId, paymentId, 4200);
        assertThat(notify(body).status()).isEqualTo(202);
        assertThat(paymentStatus(paymentId, token)).isEqualTo("SUCCEEDED");

        Response replay = notify(body);
        assertThat(replay.status()).isEqualTo(409);
        assertThat(replay.isProblem()).isTrue();

        // a different notification with the same news, and a stale "started" after it: nothing changes
        assertThat(notify(notification("ntf-" + UUID.randomUUID(), "checkout.succeeded", checkoutId, paymentId, 4200)).status()).isEqualTo(202);
        assertThat(notify(notification("ntf-" + UUID.randomUUID(), "checkout.started", checkoutId, paymentId, 4200)).status()).isEqualTo(202);
        assertThat(notify(notification("ntf-" + UUID.randomUUID(), "checkout.failed", checkoutId, paymentId, 4200)).status()).isEqualTo(202);
        JsonNode payment = api.get("/api/v1/payments/" + paymentId, token).json();
        assertThat(payment.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(1);
        assertThat(bookings(tenant, "CLAIM_WRITTEN_OFF")).isZero();
        assertJournalBalanced(tenant);
    }

    @Test
    void unsignedWronglySignedAndStaleNotificationsAreRejected() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String paymentId = createPayment(tenant, citizen, 100).get("id").asText();
        String checkoutId = checkoutId(startCheckout(paymentId, token));
        String body = notification("ntf-" + UUID.randomUUID(), "checkout.succeeded", checkoutId, paymentId, 100);
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        long now = CLOCK.instant().getEpochSecond();

        Response unsigned = api.send(api.request("/api/v1/payments/public/provider-notifications", null)
                .POST(HttpRequest.BodyPublishers.ofString(body)), Map.of("Content-Type", "application/json"));
        assertThat(unsigned.status()).isEqualTo(401);
        assertThat(unsigned.isProblem()).isTrue();

        Response forged = api.send(api.request("/api/v1/payments/public/provider-notifications", null)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                Map.of("Content-Type", "application/json", NotificationSignature.TIMESTAMP_HEADER, Long.toString(now),
                        NotificationSignature.SIGNATURE_HEADER, new NotificationSignature("another-secret-of-the-attacker").sign(now, bytes)));
        assertThat(forged.status()).isEqualTo(401);

        // signed with the right secret, but the body was changed afterwards
        String signature = new NotificationSignature(SECRET).sign(now, bytes);
        Response tampered = api.send(api.request("/api/v1/payments/public/provider-notifications", null)
                        .POST(HttpRequest.BodyPublishers.ofString(body.replace("\"amountCents\": 100", "\"amountCents\": 1"))),
                Map.of("Content-Type", "application/json", NotificationSignature.TIMESTAMP_HEADER, Long.toString(now),
                        NotificationSignature.SIGNATURE_HEADER, signature));
        assertThat(tampered.status()).isEqualTo(401);

        // one second beyond the 300 s tolerance, either way
        assertThat(notify(body, now - 301).status()).isEqualTo(401);
        assertThat(notify(body, now + 301).status()).isEqualTo(401);
        assertThat(paymentStatus(paymentId, token)).isEqualTo("STARTED");

        // at the edge of the tolerance it is accepted
        assertThat(notify(body, now - 300).status()).isEqualTo(202);
        assertThat(paymentStatus(paymentId, token)).isEqualTo("SUCCEEDED");
    }

    @Test
    void aNotificationForAnUnknownPaymentIsAnsweredAndLogged() {
        String id = "ntf-" + UUID.randomUUID();
        Response response = notify(notification(id, "checkout.succeeded", "chk_unknown", UUID.randomUUID().toString(), 100));
        assertThat(response.status()).isEqualTo(202);
        assertThat(jdbc.sql("select outcome from provider_notification where notification_id = :id").param("id", id)
                .query(String.class).single()).isEqualTo("UNKNOWN_PAYMENT");
    }

    @Test
    void aNotificationThatIsNoValidDocumentIsRejected() {
        assertThat(notify("{\"id\": \"x\"}").status()).isEqualTo(400);
        assertThat(notify("not json").status()).isEqualTo(400);
    }

    @Test
    void theCleanupJobForgetsNotificationIdsOlderThanTheRetentionYoungerOnesStillCountAsReplays() {
        String tenant = newTenant();
        String citizen = "citizen-" + UUID.randomUUID();
        String token = tokens.citizen(citizen, tenant);
        String paymentId = createPayment(tenant, citizen, 700).get("id").asText();
        String checkoutId = checkoutId(startCheckout(paymentId, token));
        String oldId = "ntf-" + UUID.randomUUID();
        String youngId = "ntf-" + UUID.randomUUID();
        String old = notification(oldId, "checkout.succeeded", checkoutId, paymentId, 700);
        String young = notification(youngId, "checkout.succeeded", checkoutId, paymentId, 700);
        assertThat(notify(old).status()).isEqualTo(202);
        assertThat(notify(young).status()).isEqualTo(202);
        receivedAgo(oldId, Duration.ofDays(30).plusHours(1));
        receivedAgo(youngId, Duration.ofDays(30).minusHours(1));

        assertThat(housekeeping.cleanUp()).isPositive();

        assertThat(remembered(oldId)).isFalse();
        assertThat(remembered(youngId)).isTrue();
        assertThat(notify(young).status()).isEqualTo(409); // still protected against replays
        // a forgotten id is news again, but its effect happened long ago: nothing is booked twice
        assertThat(notify(old).status()).isEqualTo(202);
        assertThat(paymentStatus(paymentId, token)).isEqualTo("SUCCEEDED");
        assertThat(bookings(tenant, "PAYMENT_RECEIVED")).isEqualTo(1);
        assertJournalBalanced(tenant);
    }
}
