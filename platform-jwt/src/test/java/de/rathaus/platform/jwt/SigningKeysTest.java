package de.rathaus.platform.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.SignedJWT;
import de.rathaus.testsupport.TestTokens;
import java.net.URI;
import org.junit.jupiter.api.Test;

class SigningKeysTest {

    static JWKSelector keyId(String kid) {
        return new JWKSelector(new JWKMatcher.Builder().keyID(kid).build());
    }

    @Test
    void unknownKeyIdsHaveNoKeyAlsoWhileTheRateLimitForbidsARefetch() throws Exception {
        try (TestTokens realm = new TestTokens();
             SigningKeys keys = TokenValidation.jwkSource(new SecurityProperties(URI.create(realm.issuer()), null, "rathaus-api"))) {
            String kid = SignedJWT.parse(realm.citizen("anna", "bochum")).getHeader().getKeyID();
            assertThat(keys.get(keyId(kid), null)).hasSize(1);

            for (int i = 0; i < 5; i++) {
                assertThat(keys.get(keyId("forged-" + i), null)).as("forged key id #" + i).isEmpty();
            }
            assertThat(realm.jwksRequests()).as("the first load and at most two refetches").isLessThanOrEqualTo(3);
            assertThat(keys.get(keyId(kid), null)).as("the realm's key is still served").hasSize(1);
        }
    }

    @Test
    void keysThatCannotBeLoadedAreAnError() throws Exception {
        try (SigningKeys keys = TokenValidation.jwkSource(
                new SecurityProperties(URI.create("http://127.0.0.1:9/realms/rathaus"), null, "rathaus-api"))) {
            for (int i = 0; i < 3; i++) {
                assertThatThrownBy(() -> keys.get(keyId("any"), null)).isInstanceOf(KeySourceException.class);
            }
        }
    }
}
