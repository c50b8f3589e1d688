package de.rathaus.platform;

import de.rathaus.platform.events.EventsAutoConfiguration;
import de.rathaus.platform.security.CurrentUser;
import de.rathaus.testsupport.TestTokens;
import jakarta.servlet.Filter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;

/**
 * The smallest servlet service on the platform: its web, security and problem-details plumbing and a few endpoints,
 * without database and broker. Tests point it at a {@link TestTokens} realm with {@link #register}.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration(exclude = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class,
        KafkaAutoConfiguration.class, EventsAutoConfiguration.class})
@Import(ServletTestApp.Endpoints.class)
public class ServletTestApp {

    public static final String BROKEN_FILTER_PATH = "/api/v1/test/broken-filter";

    public static void register(DynamicPropertyRegistry registry, TestTokens tokens) {
        registry.add("rathaus.security.issuer-uri", tokens::issuer);
        // the platform's readiness group names the database, which this service has not
        registry.add("management.endpoint.health.validate-group-membership", () -> "false");
    }

    /** A filter that fails for one path, as a filter with a bug would: the error arises outside Spring MVC. */
    @Bean
    FilterRegistrationBean<Filter> brokenFilter() {
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>((request, response, chain) -> {
            throw new IllegalStateException("broken filter");
        });
        registration.addUrlPatterns(BROKEN_FILTER_PATH);
        return registration;
    }

    public record Note(@NotBlank String text, Address address, List<String> tags) {
    }

    public record Address(String street) {
    }

    /** Untyped content, as form data and form schemas are. */
    public record Form(Map<String, Object> formData, JsonNode schema) {
    }

    @RestController
    static class Endpoints {

        @GetMapping("/api/v1/test/caller")
        Map<String, String> caller() {
            CurrentUser caller = CurrentUser.get();
            return Map.of("subject", caller.subject(), "tenant", caller.tenant());
        }

        @PostMapping("/api/v1/test/notes")
        Note note(@Valid @RequestBody Note note) {
            return note;
        }

        @PostMapping("/api/v1/test/forms")
        Form form(@RequestBody Form form) {
            return form;
        }

        @PostMapping(path = "/api/v1/test/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
        Map<String, Long> upload(@RequestPart("file") MultipartFile file) {
            return Map.of("size", file.getSize());
        }
    }
}
