package de.rathaus.notifications;

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
    void theBaseConfigurationHoldsNoDevelopmentValueAndTakesUrlsAndTheSecretFromTheEnvironment() {
        String guardedSecretNames = load("application.yml").getProperty("rathaus.secrets");
        assertThat(rawValues("application.yml")).filteredOn(value -> !value.equals(guardedSecretNames))
                .noneMatch(value -> value.contains("localhost") || (value.contains("secret") && !value.startsWith("${")));
        MockEnvironment base = load("application.yml");
        assertThat(base.getProperty("spring.mail.host")).as("no SMTP relay but the municipality's").isNull();
        assertThat(base.getProperty("rathaus.notifications.sms.provider")).as("no simulated SMS").isNull();
        assertThat(base.getProperty("rathaus.notifications.webhooks.allow-http")).isNull();
        for (String required : List.of("templates.portal-url", "contacts.appointments-url", "contacts.keycloak.server-url",
                "contacts.keycloak.client-secret")) {
            assertThatThrownBy(() -> base.getProperty("rathaus.notifications." + required)).hasMessageContaining("RATHAUS_NOTIFICATIONS_");
        }
    }

    @Test
    void theLocalProfileUsesTheMachinesServicesTheSimulatedSmsAndPlainHttpWebhooks() {
        MockEnvironment local = load("application.yml", "application-local.yml");
        assertThat(local.getProperty("spring.mail.port", Integer.class)).isEqualTo(3025);
        assertThat(local.getProperty("rathaus.notifications.sms.provider")).isEqualTo("simulated");
        assertThat(local.getProperty("rathaus.notifications.webhooks.allow-http", Boolean.class)).isTrue();
        assertThat(local.getProperty("rathaus.notifications.contacts.keycloak.server-url")).isEqualTo("http://localhost:8180");
    }
}
