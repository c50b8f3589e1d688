package de.rathaus.platform.config;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class DevelopmentSecretsGuardTest {

    private static final String SECRETS = "test.webhook-secret, test.link-secret";

    @Test
    void startsWithRealSecrets() {
        StandardEnvironment env = environment(Map.of("test.webhook-secret", "a-real-secret-of-this-municipality-1",
                "test.link-secret", "another-real-secret-0123456789"));

        assertThatCode(() -> guard(env)).doesNotThrowAnyException();
    }

    @Test
    void refusesAMissingSecretAndNamesIt() {
        StandardEnvironment env = environment(Map.of("test.webhook-secret", "a-real-secret-of-this-municipality-1",
                "test.link-secret", "${TEST_LINK_SECRET}"));

        assertThatThrownBy(() -> guard(env)).hasMessageContaining("test.link-secret is not set")
                .hasMessageNotContaining("test.webhook-secret");
    }

    @Test
    void refusesTheLocalProfilesValueAndKnownDevelopmentMarkers() {
        StandardEnvironment env = environment(Map.of("test.webhook-secret", "local-webhook-secret-0123456789",
                "test.link-secret", "local-development-only-link-secret-change-me"));

        assertThatThrownBy(() -> guard(env)).hasMessageContaining("test.webhook-secret is a development value")
                .hasMessageContaining("test.link-secret is a development value");
    }

    @Test
    void theLocalProfileMayUseDevelopmentValues() {
        StandardEnvironment env = environment(Map.of("test.webhook-secret", "local-webhook-secret-0123456789"));
        env.setActiveProfiles("local");

        assertThatCode(() -> guard(env)).doesNotThrowAnyException();
    }

    private static StandardEnvironment environment(Map<String, Object> values) {
        Map<String, Object> all = new HashMap<>(values);
        all.put("rathaus.secrets", SECRETS);
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().addFirst(new MapPropertySource("service", all));
        return env;
    }

    private static void guard(StandardEnvironment env) {
        new DevelopmentSecretsGuard().postProcessEnvironment(env, new SpringApplication());
    }
}
