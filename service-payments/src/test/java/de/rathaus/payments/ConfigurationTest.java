package de.rathaus.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
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

    /** The files' properties, later files first (as a profile's file overrides the base). */
    private static MockEnvironment load(String... files) {
        MockEnvironment environment = new MockEnvironment();
        Arrays.stream(files).flatMap(ConfigurationTest::sources).forEach(environment.getPropertySources()::addFirst);
        return environment;
    }

    private static Stream<String> rawValues(String file) {
        return sources(file).map(source -> (EnumerablePropertySource<?>) source)
                .flatMap(source -> Arrays.stream(source.getPropertyNames()).map(source::getProperty)).map(String::valueOf);
    }

    private static Stream<PropertySource<?>> sources(String file) {
        try {
            return new YamlPropertySourceLoader().load(file, new ClassPathResource(file)).stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
