package de.rathaus.notifications.templates;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** The shipped templates, {@code notification-templates/<language>.yaml}: one entry per event type. */
@Component
public class DefaultTemplates {

    private final Map<String, Map<String, TemplateContent>> byLanguage = new HashMap<>();

    public DefaultTemplates(TemplateEngine engine) {
        for (String language : Languages.ALL) {
            Map<String, TemplateContent> templates = load(language);
            templates.forEach((type, content) -> {
                try {
                    // a shipped template that cannot render the catalog's sample payload is a build defect
                    engine.render(content, SampleData.payload(), SampleData.event(type), language, Map.of());
                } catch (TemplateRenderException e) {
                    throw new IllegalStateException("Shipped template " + type + "/" + language + ": " + e.getMessage(), e);
                }
            });
            byLanguage.put(language, templates);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, TemplateContent> load(String language) {
        String resource = "notification-templates/" + language + ".yaml";
        try (InputStream in = DefaultTemplates.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return Map.of();
            }
            Map<String, Map<String, String>> raw = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            Map<String, TemplateContent> templates = new HashMap<>();
            raw.forEach((type, parts) -> templates.put(type,
                    new TemplateContent(parts.get("subject"), parts.get("text"), parts.get("html"), parts.get("sms"))));
            return templates;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The shipped template in exactly this language. */
    public Optional<TemplateContent> exact(String eventType, String language) {
        return Optional.ofNullable(byLanguage.getOrDefault(language, Map.of()).get(eventType));
    }

    /** The shipped template in this language, else German (Leichte Sprache falls back to German). */
    public Optional<TemplateContent> find(String eventType, String language) {
        return exact(eventType, language).or(() -> exact(eventType, Languages.DE));
    }

    /** Event types citizens are told about (those with a German template). */
    public Set<String> eventTypes() {
        return new TreeSet<>(byLanguage.getOrDefault(Languages.DE, Map.of()).keySet());
    }
}
