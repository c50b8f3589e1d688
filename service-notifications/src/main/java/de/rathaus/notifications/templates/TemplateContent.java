package de.rathaus.notifications.templates;

/** The parts of a notification template (FreeMarker sources). {@code html} and {@code sms} are optional. */
public record TemplateContent(String subject, String text, String html, String sms) {
}
