package de.rathaus.appointments.guest;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** E-mail addresses of guests; they never leave this service except to service-notifications (system role). */
@Repository
class GuestContacts {

    record GuestContact(UUID id, String tenant, String email, String language) {
    }

    private final JdbcClient jdbc;

    GuestContacts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    UUID insert(String tenant, String email, String language, Instant now) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into guest_contact (id, tenant, email, language, created_at) values (:id, :tenant, :email, :language, :now)")
                .param("id", id).param("tenant", tenant).param("email", email.trim()).param("language", language)
                .param("now", Timestamp.from(now)).update();
        return id;
    }

    Optional<GuestContact> find(UUID id) {
        return jdbc.sql("select id, tenant, email, language from guest_contact where id = :id")
                .param("id", id).query(GuestContact.class).optional();
    }
}
