package de.rathaus.notifications.events;

/**
 * What a feature does with a consumed domain event: the inbox, e-mail and SMS planning, and the webhook fan-out each
 * implement it, so that the listener knows none of them. Every handler runs in the consuming transaction, together
 * with the processed-event mark (a failing handler rolls the event back for a retry), in their {@code @Order}.
 */
public interface ReceivedEventHandler {

    void handle(ReceivedEvent event);
}
