package de.rathaus.payments.payment;

import de.rathaus.contracts.events.ApplicationSubmitted;
import de.rathaus.platform.events.CloudEventExtensions;
import de.rathaus.platform.events.EventData;
import de.rathaus.platform.events.IdempotentConsumer;
import io.cloudevents.CloudEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/** ApplicationSubmitted with a fee: a payment request is created, exactly once per event and per application. */
@Component
class FeeRequestListener {

    static final String APPLICATION_SUBMITTED = "de.rathaus.applications.ApplicationSubmitted.v1";

    private final IdempotentConsumer consumer;
    private final EventData data;
    private final PaymentService payments;

    FeeRequestListener(IdempotentConsumer consumer, EventData data, PaymentService payments) {
        this.consumer = consumer;
        this.data = data;
        this.payments = payments;
    }

    @KafkaListener(topics = "rathaus.applications.v1")
    void on(CloudEvent event) {
        if (!APPLICATION_SUBMITTED.equals(event.getType())) {
            return;
        }
        consumer.handle("payments.fee-requests", event, e ->
                payments.requestFee(data.read(e, ApplicationSubmitted.class), CloudEventExtensions.tenant(e)));
    }
}
