package de.rathaus.notifications.delivery;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * The SMS provider of development and tests (property {@code rathaus.notifications.sms.provider=simulated}, set by
 * the local profile): keeps the messages in memory (newest 1,000) and reports their delivery shortly after, like a real
 * gateway's callback. Rules: a number that is no E.164 number ({@code +} and 8–15 digits) is rejected at once;
 * a number ending in {@code 0000} is accepted and then reported FAILED ("unknown subscriber"); every other number
 * is reported DELIVERED.
 */
public class SimulatedSmsProvider implements SmsProvider, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SimulatedSmsProvider.class);
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

    public record Sms(String id, String to, String text) {
    }

    private final List<Sms> sent = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService reports = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "sms-simulator-reports");
        thread.setDaemon(true);
        return thread;
    });
    private final SmsDeliveryReports callback;

    public SimulatedSmsProvider(SmsDeliveryReports callback) {
        this.callback = callback;
    }

    @Override
    public String send(String phoneNumber, String text) {
        if (phoneNumber == null || !E164.matcher(phoneNumber).matches()) {
            throw new RejectedException("not an E.164 mobile number");
        }
        Sms sms = new Sms(UUID.randomUUID().toString(), phoneNumber, text);
        sent.add(sms);
        if (sent.size() > 1_000) {
            sent.remove(0);
        }
        log.info("Simulated SMS {} to {}: {}", sms.id(), phoneNumber, text);
        reports.schedule(() -> {
            if (phoneNumber.endsWith("0000")) {
                callback.failed(sms.id(), "unknown subscriber");
            } else {
                callback.delivered(sms.id());
            }
        }, 200, TimeUnit.MILLISECONDS);
        return sms.id();
    }

    public List<Sms> sent() {
        return List.copyOf(sent);
    }

    @Override
    public void destroy() {
        reports.shutdownNow();
    }
}
