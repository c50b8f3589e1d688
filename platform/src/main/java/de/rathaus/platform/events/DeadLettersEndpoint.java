package de.rathaus.platform.events;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;

/**
 * The {@code deadletters} actuator endpoint, for operators (realm role {@code operator}) on the management side of
 * a service, never through the gateway: {@code GET /actuator/deadletters} lists the consumer's dead-letter topics
 * with the records waiting in each, {@code POST /actuator/deadletters/{topic}} redrives the dead letters of the
 * consumer of {@code topic} ({@link DeadLetters}).
 */
@Endpoint(id = DeadLettersEndpoint.ID)
public class DeadLettersEndpoint {

    public static final String ID = "deadletters";

    private final DeadLetters deadLetters;

    public DeadLettersEndpoint(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    @ReadOperation
    public Map<String, List<DeadLetters.Topic>> topics() {
        return Map.of("topics", deadLetters.topics());
    }

    @WriteOperation
    public WebEndpointResponse<Map<String, Object>> redrive(@Selector String topic) {
        int redriven = deadLetters.redrive(topic);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("topic", topic);
        if (redriven < 0) {
            body.put("detail", "This service has no dead-letter topic for " + topic + ".");
            return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_NOT_FOUND);
        }
        body.put("redriven", redriven);
        return new WebEndpointResponse<>(body, WebEndpointResponse.STATUS_OK);
    }
}
