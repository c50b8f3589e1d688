package de.rathaus.platform.jwt;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.IOException;
import java.util.List;

/**
 * The realm's signing keys as the decoders ask for them: from Nimbus's cached, rate-limited JWKS source, with one
 * decision of our own. A token whose key id is not in the cached key set makes the source refetch the set, at most
 * twice per {@link TokenValidation#JWKS_MIN_FETCH_INTERVAL} (so forged tokens cannot flood Keycloak). Nimbus reports a
 * refetch it refused for that limit as an error, which the decoders would have to answer with 503 "signing keys
 * not available" although the keys are at hand and were fetched moments ago. Here that case means what it is: the
 * current key set has no key of that id, so the token is invalid (401).
 * <p>
 * A failure to load the key set at all (the identity provider unreachable and no keys cached) and a refetch that
 * was tried and failed stay errors: those are 503.
 */
public final class SigningKeys implements JWKSource<SecurityContext>, AutoCloseable {

    private final JWKSetSource<SecurityContext> keySets;

    SigningKeys(JWKSetSource<SecurityContext> keySets) {
        this.keySets = keySets;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        long now = System.currentTimeMillis();
        JWKSet cached = keySets.getJWKSet(JWKSetCacheRefreshEvaluator.noRefresh(), now, context);
        List<JWK> keys = selector.select(cached);
        if (!keys.isEmpty()) {
            return keys;
        }
        try {
            return selector.select(keySets.getJWKSet(JWKSetCacheRefreshEvaluator.referenceComparison(cached), now, context));
        } catch (RateLimitReachedException recentlyRefetched) {
            return List.of();
        }
    }

    /** Stops the scheduler that refreshes the keys ahead of expiry. */
    @Override
    public void close() throws IOException {
        keySets.close();
    }
}
