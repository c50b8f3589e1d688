package de.rathaus.notifications.delivery;

import de.rathaus.notifications.templates.Rendered;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import jakarta.mail.internet.MimeMessage;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;

/** E-mail over SMTP (GreenMail locally, the municipality's relay in production): text and HTML alternatives, an .ics if given. */
@Component
class EmailSender {

    /** The recipient's server refused the address: final, the notification is BOUNCED. */
    static class BouncedException extends RuntimeException {
        BouncedException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final JavaMailSender mail;
    private final String from;

    EmailSender(JavaMailSender mail, DispatchProperties props) {
        this.mail = mail;
        this.from = props.mailFrom();
    }

    void send(UUID notificationId, String to, Rendered rendered, Optional<byte[]> ics) {
        MimeMessage message = mail.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, "UTF-8");
            helper.setFrom(from);
            helper.setTo(to);
            helper.setSubject(rendered.subject());
            helper.setText(rendered.text(), rendered.html());
            if (ics.isPresent()) {
                helper.addAttachment("termin.ics", new ByteArrayResource(ics.get()), "text/calendar; charset=UTF-8");
            }
            message.setHeader("X-Rathaus-Notification-Id", notificationId.toString());
        } catch (MessagingException e) {
            throw new BouncedException("the message cannot be built: " + e.getMessage(), e);
        }
        try {
            mail.send(message);
        } catch (MailSendException e) {
            for (Exception failed : e.getFailedMessages().values()) {
                if (failed instanceof SendFailedException refused && refused.getInvalidAddresses() != null
                        && refused.getInvalidAddresses().length > 0) {
                    throw new BouncedException("recipient refused: " + refused.getMessage(), e);
                }
            }
            throw e;
        }
    }
}
