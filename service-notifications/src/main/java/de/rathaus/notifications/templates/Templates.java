package de.rathaus.notifications.templates;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import de.rathaus.notifications.events.EventCatalog;
import de.rathaus.platform.web.InvalidInputException;
import de.rathaus.platform.web.NotFoundException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Which template is in force for a municipality, event type and language (the municipality's latest version, else
 * the shipped one, else the German one), saving new versions after validation, and rendering.
 */
@Service
public class Templates {

    private final DefaultTemplates defaults;
    private final TemplateRepository repository;
    private final TemplateEngine engine;
    private final Clock clock;
    private final String portalUrl;
    /** Overrides change rarely and are read per event: remembered briefly, dropped on save in this instance. */
    private final Cache<String, Optional<StoredTemplate>> overrides = Caffeine.newBuilder()
            .maximumSize(10_000).expireAfterWrite(Duration.ofSeconds(30)).build();

    Templates(DefaultTemplates defaults, TemplateRepository repository, TemplateEngine engine, Clock clock,
              TemplateProperties props) {
        this.defaults = defaults;
        this.repository = repository;
        this.engine = engine;
        this.clock = clock;
        this.portalUrl = props.portalUrl();
    }

    /** The template in force, if citizens are told about this event type at all. */
    public Optional<TemplateContent> effective(String tenant, String eventType, String language) {
        return override(tenant, eventType, language).map(StoredTemplate::content)
                .or(() -> defaults.exact(eventType, language))
                .or(() -> Languages.EASY_GERMAN.equals(language) ? override(tenant, eventType, Languages.DE).map(StoredTemplate::content) : Optional.empty())
                .or(() -> defaults.find(eventType, language));
    }

    public Rendered render(TemplateContent content, Map<String, Object> data, Map<String, Object> event, String language) {
        return engine.render(content, data, event, language, Map.of("portalUrl", portalUrl));
    }

    public Rendered defaultRender(String eventType, String language, Map<String, Object> data, Map<String, Object> event) {
        return render(defaults.find(eventType, language).orElseThrow(), data, event, language);
    }

    private Optional<StoredTemplate> override(String tenant, String eventType, String language) {
        return overrides.get(tenant + "|" + eventType + "|" + language, k -> repository.latest(tenant, eventType, language));
    }

    // ---------------------------------------------------------------- administration

    public List<StoredTemplate> list(String tenant) {
        List<StoredTemplate> result = new ArrayList<>();
        Map<String, StoredTemplate> own = new java.util.HashMap<>();
        repository.latestOfTenant(tenant).forEach(t -> own.put(t.eventType() + "|" + t.language(), t));
        for (String type : defaults.eventTypes()) {
            for (String language : Languages.ALL) {
                StoredTemplate mine = own.remove(type + "|" + language);
                if (mine != null) {
                    result.add(mine);
                } else {
                    defaults.exact(type, language).ifPresent(c -> result.add(new StoredTemplate(type, language, false, null, c, null, null)));
                }
            }
        }
        result.addAll(own.values());
        result.sort(Comparator.comparing(StoredTemplate::eventType).thenComparing(StoredTemplate::language));
        return result;
    }

    public StoredTemplate get(String tenant, String eventType, String language) {
        check(eventType, language);
        return repository.latest(tenant, eventType, language)
                .or(() -> defaults.find(eventType, language).map(c -> new StoredTemplate(eventType, language, false, null, c, null, null)))
                .orElseThrow(() -> new NotFoundException("There is no template for %s in %s.".formatted(eventType, language)));
    }

    public List<StoredTemplate> versions(String tenant, String eventType, String language) {
        check(eventType, language);
        return repository.versions(tenant, eventType, language);
    }

    @Transactional
    public StoredTemplate save(String tenant, String eventType, String language, TemplateContent content, String by) {
        check(eventType, language);
        validate(eventType, language, content);
        StoredTemplate saved = repository.insertNextVersion(tenant, eventType, language, content, by, clock.instant());
        overrides.invalidate(tenant + "|" + eventType + "|" + language);
        return saved;
    }

    public Rendered preview(String tenant, String eventType, String language, TemplateContent content, Map<String, Object> data) {
        check(eventType, language);
        TemplateContent template = content != null ? content : get(tenant, eventType, language).content();
        Map<String, Object> model = data == null || data.isEmpty() ? SampleData.payload() : data;
        try {
            return render(template, model, SampleData.event(eventType), language);
        } catch (TemplateRenderException e) {
            throw new InvalidInputException(e.part(), e.getMessage());
        }
    }

    /** Parses every part and renders it with the sample data: a template saved here renders for real events. */
    private void validate(String eventType, String language, TemplateContent content) {
        try {
            engine.compile(content);
            render(content, SampleData.payload(), SampleData.event(eventType), language);
        } catch (TemplateRenderException e) {
            throw new InvalidInputException(e.part(), e.getMessage());
        }
    }

    private static void check(String eventType, String language) {
        if (!EventCatalog.isKnown(eventType)) {
            throw new NotFoundException("%s is no event type of the catalog.".formatted(eventType));
        }
        if (!Languages.isSupported(language)) {
            throw new NotFoundException("Language %s is not supported (de, en, de-x-leichte-sprache).".formatted(language));
        }
    }
}
