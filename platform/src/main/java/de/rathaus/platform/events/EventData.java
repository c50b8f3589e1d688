package de.rathaus.platform.events;

import io.cloudevents.CloudEvent;
import tools.jackson.databind.json.JsonMapper;

/** Reads the JSON payload of a CloudEvent into its generated payload class. */
public class EventData {

    private final JsonMapper json;

    public EventData(JsonMapper json) {
        this.json = json;
    }

    public <T> T read(CloudEvent event, Class<T> type) {
        if (event.getData() == null) {
            throw new IllegalArgumentException("Event " + event.getId() + " of type " + event.getType() + " has no data");
        }
        return json.readValue(event.getData().toBytes(), type);
    }
}
