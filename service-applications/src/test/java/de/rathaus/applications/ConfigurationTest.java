package de.rathaus.applications;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import de.rathaus.applications.document.DocumentProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.unit.DataSize;

/** The base configuration is production's; development values live in the local profile only. */
class ConfigurationTest {

    static Map<String, Object> yaml(String file) throws IOException {
        EnumerablePropertySource<?> source = (EnumerablePropertySource<?>) new YamlPropertySourceLoader()
                .load(file, new ClassPathResource(file)).get(0);
        Map<String, Object> properties = new java.util.TreeMap<>();
        for (String name : source.getPropertyNames()) {
            properties.put(name, String.valueOf(source.getProperty(name)));
        }
        return properties;
    }

    @Test
    void theBaseConfigurationHoldsNoDevelopmentValue() throws IOException {
        Map<String, Object> base = yaml("application.yml");

        assertThat(base).doesNotContainKeys("spring.datasource.url", "spring.datasource.username",
                "spring.datasource.password", "spring.kafka.bootstrap-servers", "rathaus.security.issuer-uri",
                "rathaus.applications.documents.directory");
        assertThat(base.values()).noneMatch(v -> String.valueOf(v).contains("localhost"))
                .noneMatch(v -> String.valueOf(v).contains("tmpdir"));
    }

    @Test
    void theLocalProfileHasTheDeveloperMachinesDatabaseBrokerAndDirectory() throws IOException {
        Map<String, Object> local = yaml("application-local.yml");

        assertThat(local).containsEntry("spring.datasource.url", "jdbc:postgresql://localhost:5432/rathaus_applications")
                .containsEntry("spring.kafka.bootstrap-servers", "localhost:9092")
                .containsEntry("rathaus.applications.documents.directory", "${java.io.tmpdir}/rathaus-documents");
    }

    @Test
    void documentsNeedADirectoryAndHaveTheirDefaultsOnce() {
        Binder none = new Binder(new MapConfigurationPropertySource(Map.of()));
        assertThatThrownBy(() -> none.bindOrCreate("rathaus.applications.documents", DocumentProperties.class))
                .hasStackTraceContaining("rathaus.applications.documents.directory");

        DocumentProperties documents = new Binder(new MapConfigurationPropertySource(
                Map.of("rathaus.applications.documents.directory", "/srv/rathaus/documents")))
                .bindOrCreate("rathaus.applications.documents", DocumentProperties.class);
        assertThat(documents.directory()).isEqualTo(Path.of("/srv/rathaus/documents"));
        assertThat(documents.maxSize()).isEqualTo(DataSize.ofMegabytes(10));
        assertThat(documents.allowedTypes()).isEqualTo(List.of("application/pdf", "image/jpeg", "image/png"));
    }
}
