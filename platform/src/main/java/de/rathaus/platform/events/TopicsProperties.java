package de.rathaus.platform.events;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Topics this service owns (created at start) and the topics it consumes (each gets a dead-letter topic
 * {@code <topic>.<consumer group>.dlt}).
 */
@ConfigurationProperties("rathaus.kafka")
public record TopicsProperties(List<Topic> topics, List<String> consumedTopics, Integer deadLetterPartitions) {

    public TopicsProperties {
        topics = topics == null ? List.of() : topics;
        consumedTopics = consumedTopics == null ? List.of() : consumedTopics;
        deadLetterPartitions = deadLetterPartitions == null ? 1 : deadLetterPartitions;
    }

    public record Topic(String name, Integer partitions, Short replicas, Duration retention) {
        public Topic {
            partitions = partitions == null ? 6 : partitions;
            replicas = replicas == null ? 1 : replicas;
            retention = retention == null ? Duration.ofDays(7) : retention;
        }
    }

    public static String deadLetterTopic(String topic, String groupId) {
        return topic + "." + groupId + ".dlt";
    }
}
