package de.rathaus.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import de.rathaus.platform.ServletTestApp;
import de.rathaus.testsupport.ApiClient;
import de.rathaus.testsupport.ApiClient.Response;
import de.rathaus.testsupport.TestTokens;
import java.text.ParseException;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service answers forged tokens that name a key id the realm never had with 401, also in a flood, while it may
 * refetch the realm's keys for such ids only now and then (which protects Keycloak).
 */
@SpringBootTest(classes = ServletTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class UnknownKeyIdIT {

    static final TestTokens tokens = new TestTokens();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ServletTestApp.register(registry, tokens);
    }

    @AfterAll
    static void stopJwks() {
        tokens.close();
    }

    @LocalServerPort
    int port;

    @Test
    void aValidTokenPasses() {
        Response response = new ApiClient("http://127.0.0.1:" + port).get("/api/v1/test/caller", tokens.citizen("anna", "bochum"));

        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("tenant").asText()).isEqualTo("bochum");
    }

    @Test
    void forgedTokensWithUnknownKeyIdsAreRejectedWith401EvenInQuickSuccession() {
        ApiClient api = new ApiClient("http://127.0.0.1:" + port);
        List<String> forged = Stream.generate(() -> signedWithUnknownKey(tokens.citizen("mallory", "bochum"))).limit(5).toList();
        int fetchesBefore = tokens.jwksRequests();

        for (String token : forged) {
            Response response = api.get("/api/v1/test/caller", token);
            assertThat(response.status()).as(response.toString()).isEqualTo(401);
            assertThat(response.isProblem()).as(response.toString()).isTrue();
            assertThat(response.header("WWW-Authenticate")).contains("error=\"invalid_token\"");
        }
        assertThat(tokens.jwksRequests() - fetchesBefore).as("refetches of the JWKS").isLessThanOrEqualTo(2);
    }

    /** The claims of {@code token}, signed with a new key under a key id nobody knows. */
    private static String signedWithUnknownKey(String token) {
        try {
            RSAKey unknown = new RSAKeyGenerator(2048).keyID("unknown-" + UUID.randomUUID()).generate();
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(unknown.getKeyID()).build(),
                    SignedJWT.parse(token).getJWTClaimsSet());
            jwt.sign(new RSASSASigner(unknown));
            return jwt.serialize();
        } catch (JOSEException | ParseException e) {
            throw new IllegalStateException(e);
        }
    }
}
