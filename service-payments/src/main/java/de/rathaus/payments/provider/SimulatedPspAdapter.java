package de.rathaus.payments.provider;

import de.rathaus.payments.PaymentsProperties;
import de.rathaus.payments.payment.PaymentProvider;
import de.rathaus.payments.payment.ProviderUnavailableException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Adapter for the simulated PSP ({@code de.rathaus.payments.simulator}): plain HTTP against its base URL with an
 * API key, exactly like an adapter for a real provider, and the HMAC check of its notifications. It knows nothing
 * of the simulator's classes, so pointing {@code rathaus.payments.provider.base-url} at another process (or
 * replacing this class, see the README) is all it takes to leave the simulator.
 */
@Component
class SimulatedPspAdapter implements PaymentProvider, NotificationVerifier {

    private final PaymentsProperties.Provider props;
    private final LocalServer localServer;
    private final JsonMapper json;
    private final Clock clock;
    private final NotificationSignature signature;
    private final Supplier<RestClient> client;

    SimulatedPspAdapter(PaymentsProperties props, LocalServer localServer, JsonMapper json, Clock clock) {
        this.props = props.provider();
        this.localServer = localServer;
        this.json = json;
        this.clock = clock;
        this.signature = new NotificationSignature(this.props.notificationSecret());
        // built on first use: with an empty base URL the simulator in this process is meant, whose port is known
        // only once the web server runs
        this.client = SingletonSupplier.of(this::buildClient);
    }

    private RestClient buildClient() {
        String baseUrl = props.baseUrl().isBlank()
                ? localServer.baseUrl() + "/api/v1/payments/public/simulator"
                : props.baseUrl();
        HttpClient http = HttpClient.newBuilder().connectTimeout(props.timeout()).build();
        JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(http);
        factory.setReadTimeout(props.timeout());
        return RestClient.builder()
                .baseUrl(baseUrl)
                .requestFactory(factory)
                // HTTP Basic with the API key as user name, as Stripe does: a Bearer token would be taken for a
                // Keycloak token by this service's own resource server when the simulator runs inside it
                .defaultHeader(HttpHeaders.AUTHORIZATION, "Basic " + Base64.getEncoder()
                        .encodeToString((props.apiKey() + ":").getBytes(StandardCharsets.UTF_8)))
                .build();
    }

    @Override
    public String name() {
        return "simulator";
    }

    @Override
    public Checkout createCheckout(CheckoutRequest request) {
        CheckoutResponse response = call("create a checkout", () -> client.get().post().uri("/api/checkouts")
                .contentType(MediaType.APPLICATION_JSON)
                .body(new CreateCheckout(request.paymentId(), request.tenant(), request.amountCents(), request.currency(),
                        request.description(), request.returnUrl()))
                .retrieve().body(CheckoutResponse.class));
        return new Checkout(response.checkoutId(), response.nextUrl());
    }

    @Override
    public ProviderStatus queryStatus(String checkoutId) {
        CheckoutResponse response = call("query a checkout", () -> client.get().get().uri("/api/checkouts/{id}", checkoutId)
                .retrieve()
                .onStatus(status -> status.value() == 404, (req, res) -> {
                })
                .body(CheckoutResponse.class));
        if (response == null || response.status() == null) {
            return new ProviderStatus(Outcome.UNKNOWN, null, null);
        }
        return new ProviderStatus(outcome(response.status()), response.failureCode(), response.amountCents());
    }

    @Override
    public boolean cancelCheckout(String checkoutId) {
        CheckoutResponse response = call("cancel a checkout", () -> client.get().post().uri("/api/checkouts/{id}/cancel", checkoutId)
                .retrieve()
                .onStatus(status -> status.value() == 409 || status.value() == 404, (req, res) -> {
                })
                .body(CheckoutResponse.class));
        return response != null && ("CANCELLED".equals(response.status()) || "EXPIRED".equals(response.status()));
    }

    @Override
    public RefundResult refund(String checkoutId, UUID refundId, long amountCents) {
        RefundResponse response = call("refund", () -> client.get().post().uri("/api/checkouts/{id}/refunds", checkoutId)
                .contentType(MediaType.APPLICATION_JSON)
                .body(new CreateRefund(refundId, amountCents))
                .retrieve().body(RefundResponse.class));
        return new RefundResult("SUCCEEDED".equals(response.status()), response.refundId(), response.reason());
    }

    @Override
    public Notification verify(Map<String, String> headers, byte[] body) {
        Map<String, String> caseInsensitive = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseInsensitive.putAll(headers);
        signature.verify(caseInsensitive.get(NotificationSignature.TIMESTAMP_HEADER),
                caseInsensitive.get(NotificationSignature.SIGNATURE_HEADER), body, clock, props.notificationTolerance());
        NotificationBody parsed;
        try {
            parsed = json.readValue(body, NotificationBody.class);
        } catch (JacksonException e) {
            throw new MalformedNotificationException("The notification is not the expected JSON document.");
        }
        if (parsed.id() == null || parsed.id().isBlank() || parsed.id().length() > 200 || parsed.type() == null
                || parsed.paymentId() == null || parsed.checkoutId() == null) {
            throw new MalformedNotificationException("The notification lacks id, type, checkoutId or paymentId.");
        }
        Outcome outcome = switch (parsed.type()) {
            case "checkout.started" -> Outcome.STARTED;
            case "checkout.succeeded" -> Outcome.SUCCEEDED;
            case "checkout.failed" -> Outcome.FAILED;
            case "checkout.abandoned" -> Outcome.CANCELLED;
            case "checkout.expired" -> Outcome.EXPIRED;
            default -> Outcome.UNKNOWN;
        };
        return new Notification(parsed.id(), parsed.paymentId(), parsed.checkoutId(), outcome, parsed.amountCents(),
                parsed.failureCode(), parsed.occurredAt());
    }

    private static Outcome outcome(String status) {
        try {
            return Outcome.valueOf(status.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Outcome.UNKNOWN;
        }
    }

    private static <T> T call(String what, Supplier<T> request) {
        try {
            return request.get();
        } catch (RestClientException e) {
            throw new ProviderUnavailableException("The payment provider could not " + what + ": " + e.getMessage(), e);
        }
    }

    record CreateCheckout(UUID paymentId, String tenant, long amountCents, String currency, String description,
                          String returnUrl) {
    }

    record CheckoutResponse(String checkoutId, UUID paymentId, String nextUrl, String status, Long amountCents,
                            String failureCode) {
    }

    record CreateRefund(UUID refundId, long amountCents) {
    }

    record RefundResponse(String refundId, String status, String reason) {
    }

    record NotificationBody(String id, String type, String checkoutId, UUID paymentId, Long amountCents,
                            String failureCode, Instant occurredAt) {
    }
}
