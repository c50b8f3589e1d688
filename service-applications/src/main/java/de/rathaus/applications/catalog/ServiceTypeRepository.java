package de.rathaus.applications.catalog;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ServiceTypeRepository {

    private final JdbcClient jdbc;

    ServiceTypeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<ServiceType> findByTenant(String tenant) {
        return jdbc.sql("select tenant, key, name, fee_amount_cents from service_type where tenant = :tenant order by name")
                .param("tenant", tenant)
                .query(ServiceType.class)
                .list();
    }

    public Optional<ServiceType> find(String tenant, String key) {
        return jdbc.sql("select tenant, key, name, fee_amount_cents from service_type where tenant = :tenant and key = :key")
                .param("tenant", tenant)
                .param("key", key)
                .query(ServiceType.class)
                .optional();
    }
}
