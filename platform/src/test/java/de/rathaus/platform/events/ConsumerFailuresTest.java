package de.rathaus.platform.events;

import static org.assertj.core.api.Assertions.assertThat;

import de.rathaus.platform.web.InvalidInputException;
import java.net.ConnectException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaHeaders;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

class ConsumerFailuresTest {

    static RuntimeException inListener(Throwable cause) {
        return new ListenerExecutionFailedException("Listener method threw", cause);
    }

    @Test
    void anUnreachableOrOverloadedDatabaseIsTransient() {
        assertThat(ConsumerFailures.isTransient(inListener(new CannotCreateTransactionException("Could not open JDBC Connection",
                new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001"))))).isTrue();
        assertThat(ConsumerFailures.isTransient(inListener(new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
                new SQLException("Connection refused", "08001"))))).isTrue();
        assertThat(ConsumerFailures.isTransient(inListener(new TransactionSystemException("Could not commit",
                new SQLException("An I/O error occurred while sending to the backend", "08006"))))).isTrue();
        assertThat(ConsumerFailures.isTransient(inListener(new SQLException("terminating connection due to administrator command", "57P01"))))
                .isTrue();
        assertThat(ConsumerFailures.isTransient(inListener(new SQLException("too many connections", "53300")))).isTrue();
        assertThat(ConsumerFailures.isTransient(inListener(new QueryTimeoutException("statement timeout")))).isTrue();
        assertThat(ConsumerFailures.isTransient(inListener(new IllegalStateException("call failed", new ConnectException())))).isTrue();
    }

    @Test
    void wrongRecordsAndBugsAreNotTransient() {
        assertThat(ConsumerFailures.isTransient(inListener(new IllegalArgumentException("currency USD")))).isFalse();
        assertThat(ConsumerFailures.isTransient(inListener(new InvalidInputException("amount", "must be positive")))).isFalse();
        assertThat(ConsumerFailures.isTransient(inListener(new DataIntegrityViolationException("duplicate key",
                new SQLException("duplicate key value", "23505"))))).isFalse();
        assertThat(ConsumerFailures.isTransient(inListener(new NullPointerException()))).isFalse();
    }

    @Test
    void aRedrivenRecordGoesBackToItsPartitionWithoutTheDeadLetterHeaders() {
        ConsumerRecord<byte[], byte[]> dead = new ConsumerRecord<>("rathaus.applications.v1.rathaus.payments.dlt", 0, 17,
                "key".getBytes(StandardCharsets.UTF_8), "{}".getBytes(StandardCharsets.UTF_8));
        dead.headers().add("ce_id", "event-1".getBytes(StandardCharsets.UTF_8));
        dead.headers().add(KafkaHeaders.DLT_EXCEPTION_MESSAGE, "currency USD".getBytes(StandardCharsets.UTF_8));
        dead.headers().add(KafkaHeaders.DLT_ORIGINAL_PARTITION, ByteBuffer.allocate(4).putInt(4).array());

        ProducerRecord<byte[], byte[]> back = DeadLetters.backToOrigin(dead, "rathaus.applications.v1", 6);

        assertThat(back.topic()).isEqualTo("rathaus.applications.v1");
        assertThat(back.partition()).isEqualTo(4);
        assertThat(back.key()).isEqualTo(dead.key());
        assertThat(back.value()).isEqualTo(dead.value());
        assertThat(back.headers().lastHeader("ce_id").value()).isEqualTo("event-1".getBytes(StandardCharsets.UTF_8));
        assertThat(back.headers().lastHeader(KafkaHeaders.DLT_EXCEPTION_MESSAGE)).isNull();
        assertThat(new String(back.headers().lastHeader(DeadLetters.REDRIVEN_FROM).value(), StandardCharsets.UTF_8))
                .isEqualTo("rathaus.applications.v1.rathaus.payments.dlt/0/17");
        assertThat(DeadLetters.backToOrigin(dead, "rathaus.applications.v1", 3).partition())
                .as("a partition the topic no longer has: by key").isNull();
    }
}
