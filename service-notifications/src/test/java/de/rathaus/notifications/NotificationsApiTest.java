package de.rathaus.notifications;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import de.rathaus.notifications.contacts.Contact;
import de.rathaus.notifications.contacts.ContactDirectory;
import de.rathaus.testsupport.ServiceApiTest;
import de.rathaus.testsupport.TestClock;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of every API test of this service: one Spring context (same configuration in every subclass, so the context
 * cache shares it), the embedded broker with the three domain topics, a real SMTP server (GreenMail) and a contact
 * directory fake (the Keycloak adapter has its own test against an HTTP stub).
 * <p>
 * The service's clock is {@link #CLOCK}: retries and dead-lettering happen when a test moves it, not when enough real
 * time has passed, and nothing depends on the hour or date the suite runs at.
 */
@EmbeddedKafka(partitions = 2, topics = {"rathaus.applications.v1", "rathaus.payments.v1", "rathaus.appointments.v1"})
@Import(NotificationsApiTest.Fakes.class)
public abstract class NotificationsApiTest extends ServiceApiTest {

    protected static final GreenMail mail = startMail();
    protected static final Map<String, Contact> contacts = new ConcurrentHashMap<>();
    /** What the service takes for "now". */
    protected static final TestClock CLOCK = TestClock.standard();

    private static GreenMail startMail() {
        GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        greenMail.start();
        return greenMail;
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        register(registry, "test_notifications");
        registry.add("spring.mail.host", () -> "127.0.0.1");
        registry.add("spring.mail.port", () -> mail.getSmtp().getPort());
        registry.add("rathaus.notifications.dispatch.poll-interval", () -> "200ms");
        registry.add("rathaus.notifications.webhooks.allow-http", () -> "true");
        registry.add("rathaus.notifications.webhooks.allowed-targets", () -> "127.0.0.1/32");
        registry.add("rathaus.notifications.webhooks.timeout", () -> "1s");
        registry.add("rathaus.notifications.webhooks.poll-interval", () -> "100ms");
        registry.add("rathaus.notifications.webhooks.max-in-flight-per-subscription", () -> "4");
    }

    @TestConfiguration
    static class Fakes {
        @Bean
        @Primary
        Clock testClock() {
            return CLOCK;
        }

        @Bean
        @Primary
        ContactDirectory fakeContacts() {
            return new ContactDirectory() {
                @Override
                public Optional<Contact> citizen(String tenant, String citizenId) {
                    return Optional.ofNullable(contacts.get(tenant + "/" + citizenId));
                }

                @Override
                public Optional<Contact> guest(String tenant, String guestContactId) {
                    return Optional.ofNullable(contacts.get("guest/" + guestContactId));
                }
            };
        }
    }
}
