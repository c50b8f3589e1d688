package de.rathaus.appointments;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.appointments.booking.BookingProperties;
import de.rathaus.appointments.guest.GuestLinkProperties;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

/** The base configuration is safe for production; development values exist only in the {@code local} profile. */
class ConfigurationTest {

    private static Binder binder(String... files) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        for (String file : files) {
            // later files win, as a profile's file wins over application.yml
            new YamlPropertySourceLoader().load(file, new ClassPathResource(file))
                    .forEach(source -> environment.getPropertySources().addAfter("systemEnvironment", source));
        }
        return Binder.get(environment);
    }

    @Test
    void theBaseConfigurationHasTheDefaultsAndNoSecret() throws IOException {
        Binder base = binder("application.yml");

        BookingProperties booking = base.bind("rathaus.appointments.booking", BookingProperties.class).get();
        assertThat(booking.maxOpenPerService()).isEqualTo(1);
        assertThat(booking.reminderLead()).isEqualTo(Duration.ofHours(24));
        JobsProperties jobs = base.bind("rathaus.appointments.jobs", JobsProperties.class).get();
        assertThat(jobs.enabled()).isTrue();
        assertThat(jobs.interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(jobs.slotGenerationCron()).isEqualTo("0 5 0 * * *");
        GuestLinkProperties links = base.bind("rathaus.appointments.links", GuestLinkProperties.class).get();
        assertThat(links.secret()).as("no development secret outside the local profile").isEmpty();
        assertThat(links.manageUrl()).isEmpty();
        assertThat(base.bind("spring.datasource.password", String.class).isBound()).isFalse();
    }

    @Test
    void theLocalProfileAddsTheDevelopmentValues() throws IOException {
        Binder local = binder("application.yml", "application-local.yml");

        GuestLinkProperties links = local.bind("rathaus.appointments.links", GuestLinkProperties.class).get();
        assertThat(links.secret()).hasSizeGreaterThanOrEqualTo(32);
        assertThat(links.manageUrl()).startsWith("http://localhost:");
        assertThat(local.bind("spring.datasource.password", String.class).get()).isNotBlank();
        assertThat(local.bind("rathaus.appointments.booking.max-open-per-service", Integer.class).get()).isEqualTo(1);
    }
}
