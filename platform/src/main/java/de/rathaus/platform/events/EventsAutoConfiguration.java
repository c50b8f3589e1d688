package de.rathaus.platform.events;

import io.cloudevents.CloudEvent;
import io.cloudevents.kafka.CloudEventDeserializer;
import io.cloudevents.kafka.CloudEventSerializer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaConsumerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.kafka.support.serializer.ErrorHandlingDeserializer;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The event backbone of a service: CloudEvents (binary mode) on Kafka, the transactional outbox with its relay,
 * idempotent consumption that retries transient failures until they pass and dead-letters poison records, the
 * redrive of dead letters, and the topics the service declares.
 */
@AutoConfiguration(after = KafkaAutoConfiguration.class)
@EnableConfigurationProperties({OutboxProperties.class, TopicsProperties.class, ConsumerRetryProperties.class})
public class EventsAutoConfiguration {

    /** Producer: keys are aggregate ids; values are CloudEvents, or raw bytes when dead-lettering unreadable records. */
    @Bean
    DefaultKafkaProducerFactoryCustomizer rathausCloudEventsProducer() {
        return factory -> {
            Map<String, Object> reliable = new LinkedHashMap<>();
            reliable.put(ProducerConfig.ACKS_CONFIG, "all");
            reliable.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            reliable.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            reliable.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            // the relay thread must not hang while the broker is away; it retries the round itself
            reliable.putIfAbsent(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
            reliable.putIfAbsent(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
            reliable.putIfAbsent(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 8_000);
            factory.updateConfigs(reliable);
            @SuppressWarnings("unchecked")
            DefaultKafkaProducerFactory<String, Object> typed = (DefaultKafkaProducerFactory<String, Object>) factory;
            typed.setKeySerializer(new StringSerializer());
            typed.setValueSerializer(cloudEventOrBytesSerializer());
        };
    }

    private static Serializer<Object> cloudEventOrBytesSerializer() {
        CloudEventSerializer cloudEvents = new CloudEventSerializer();
        cloudEvents.configure(Map.of(), false);
        Map<Class<?>, Serializer<?>> delegates = new LinkedHashMap<>();
        delegates.put(CloudEvent.class, cloudEvents);
        delegates.put(byte[].class, new ByteArraySerializer());
        return new DelegatingByTypeSerializer(delegates, true);
    }

    /** Consumer: CloudEvents; a record that is no CloudEvent is handed to the error handler, not retried forever. */
    @Bean
    DefaultKafkaConsumerFactoryCustomizer rathausCloudEventsConsumer() {
        return factory -> {
            @SuppressWarnings("unchecked")
            DefaultKafkaConsumerFactory<String, CloudEvent> typed = (DefaultKafkaConsumerFactory<String, CloudEvent>) factory;
            typed.setKeyDeserializer(new StringDeserializer());
            typed.setValueDeserializer(new ErrorHandlingDeserializer<>(new CloudEventDeserializer()));
        };
    }

    /**
     * The partitions held up by a transiently failing record: health indicator {@code kafkaConsumers}, told by the
     * error handler about failures and by the listener containers about successes (Boot's container factory takes
     * it as the record interceptor).
     */
    @Bean
    ConsumerRetries kafkaConsumers(Clock clock) {
        return new ConsumerRetries(clock);
    }

    /**
     * Transient failures are retried until they pass, poison records go to {@code <topic>.<group>.dlt} at once, other
     * failures after {@code rathaus.kafka.retry.attempts} retries, with the exception in the headers
     * ({@link ConsumerFailures}).
     */
    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler rathausErrorHandler(KafkaTemplate<?, ?> template, KafkaProperties kafka, Environment environment,
                                            ConsumerRetryProperties retry, ConsumerRetries retries) {
        @SuppressWarnings("unchecked")
        KafkaTemplate<Object, Object> dlt = (KafkaTemplate<Object, Object>) template;
        String groupId = consumerGroup(kafka, environment);
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(dlt,
                (record, ex) -> new TopicPartition(TopicsProperties.deadLetterTopic(record.topic(), groupId), -1));
        return ConsumerFailures.errorHandler(recoverer, retry, retries);
    }

    /** The consumer's dead letters and their redrive; the actuator endpoint {@code deadletters} for operators. */
    @Bean
    DeadLetters rathausDeadLetters(ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers, KafkaProperties kafka,
                                   Environment environment) {
        return new DeadLetters(consumers.getConfigurationProperties(), producers.getConfigurationProperties(),
                consumerGroup(kafka, environment), Duration.ofMinutes(2));
    }

    @Bean
    @ConditionalOnAvailableEndpoint
    DeadLettersEndpoint rathausDeadLettersEndpoint(DeadLetters deadLetters) {
        return new DeadLettersEndpoint(deadLetters);
    }

    /** Gauge {@code rathaus.kafka.consumer.retrying}: partitions held up by a transiently failing record. */
    @Bean
    MeterBinder rathausConsumerRetriesGauge(ConsumerRetries retries) {
        return registry -> Gauge.builder("rathaus.kafka.consumer.retrying", retries, ConsumerRetries::retryingPartitions)
                .description("Partitions whose consumer retries a record that fails transiently")
                .register(registry);
    }

    /** The service's consumer group: {@code spring.kafka.consumer.group-id}, else the application name. */
    static String consumerGroup(KafkaProperties kafka, Environment environment) {
        String groupId = kafka.getConsumer().getGroupId();
        return groupId != null ? groupId : environment.getRequiredProperty("spring.application.name");
    }

    @Bean
    KafkaAdmin.NewTopics rathausTopics(TopicsProperties props, KafkaProperties kafka, Environment environment) {
        String groupId = consumerGroup(kafka, environment);
        List<NewTopic> topics = new ArrayList<>();
        for (TopicsProperties.Topic topic : props.topics()) {
            topics.add(new NewTopic(topic.name(), topic.partitions(), topic.replicas())
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(topic.retention().toMillis()))));
        }
        for (String consumed : props.consumedTopics()) {
            topics.add(new NewTopic(TopicsProperties.deadLetterTopic(consumed, groupId), props.deadLetterPartitions(), (short) 1)
                    .configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, String.valueOf(Duration.ofDays(30).toMillis()))));
        }
        return new KafkaAdmin.NewTopics(topics.toArray(NewTopic[]::new));
    }

    @Bean
    FlywayConfigurationCustomizer rathausPlatformMigrations() {
        return configuration -> {
            List<String> locations = new ArrayList<>();
            for (org.flywaydb.core.api.Location location : configuration.getLocations()) {
                locations.add(location.getDescriptor());
            }
            locations.add("classpath:db/platform");
            configuration.locations(locations.toArray(String[]::new));
        };
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Bean
    @SuppressWarnings("unchecked")
    OutboxRelay outboxRelay(JdbcClient jdbc, TransactionTemplate tx, KafkaTemplate<?, ?> template, KafkaAdmin admin,
                            OutboxProperties props, Clock clock) {
        return new OutboxRelay(jdbc, tx, (KafkaTemplate<String, Object>) template, admin, props, clock);
    }

    @Bean
    EventOutbox eventOutbox(JdbcClient jdbc, JsonMapper json, OutboxProperties props, Clock clock, OutboxRelay relay) {
        return new EventOutbox(jdbc, json, props.source(), clock, relay::wakeUp);
    }

    @Bean
    IdempotentConsumer idempotentConsumer(JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        return new IdempotentConsumer(jdbc, tx, clock);
    }

    @Bean
    EventData eventData(JsonMapper json) {
        return new EventData(json);
    }
}
