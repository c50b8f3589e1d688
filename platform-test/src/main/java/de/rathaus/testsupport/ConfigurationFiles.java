package de.rathaus.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.mock.env.MockEnvironment;

/**
 * A service's configuration files as Spring reads them, without starting the service: for tests that the base
 * configuration is production-safe (no development value, secrets only from the environment) and that a profile
 * adds what it should.
 */
public final class ConfigurationFiles {

    private ConfigurationFiles() {
    }

    /**
     * An environment of the given classpath files only (no system properties or environment variables), later files
     * first, as a profile's file overrides the base: {@code load("application.yml", "application-local.yml")}.
     */
    public static MockEnvironment load(String... files) {
        MockEnvironment environment = new MockEnvironment();
        Arrays.stream(files).flatMap(ConfigurationFiles::sources).forEach(environment.getPropertySources()::addFirst);
        return environment;
    }

    /** Every value written in the file, unresolved (placeholders as written). */
    public static Stream<String> rawValues(String file) {
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
