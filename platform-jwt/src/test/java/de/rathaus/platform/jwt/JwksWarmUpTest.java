package de.rathaus.platform.jwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import de.rathaus.testsupport.TestTokens;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

class JwksWarmUpTest {

    @Test
    void readyOnlyOnceTheKeysAreLoaded() throws Exception {
        try (TestTokens realm = new TestTokens()) {
            SecurityProperties props = new SecurityProperties(URI.create(realm.issuer()), null, "rathaus-api");
            JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(props.jwkSetUri().toURL()).build();
            JwksWarmUp warmUp = new JwksWarmUp(source, props);
            assertThat(warmUp.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);

            warmUp.onApplicationEvent(null);

            await().atMost(Duration.ofSeconds(10)).until(() -> warmUp.health().getStatus().equals(Status.UP));
            assertThat(realm.jwksRequests()).isEqualTo(1);
            warmUp.destroy();
        }
    }

    @Test
    void notReadyWhileTheRealmIsUnreachable() throws Exception {
        SecurityProperties props = new SecurityProperties(URI.create("http://127.0.0.1:9/realms/rathaus"), null, "rathaus-api");
        JWKSource<SecurityContext> source = JWKSourceBuilder.<SecurityContext>create(props.jwkSetUri().toURL()).retrying(false).build();
        JwksWarmUp warmUp = new JwksWarmUp(source, props);

        warmUp.onApplicationEvent(null);

        await().atMost(Duration.ofSeconds(10)).until(() -> !"not tried yet".equals(warmUp.health().getDetails().get("error")));
        assertThat(warmUp.health().getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(String.valueOf(warmUp.health().getDetails().get("error"))).contains("Connection refused");
        warmUp.destroy();
    }
}
