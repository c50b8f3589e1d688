package de.rathaus.notifications.templates;

import java.time.Instant;

/** A template in force or a saved version: the shipped default ({@code version} null) or a municipality's version. */
public record StoredTemplate(String eventType, String language, boolean tenantOwned, Integer version, TemplateContent content,
                             String createdBy, Instant createdAt) {
}
