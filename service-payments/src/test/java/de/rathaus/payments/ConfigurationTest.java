package de.rathaus.payments;

import static de.rathaus.testsupport.ConfigurationFiles.load;
import static de.rathaus.testsupport.ConfigurationFiles.rawValues;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.mock.env.MockEnvironment;

/** The base configuration is production's; development values exist only in the local profile. */
class ConfigurationTest {

    @Test
    void theBaseConfigurationHoldsNoDevelopmentValueAndTakesTheProviderFromTheEnvironment() {
        assertThat(rawValues("application.yml"))
                .noneMatch(value -> value.contains("localhost") || value.contains("change-me") || value.startsWith("dev-"));
        MockEnvironment base = load("application.yml");
        assertThat(base.getProperty("rathaus.payments.simulator.enabled")).isNull();
        for (String required : List.of("base-url", "api-key", "notification-secret")) {
            assertThatThrownBy(() -> base.getProperty("rathaus.payments.provider." + required))
                    .hasMessageContaining("RATHAUS_PAYMENTS_PROVIDER_");
        }
    }

    @Test
    void theLocalProfileRunsTheSimulatorWithTheDemoSecret() {
        MockEnvironment local = load("application.yml", "application-local.yml");
        assertThat(local.getProperty("rathaus.payments.simulator.enabled", Boolean.class)).isTrue();
        assertThat(local.getProperty("rathaus.payments.provider.base-url")).isEmpty();
        assertThat(local.getProperty("rathaus.payments.simulator.notification-secret"))
                .isEqualTo(local.getProperty("rathaus.payments.provider.notification-secret"));
    }
}
