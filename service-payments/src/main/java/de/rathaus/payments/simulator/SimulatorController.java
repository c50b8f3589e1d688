package de.rathaus.payments.simulator;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * The simulated PSP's HTTP face: a provider API ({@code /api/checkouts...}, API key as HTTP Basic user name) and the hosted
 * checkout page with pay / fail / abandon buttons. Not part of the service's contract: a stand-in for an external
 * system, reachable without a Keycloak token under the public folder.
 */
@RestController
@ConditionalOnProperty(name = "rathaus.payments.simulator.enabled", havingValue = "true")
@RequestMapping("/api/v1/payments/public/simulator")
class SimulatorController {

    private final PspSimulator simulator;
    private final byte[] apiKey;

    SimulatorController(PspSimulator simulator, SimulatorProperties props) {
        this.simulator = simulator;
        this.apiKey = ("Basic " + java.util.Base64.getEncoder().encodeToString((props.apiKey() + ":").getBytes(StandardCharsets.UTF_8)))
                .getBytes(StandardCharsets.UTF_8);
    }

    record CreateCheckout(UUID paymentId, String tenant, Long amountCents, String currency, String description, String returnUrl) {
    }

    record CreateRefund(UUID refundId, Long amountCents) {
    }

    @PostMapping(path = "/api/checkouts", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> create(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                             @RequestBody CreateCheckout request) {
        if (!authorized(auth)) {
            return unauthorized();
        }
        if (request.paymentId() == null || request.amountCents() == null || request.amountCents() < 1 || !"EUR".equals(request.currency())) {
            return ResponseEntity.badRequest().body(Map.of("error", "paymentId, amountCents >= 1 and currency EUR are required"));
        }
        PspSimulator.Checkout checkout = simulator.create(request.paymentId(), request.tenant(), request.amountCents(),
                request.currency(), request.description(), request.returnUrl());
        return ResponseEntity.status(HttpStatus.CREATED).body(checkout.view(simulator.nextUrl(checkout)));
    }

    @GetMapping("/api/checkouts/{id}")
    ResponseEntity<?> get(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth, @PathVariable String id) {
        if (!authorized(auth)) {
            return unauthorized();
        }
        return simulator.find(id).<ResponseEntity<?>>map(c -> ResponseEntity.ok(c.view(simulator.nextUrl(c))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such checkout")));
    }

    @PostMapping("/api/checkouts/{id}/cancel")
    ResponseEntity<?> cancel(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth, @PathVariable String id) {
        if (!authorized(auth)) {
            return unauthorized();
        }
        return simulator.find(id).<ResponseEntity<?>>map(c -> simulator.cancel(c)
                        ? ResponseEntity.ok(c.view(simulator.nextUrl(c)))
                        : ResponseEntity.status(HttpStatus.CONFLICT).body(c.view(simulator.nextUrl(c))))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such checkout")));
    }

    @PostMapping(path = "/api/checkouts/{id}/refunds", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<?> refund(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth,
                             @PathVariable String id, @RequestBody CreateRefund request) {
        if (!authorized(auth)) {
            return unauthorized();
        }
        if (request.refundId() == null || request.amountCents() == null) {
            return ResponseEntity.badRequest().body(Map.of("error", "refundId and amountCents are required"));
        }
        return simulator.find(id).<ResponseEntity<?>>map(c -> ResponseEntity.ok(simulator.refund(c, request.refundId(), request.amountCents())))
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("error", "no such checkout")));
    }

    /** Counters of the simulator's notification traffic. */
    @GetMapping("/api/stats")
    ResponseEntity<?> stats(@RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String auth) {
        return authorized(auth) ? ResponseEntity.ok(simulator.stats()) : unauthorized();
    }

    /** The hosted checkout page (the payment's nextUrl). */
    @GetMapping(path = "/checkout/{id}", produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<String> page(@PathVariable String id) {
        return simulator.find(id).map(checkout -> {
            simulator.opened(checkout);
            String amount = "%d,%02d €".formatted(checkout.amountCents() / 100, checkout.amountCents() % 100);
            String body = checkout.status() == PspSimulator.Status.STARTED || checkout.status() == PspSimulator.Status.OPEN
                    ? """
                      <form method="post">
                        <button name="action" value="pay">Bezahlen</button>
                        <button name="action" value="fail">Zahlung ablehnen (Test)</button>
                        <button name="action" value="abandon">Abbrechen</button>
                      </form>"""
                    : "<p>Dieser Bezahlvorgang ist abgeschlossen: %s</p>".formatted(checkout.status());
            return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8)).body("""
                    <!doctype html>
                    <html lang="de"><head><meta charset="utf-8"><title>Bezahlen – PSP-Simulator</title></head>
                    <body>
                      <h1>PSP-Simulator</h1>
                      <p>Nur für Entwicklung und Tests: hier wird kein Geld bewegt.</p>
                      <p>%s: <strong>%s</strong></p>
                      %s
                    </body></html>
                    """.formatted(HtmlUtils.htmlEscape(checkout.description() == null ? "" : checkout.description()), amount, body));
        }).orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_HTML)
                .body("<!doctype html><p>Unbekannter Bezahlvorgang.</p>"));
    }

    /** A button of the hosted page; sends the payer back to the return URL. */
    @PostMapping(path = "/checkout/{id}", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    ResponseEntity<String> decide(@PathVariable String id, @RequestParam("action") String action) {
        PspSimulator.Decision decision = switch (action) {
            case "pay" -> PspSimulator.Decision.PAY;
            case "fail" -> PspSimulator.Decision.FAIL;
            case "abandon" -> PspSimulator.Decision.ABANDON;
            default -> null;
        };
        if (decision == null) {
            return ResponseEntity.badRequest().contentType(MediaType.TEXT_PLAIN).body("action must be pay, fail or abandon");
        }
        return simulator.find(id).map(checkout -> {
            boolean decided = simulator.decide(checkout, decision);
            if (!decided) {
                return ResponseEntity.status(HttpStatus.CONFLICT).contentType(MediaType.TEXT_PLAIN).body("already decided: " + checkout.status());
            }
            return ResponseEntity.status(HttpStatus.SEE_OTHER).location(URI.create(checkout.returnUrl() == null ? "/" : checkout.returnUrl()))
                    .contentType(MediaType.TEXT_PLAIN).body(checkout.status().name());
        }).orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.TEXT_PLAIN).body("no such checkout"));
    }

    private boolean authorized(String header) {
        return header != null && MessageDigest.isEqual(apiKey, header.getBytes(StandardCharsets.UTF_8));
    }

    private static ResponseEntity<?> unauthorized() {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(Map.of("error", "missing or wrong API key"));
    }
}
