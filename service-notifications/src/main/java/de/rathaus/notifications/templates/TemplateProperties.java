package de.rathaus.notifications.templates;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code rathaus.notifications.templates.*}.
 *
 * @param portalUrl the citizen portal, for links in messages ({@code ${portalUrl}}); no default, it comes from the
 *                  environment ({@code application.yml}) or the local profile
 */
@ConfigurationProperties("rathaus.notifications.templates")
public record TemplateProperties(String portalUrl) {
}
