package de.rathaus.notifications.delivery;

import de.rathaus.notifications.events.ReceivedEvent;
import de.rathaus.notifications.templates.Rendered;
import de.rathaus.notifications.templates.TemplateContent;
import de.rathaus.notifications.templates.TemplateRenderException;
import de.rathaus.notifications.templates.Templates;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Renders an event with the template in force; a municipality's template that fails on this event falls back to the shipped one. */
@Component
class NotificationRenderer {

    private static final Logger log = LoggerFactory.getLogger(NotificationRenderer.class);
    private final Templates templates;

    NotificationRenderer(Templates templates) {
        this.templates = templates;
    }

    Optional<Rendered> render(ReceivedEvent event, String language, Map<String, Object> extraData) {
        Map<String, Object> meta = meta(event);
        Map<String, Object> data = event.data();
        if (!extraData.isEmpty()) {
            data = new HashMap<>(data);
            data.putAll(extraData);
        }
        Optional<TemplateContent> template = templates.effective(event.tenant(), event.type(), language);
        if (template.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(templates.render(template.get(), data, meta, language));
        } catch (TemplateRenderException e) {
            log.warn("Template for {} ({}, {}) failed on event {}: {}; using the shipped one", event.type(), event.tenant(), language,
                    event.id(), e.getMessage());
            try {
                return Optional.of(templates.defaultRender(event.type(), language, data, meta));
            } catch (TemplateRenderException again) {
                log.error("Shipped template for {} ({}) failed on event {}: {}", event.type(), language, event.id(), again.getMessage());
                return Optional.empty();
            }
        }
    }

    static Map<String, Object> meta(ReceivedEvent event) {
        Map<String, Object> meta = new HashMap<>();
        meta.put("id", event.id());
        meta.put("type", event.type());
        meta.put("subject", event.subject() == null ? "" : event.subject());
        meta.put("tenant", event.tenant());
        meta.put("time", event.time() == null ? "" : event.time().toString());
        return meta;
    }
}
