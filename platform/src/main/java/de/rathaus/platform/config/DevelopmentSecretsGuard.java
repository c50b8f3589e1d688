package de.rathaus.platform.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Refuses to start a service outside the {@code local} profile when one of its secrets is missing or is a known
 * development value: secure by default, so a forgotten environment variable cannot leave a committed secret active.
 * <p>
 * A service names its secrets in {@code rathaus.secrets} (comma-separated property names, in its base
 * {@code application.yml}). A secret is refused when it is blank, when it equals the value the service's
 * {@code application-local.yml} gives it, or when it contains a development marker ({@code change-me},
 * {@code development-only}). Runs after the configuration files are read. Registered in
 * {@code META-INF/spring.factories}.
 */
public class DevelopmentSecretsGuard implements EnvironmentPostProcessor, Ordered {

    public static final String LOCAL_PROFILE = "local";
    static final String SECRETS = "rathaus.secrets";
    static final List<String> MARKERS = List.of("change-me", "changeme", "development-only", "dev-notification-secret");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.acceptsProfiles(Profiles.of(LOCAL_PROFILE))) {
            return;
        }
        String names = environment.getProperty(SECRETS, "");
        List<String> refused = new ArrayList<>();
        List<PropertySource<?>> local = localProfileSources();
        for (String name : Arrays.stream(names.split(",")).map(String::strip).filter(n -> !n.isEmpty()).toList()) {
            String value = resolve(environment, name);
            if (value == null || value.isBlank()) {
                refused.add(name + " is not set");
            } else if (isDevelopmentValue(name, value, local)) {
                refused.add(name + " is a development value");
            }
        }
        if (!refused.isEmpty()) {
            throw new IllegalStateException("Refusing to start outside the '" + LOCAL_PROFILE + "' profile: "
                    + String.join("; ", refused) + ". Set a secret of this deployment (see the README's Security "
                    + "section), or start with SPRING_PROFILES_ACTIVE=local on a developer machine.");
        }
    }

    private static String resolve(ConfigurableEnvironment environment, String name) {
        try {
            return environment.getProperty(name);
        } catch (IllegalArgumentException unresolvablePlaceholder) {
            return null;
        }
    }

    static boolean isDevelopmentValue(String name, String value, List<PropertySource<?>> local) {
        String lower = value.toLowerCase(Locale.ROOT);
        if (MARKERS.stream().anyMatch(lower::contains)) {
            return true;
        }
        return local.stream().map(source -> source.getProperty(name))
                .anyMatch(developmentValue -> developmentValue != null && value.equals(developmentValue.toString()));
    }

    private static List<PropertySource<?>> localProfileSources() {
        ClassPathResource file = new ClassPathResource("application-" + LOCAL_PROFILE + ".yml");
        if (!file.exists()) {
            return List.of();
        }
        try {
            return new YamlPropertySourceLoader().load("developmentValues", file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After the config data (application*.yml, environment) has been loaded. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
