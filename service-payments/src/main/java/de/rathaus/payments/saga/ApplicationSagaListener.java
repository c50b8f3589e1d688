package de.rathaus.payments.saga;

import de.rathaus.contracts.events.EventTypes;
import de.rathaus.contracts.events.FeeDue;
import de.rathaus.contracts.events.RefundRequested;
import de.rathaus.contracts.events.Topics;
import de.rathaus.payments.payment.PaymentService;
import de.rathaus.payments.refund.RefundService;
import de.rathaus.platform.events.CloudEventExtensions;
import de.rathaus.platform.events.EventData;
import de.rathaus.platform.events.IdempotentConsumer;
import io.cloudevents.CloudEvent;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * The payments side of the application saga: FeeDue creates the payment, RefundRequested refunds the application's
 * succeeded payment. One listener for the topic (one consumer group, so every partition reaches it), translating
 * service-applications' events into the use cases of the payment and refund features. Each event is handled at most
 * once ({@link IdempotentConsumer}); a second FeeDue or RefundRequested with a new event id is harmless too (one live
 * payment per application; the refund guard).
 */
@Component
class ApplicationSagaListener {


    private final IdempotentConsumer consumer;
    private final EventData data;
    private final PaymentService payments;
    private final RefundService refunds;

    ApplicationSagaListener(IdempotentConsumer consumer, EventData data, PaymentService payments, RefundService refunds) {
        this.consumer = consumer;
        this.data = data;
        this.payments = payments;
        this.refunds = refunds;
    }

    @KafkaListener(topics = Topics.APPLICATIONS)
    void on(CloudEvent event) {
        if (EventTypes.FEE_DUE.equals(event.getType())) {
            consumer.handle("payments.fee-due", event, e ->
                    payments.createForFee(data.read(e, FeeDue.class), CloudEventExtensions.tenant(e)));
        } else if (EventTypes.REFUND_REQUESTED.equals(event.getType())) {
            consumer.handle("payments.refund-requested", event, e ->
                    refunds.refundForApplication(data.read(e, RefundRequested.class), CloudEventExtensions.tenant(e)));
        }
    }
}
