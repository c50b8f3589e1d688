package de.rathaus.notifications.templates;

/** A rendered notification: subject (also the inbox title), text (also the inbox body), HTML and SMS text. */
public record Rendered(String subject, String text, String html, String sms) {
}
