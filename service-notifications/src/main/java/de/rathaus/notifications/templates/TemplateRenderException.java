package de.rathaus.notifications.templates;

/** A template that does not parse or cannot be rendered with the given data; the message names part and position. */
public class TemplateRenderException extends RuntimeException {

    private final String part;

    public TemplateRenderException(String part, String message, Throwable cause) {
        super(message, cause);
        this.part = part;
    }

    public String part() {
        return part;
    }
}
