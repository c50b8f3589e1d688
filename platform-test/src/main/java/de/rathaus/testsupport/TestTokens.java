package de.rathaus.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Keycloak realm in service tests: serves a JWKS over real HTTP on a free loopback port and
 * signs tokens shaped like Keycloak's (issuer, audience {@code rathaus-api}, {@code realm_access.roles},
 * {@code tenant}). Services validate them through their normal, unmodified decoder.
 */
public final class TestTokens implements AutoCloseable {

    public static final String REALM_PATH = "/realms/rathaus";
    private final RSAKey key;
    private final RSAKey foreignKey;
    private final HttpServer server;
    private final AtomicInteger jwksRequests = new AtomicInteger();

    public TestTokens() {
        try {
            this.key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).generate();
            this.foreignKey = new RSAKeyGenerator(2048).keyID(key.getKeyID()).generate();
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server.createContext(REALM_PATH + "/protocol/openid-connect/certs", exchange -> {
            jwksRequests.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
    }

    /** The issuer to configure as {@code rathaus.security.issuer-uri}. */
    public String issuer() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + REALM_PATH;
    }

    public int jwksRequests() {
        return jwksRequests.get();
    }

    public String citizen(String subject, String tenant) {
        return token(subject, tenant, List.of("citizen"));
    }

    public String clerk(String subject, String tenant) {
        return token(subject, tenant, List.of("clerk"));
    }

    public String token(String subject, String tenant, List<String> roles) {
        return sign(key, claims(subject, tenant, roles).build());
    }

    /** A token that differs from a valid one only in the given claims (e.g. another issuer, no audience, expired). */
    public String tokenWith(String subject, String tenant, List<String> roles, Map<String, Object> overrides) {
        JWTClaimsSet.Builder builder = claims(subject, tenant, roles);
        overrides.forEach(builder::claim);
        return sign(key, builder.build());
    }

    public String expired(String subject, String tenant, List<String> roles) {
        Instant past = Instant.now().minus(Duration.ofHours(1));
        return sign(key, claims(subject, tenant, roles)
                .issueTime(Date.from(past.minusSeconds(300)))
                .expirationTime(Date.from(past))
                .build());
    }

    /** Same key id, different private key: the signature cannot verify. */
    public String forged(String subject, String tenant, List<String> roles) {
        return sign(foreignKey, claims(subject, tenant, roles).build());
    }

    private JWTClaimsSet.Builder claims(String subject, String tenant, List<String> roles) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(subject)
                .audience(List.of("rathaus-api", "account"))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("azp", "rathaus-cli")
                .claim("realm_access", Map.of("roles", roles));
        if (tenant != null) {
            builder.claim("tenant", tenant);
        }
        return builder;
    }

    private static String sign(RSAKey signingKey, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                    .keyID(signingKey.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
