package de.rathaus.applications.catalog;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One version of a service of a municipality's catalog. Applications keep the version they were filed under. */
public record ServiceType(String tenant, String key, int version, String leikaKey, String nameDe, String nameEn,
                          Map<String, Object> formSchema, List<String> requiredDocuments, FeeRule feeRule,
                          int processingDays, boolean deemedApproval, String orgUnit, boolean appointmentRequired,
                          int retentionDays, Instant publishedAt) {

    public String getName() {
        return nameDe;
    }

    public long getFeeAmountCents() {
        return feeRule.displayAmountCents();
    }
}
